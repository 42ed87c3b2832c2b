const BRAND: unique symbol = Symbol.for('@retailkit/core.RetailKitError') as never;

/**
 * True when `x` is a `RetailKitError` from any copy of `@retailkit/core` — the ESM and the CommonJS build of one
 * version, or two versions installed side by side — by a brand under a global symbol (`Symbol.for`), where
 * `instanceof` against one copy's class would miss errors made by the other. Narrows `x` so `x.code` is typed.
 *
 * @example
 * try { JSON.parse('{'); } catch (e) { isRetailKitError(e) } // false
 * isRetailKitError(new RetailKitError('INVALID_ARGUMENT', 'f: bad')) // true
 */
export function isRetailKitError(x: unknown): x is RetailKitError {
  return typeof x === 'object' && x !== null && (x as { [BRAND]?: unknown })[BRAND] === true;
}

/**
 * The one error base class of RetailKit. Every package throws `RetailKitError` (or a subclass) with a
 * stable string `code`, structured `details` (what was received, what is allowed), an optional `cause`,
 * and `retryable` for I/O failures that may succeed when tried again.
 *
 * Messages name the function, show the bad value and say how to fix it.
 *
 * @example
 * throw new RetailKitError('INVALID_ARGUMENT', 'apriori: minSupport must be in (0, 1] or a positive count; received 1.5. Pass a fraction such as 0.01.', {
 *   details: { received: 1.5, allowed: '(0, 1] or integer >= 1' },
 * });
 */
export class RetailKitError extends Error {
  /**
   * `x instanceof RetailKitError` is true for a RetailKitError made by any copy of `@retailkit/core` (the ESM and
   * the CommonJS build, or two installed versions), by the brand `isRetailKitError` checks. Subclasses keep the
   * ordinary prototype check.
   */
  static override [Symbol.hasInstance](x: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof was asked about (a subclass or not)
    return this === RetailKitError ? isRetailKitError(x) : Function.prototype[Symbol.hasInstance].call(this, x);
  }
  /** Stable, machine-readable code such as `INVALID_ARGUMENT` or `CSV_BAD_NUMBER`. */
  readonly code: string;
  /** Structured context: what was received, what is allowed, where it happened. */
  readonly details: Readonly<Record<string, unknown>>;
  /** True when the same call may succeed if retried (network blips, 5xx answers). */
  readonly retryable: boolean;

  constructor(
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RetailKitError';
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
    this.retryable = options.retryable ?? false;
  }

  /** The brand `isRetailKitError` checks (a global symbol, the same in every copy of core). */
  get [BRAND](): true {
    return true;
  }

  /** A JSON-friendly view (used by HTTP problem responses and CLI output). */
  toJSON(): { name: string; code: string; message: string; details: Record<string, unknown>; retryable: boolean } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      details: { ...this.details },
      retryable: this.retryable,
    };
  }
}

/**
 * The error codes core throws. Every package exports its codes in this one shape: a frozen object from a
 * camelCase name to the stable string code, each entry documented (`CLEANING_ERROR_CODES`, `RFM_ERROR_CODES`, …).
 */
export const CORE_ERROR_CODES = {
  /** An argument or option is outside its documented range (`invalidArgument`). */
  invalidArgument: 'INVALID_ARGUMENT',
  /** A column a function needs is absent from the frame or has the wrong type (`missingColumn`). */
  missingColumn: 'MISSING_COLUMN',
  /** Columns of one frame differ in length. */
  lengthMismatch: 'FRAME_LENGTH_MISMATCH',
  /** Frames to concatenate differ in column names or types. */
  schemaMismatch: 'FRAME_SCHEMA_MISMATCH',
  /** An artifact is not a well-formed envelope. */
  artifactInvalid: 'ARTIFACT_INVALID',
  /** An artifact was written by a newer release. */
  artifactVersion: 'ARTIFACT_VERSION',
  /** An artifact is of another kind than the loader expects. */
  artifactKind: 'ARTIFACT_KIND',
  /** An artifact was changed after it was sealed. */
  artifactChecksum: 'ARTIFACT_CHECKSUM',
} as const;

/** One of core's error codes. */
export type CoreErrorCode = (typeof CORE_ERROR_CODES)[keyof typeof CORE_ERROR_CODES];

/**
 * Shorthand for the most common error: a bad argument at a public entry point.
 *
 * @example
 * invalidArgument('take', 'indices', -1, 'integers in [0, length)') // RetailKitError INVALID_ARGUMENT
 */
export function invalidArgument(
  fn: string,
  name: string,
  received: unknown,
  allowed: string,
  fix?: string,
): RetailKitError {
  const shown = formatValue(received);
  const message = `${fn}: ${name} must be ${allowed}; received ${shown}.${fix ? ` ${fix}` : ''}`;
  return new RetailKitError('INVALID_ARGUMENT', message, {
    details: { function: fn, argument: name, received, allowed },
  });
}

/** Render a value for an error message: strings quoted, long values cut. */
export function formatValue(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    s = String(value);
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * The error for a column that a function needs and the frame does not have, or has with another type
 * (code `MISSING_COLUMN`). The message names the function, the column, what it is instead and the columns that
 * exist, and says how to fix it; `details` holds `{ function, column, expected, received, available }`.
 *
 * @example
 * missingColumn('buildBaskets', fromRows([{ invoice: '1' }]), 'invoiceNo', 'string').message
 * // 'buildBaskets: needs a string column "invoiceNo"; the frame has no such column (it has "invoice"). Map the source
 * //  columns to the canonical names first (readCsv does for the UCI headers).'
 */
export function missingColumn(
  fn: string,
  frame: { readonly columns: Readonly<Record<string, { readonly type: string }>> },
  name: string,
  expected: string,
): RetailKitError {
  const available = Object.keys(frame.columns);
  const actual = Object.hasOwn(frame.columns, name) ? frame.columns[name].type : null;
  const has = available.length ? available.map((c) => `"${c}"`).join(', ') : 'no columns';
  const what = actual === null ? `the frame has no such column (it has ${has})` : `it is a ${actual} column`;
  return new RetailKitError(
    CORE_ERROR_CODES.missingColumn,
    `${fn}: needs a ${expected} column "${name}"; ${what}. Map the source columns to the canonical names first (readCsv does for the UCI headers).`,
    { details: { function: fn, column: name, expected, received: actual, available } },
  );
}
