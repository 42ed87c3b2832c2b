import { RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/connectors` throws, besides core's `INVALID_ARGUMENT` (a bad option) and
 * `MISSING_COLUMN` (a key or cursor column the data lacks). Failures that may succeed when tried again
 * (network blips, 5xx answers, time-outs, rate limits) carry `retryable: true`; the rest are terminal.
 *
 * @example
 * const err = await readCsv(join(dir, 'missing.csv')).catch((e) => e);
 * err.code === CONNECTOR_ERROR_CODES.sourceNotFound // true ('SOURCE_NOT_FOUND')
 */
export const CONNECTOR_ERROR_CODES = {
  /**
   * A function needs an optional peer dependency that is not installed (`pg`, `pg-copy-streams`,
   * `@aws-sdk/client-s3`, `@google-cloud/storage`, `@google-cloud/bigquery`, `@duckdb/node-api`); the message names the function and
   * the `npm install` command. Terminal.
   */
  driverMissing: 'CONNECTOR_DRIVER_MISSING',
  /** The CSV input has no header row. */
  csvEmpty: 'CSV_EMPTY',
  /** The CSV header row is malformed (an unterminated or misplaced quote). */
  csvBadHeader: 'CSV_BAD_HEADER',
  /** A CSV row with more or fewer fields than the header (with `onError: 'fail'`). */
  csvRaggedRow: 'CSV_RAGGED_ROW',
  /** A CSV value that does not parse as the column's number or integer type (with `onError: 'fail'`). */
  csvBadNumber: 'CSV_BAD_NUMBER',
  /** A CSV value that does not parse as a date in the column's order (with `onError: 'fail'`). */
  csvBadDate: 'CSV_BAD_DATE',
  /** A CSV value that is not a boolean of the column (with `onError: 'fail'`). */
  csvBadBoolean: 'CSV_BAD_BOOLEAN',
  /** A quoted CSV field that is never closed (with `onError: 'fail'`). */
  csvUnterminatedQuote: 'CSV_UNTERMINATED_QUOTE',
  /** Text after a closing quote in a CSV field (with `onError: 'fail'`). */
  csvBadQuote: 'CSV_BAD_QUOTE',
  /** A gzip stream that is corrupt or truncated. */
  csvGzip: 'CSV_GZIP',
  /**
   * The first line of a CSV record whose quoted field ran on over the next lines and that then failed to parse (with
   * `onError: 'fail'`; otherwise that line is quarantined as `stray-quote` and the next lines are read as records).
   */
  csvStrayQuote: 'CSV_STRAY_QUOTE',
  /** A CSV field (or a record still unfinished) over `maxFieldBytes`; thrown whatever `onError` says. */
  csvFieldTooLarge: 'CSV_FIELD_TOO_LARGE',
  /** A CSV header row over `maxFieldBytes`. */
  csvHeaderTooLarge: 'CSV_HEADER_TOO_LARGE',
  /** Input given as CSV that is a binary format (ZIP, XLSX, XLS, Parquet, Arrow, gzip inside gzip, …), by its signature. */
  csvBinaryInput: 'CSV_BINARY_INPUT',
  /** CSV input in an encoding the reader does not decode (UTF-32). */
  csvEncoding: 'CSV_ENCODING',
  /** No file at the path given to a reader. */
  sourceNotFound: 'SOURCE_NOT_FOUND',
  /** A file that exists but cannot be read (permissions, a folder, an I/O error). */
  sourceRead: 'SOURCE_READ',
  /** A PostgreSQL or Redshift statement or connection failed; retryable when no SQLSTATE came back (connection). */
  pgQueryFailed: 'PG_QUERY_FAILED',
  /** A table, schema or column name outside `[A-Za-z_][A-Za-z0-9_]{0,62}` (1,024 characters for BigQuery). */
  sqlIdentifier: 'SQL_IDENTIFIER',
  /** Batches of one load or Parquet file with different columns, or a table without the columns of the data. */
  loadSchemaMismatch: 'LOAD_SCHEMA_MISMATCH',
  /** A nested Parquet schema, or bytes that are not Parquet. */
  parquetUnsupported: 'PARQUET_UNSUPPORTED',
  /** An Arrow column of a nested or binary type, or bytes that are not Arrow IPC. */
  arrowUnsupported: 'ARROW_UNSUPPORTED',
  /** A lake key that is absolute, climbs out (`..`), or holds characters outside the allowed set. */
  lakeKey: 'LAKE_KEY',
  /** No object under that key in the lake. */
  lakeNotFound: 'LAKE_NOT_FOUND',
  /** A lake read or write failed; retryable for 5xx answers, rate limits and network errors. */
  lakeIo: 'LAKE_IO',
  /** An object's bytes do not match the checksum sent or stored (MD5, ETag, `x-goog-hash`); retryable. */
  lakeChecksum: 'LAKE_CHECKSUM',
  /** A lake URI that is neither a folder, `file://`, `s3://` nor `gs://` (`openLake`). */
  lakeUri: 'LAKE_URI',
  /** An HTTP answer that is not 2xx, or too many redirects; retryable for 5xx, 408 and 429. */
  httpStatus: 'HTTP_STATUS',
  /** No byte within the idle time limit, or the whole download over its total limit; retryable. */
  httpTimeout: 'HTTP_TIMEOUT',
  /** A body (after decompression) larger than `maxBytes`. */
  httpTooLarge: 'HTTP_TOO_LARGE',
  /** The connection failed or closed mid-body (and could not be resumed); retryable. */
  httpNetwork: 'HTTP_NETWORK',
  /** A host (or redirect target) that resolves to a private, loopback, link-local or reserved address. */
  ssrfBlocked: 'SSRF_BLOCKED',
  /** No Kaggle credentials in the environment or `kaggle.json`, or a malformed `kaggle.json`. */
  kaggleCredentials: 'KAGGLE_CREDENTIALS',
  /** A zip entry whose name would be written outside the target folder. */
  zipSlip: 'ZIP_SLIP',
  /** A zip over its entry-count, size or ratio limit (`details.limit`), or an entry inflating past its declared size. */
  zipBomb: 'ZIP_BOMB',
  /** Bytes given as a zip that are not one (`details.looksLike`, e.g. "an HTML page" for an error page). */
  zipNotZip: 'ZIP_NOT_ZIP',
  /** A truncated or corrupt zip: no end record, offsets outside the archive, an entry that does not inflate or fails its CRC. */
  zipCorrupt: 'ZIP_CORRUPT',
  /** A zip entry compressed with a method other than stored or deflate (bzip2 is 12), encrypted, or a spanned archive. */
  zipUnsupported: 'ZIP_UNSUPPORTED',
  /** Two zip entries with the same name (one would overwrite the other). */
  zipDuplicateEntry: 'ZIP_DUPLICATE_ENTRY',
  /** A local lake key that needs a folder where an object is, or an object where a folder is (`conf/a` and `conf/a/b`). */
  lakeKeyConflict: 'LAKE_KEY_CONFLICT',
  /** A BigQuery job or request failed; retryable for 5xx answers and rate limits. */
  bigQueryFailed: 'BIGQUERY_FAILED',
  /** A DuckDB statement failed (syntax, a missing table, a type error), or the database file could not be opened. */
  duckdbQueryFailed: 'DUCKDB_QUERY_FAILED',
  /** An SQL engine URL that is neither `postgres://…`, `duckdb:<file>`, `duckdb::memory:` nor `bigquery:project.dataset`. */
  sqlEngineUrl: 'SQL_ENGINE_URL',
  /** A warehouse URI that is neither `postgres://…` nor `bigquery:project.dataset` (`openWarehouse`). */
  warehouseUri: 'WAREHOUSE_URI',
  /**
   * The database refused the data of a load (a value out of its type's range, a constraint): `details` name the
   * table and, when the database says which, the row (index in the frame or stream) and the column; the driver's
   * error is the `cause`. Nothing of the load is committed. Terminal.
   */
  loadRejected: 'LOAD_REJECTED',
  /**
   * A ±Infinity in a number or timestamp column of a load (no warehouse stores it faithfully): `details` name the
   * table, row and column. Nothing of the load is committed. Terminal.
   */
  loadNonFinite: 'LOAD_NON_FINITE',
} as const;

/** One of the codes of {@link CONNECTOR_ERROR_CODES}. */
export type ConnectorErrorCode = (typeof CONNECTOR_ERROR_CODES)[keyof typeof CONNECTOR_ERROR_CODES];

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
 * redact('token=abc123&page=2')              // 'token=***&page=2'
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
