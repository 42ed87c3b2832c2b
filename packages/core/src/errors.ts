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
