import { RetailKitError } from '@retailkit/core';

/**
 * Stable error codes thrown by `@retailkit/connectors` (besides core's `INVALID_ARGUMENT`).
 * Retryable codes (network blips, 5xx answers, time-outs) carry `retryable: true`.
 */
export const CONNECTOR_ERROR_CODES = [
  'PG_START_FAILED',
  'PG_BINARIES_MISSING',
  'PG_QUERY_FAILED',
  'SQL_IDENTIFIER',
  'LOAD_SCHEMA_MISMATCH',
  'PARQUET_UNSUPPORTED',
  'ARROW_UNSUPPORTED',
  'LAKE_KEY',
  'LAKE_NOT_FOUND',
  'LAKE_IO',
  'LAKE_CHECKSUM',
  'HTTP_STATUS',
  'HTTP_TIMEOUT',
  'HTTP_TOO_LARGE',
  'HTTP_NETWORK',
  'SSRF_BLOCKED',
  'KAGGLE_CREDENTIALS',
  'ZIP_SLIP',
  'ZIP_BOMB',
  'BIGQUERY_FAILED',
  'WAREHOUSE_URI',
  'LAKE_URI',
] as const;

export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[number];

/** Build a connectors error; `retryable` marks failures that may succeed when tried again. */
export function connectorError(
  code: ConnectorErrorCode,
  message: string,
  options: { details?: Record<string, unknown>; cause?: unknown; retryable?: boolean } = {},
): RetailKitError {
  return new RetailKitError(code, message, options);
}

/**
 * Replace secrets in a text before it reaches an error message or a log: passwords in URLs
 * (`scheme://user:secret@host`), `password=…`/`key=…` pairs, bearer tokens and the explicit `secrets` given.
 *
 * @example
 * redact('postgres://u:hunter2@127.0.0.1/db') // 'postgres://u:***@127.0.0.1/db'
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(
      /\b(password|passwd|pwd|secret|key|token|access_key_id|secret_access_key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi,
      '$1$2***',
    )
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***');
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}
