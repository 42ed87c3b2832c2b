import { invalidArgument } from './errors.js';

/**
 * The SQL dialects RetailKit generates queries for. `postgres` is PostgreSQL 12+ (Redshift accepts the same
 * statements except `generate_series` over a table column and `make_date`; see connectors' README);
 * `bigquery` is BigQuery Standard SQL; `duckdb` is DuckDB 1.x.
 */
export type SqlDialect = 'postgres' | 'bigquery' | 'duckdb';

const SQL_DIALECTS: readonly SqlDialect[] = ['postgres', 'bigquery', 'duckdb'];

/**
 * The few expressions that differ between dialects, as pure string builders (no I/O). Every `expr` argument is an
 * SQL expression the caller built (already quoted); the results are expressions, except `integerRange`, which is
 * a complete `SELECT` returning one column. Timestamps are naive wall-clock values (`timestamp` in PostgreSQL
 * and DuckDB, `DATETIME` in BigQuery), read as UTC like core's calendar helpers.
 */
export interface SqlFunctions {
  readonly dialect: SqlDialect;
  /**
   * Written between `AS` and `(` of a common table expression read more than once, so that the engine inlines it
   * instead of storing its rows: `NOT MATERIALIZED ` in DuckDB (which stores such a CTE; for `demandSeriesSql` on 54
   * million lines inlining was faster and smaller, see examples/end-to-end/bench/RESULTS.md, 2026-12-06), empty in
   * PostgreSQL (which also stores it; the keyword is PostgreSQL 12+, Redshift has none, not measured there) and
   * BigQuery.
   */
  readonly inline: string;
  /**
   * Written between `AS` and `(` of a small common table expression that should be computed, and its memory freed,
   * before the rest of the query runs: `MATERIALIZED ` in DuckDB (which otherwise runs every aggregation of a query
   * at once: `customerFeaturesSql` at ×100 of the UCI lines in 384 MB took 19.9–20.2 s and a peak RSS of 704–735 MB
   * with it, 22.6–22.9 s and 815–823 MB without; in 320 MB it ran out of memory without it), empty in PostgreSQL
   * (which runs one plan node at a time within `work_mem`; Redshift has no such keyword) and BigQuery.
   */
  readonly materialized: string;
  /** Double precision and 64-bit integer type names (`double precision`/`FLOAT64`/`DOUBLE`, `bigint`/`INT64`). */
  readonly floatType: string;
  readonly intType: string;
  /** A quoted identifier (`"name"`, BigQuery `` `name` ``); letters, digits, `_`, starting with a letter or `_`. */
  ident(name: string): string;
  /** A quoted table reference: `name`, `schema.name` or (BigQuery) `project.dataset.name`, each part checked. */
  table(name: string): string;
  /**
   * A literal: strings single-quoted with quotes doubled (BigQuery: backslash-escaped), numbers finite and read back
   * as the same double (DuckDB: non-integers in exponent form).
   */
  literal(value: string | number | boolean | null): string;
  /** A timestamp literal at epoch ms `ms` (naive, UTC wall clock), millisecond precision. */
  timestamp(ms: number): string;
  /** Whole days since 1970-01-01 of a timestamp (core's `dayNumber`), as an integer. */
  dayNumber(expr: string): string;
  /** Months since 1970-01 of a timestamp (core's `monthIndex`), as an integer. */
  monthIndex(expr: string): string;
  /** ISO weekday (Monday 1 … Sunday 7) of a day number (core's `isoDayOfWeek`). */
  isoWeekday(dayExpr: string): string;
  /** Monday-based week index of a day number, `floor((day + 3) / 7)` (week `w` starts on day `7w − 3`). */
  weekIndex(dayExpr: string): string;
  /** The midnight timestamp of a day number (the inverse of `dayNumber`). */
  timestampOfDay(dayExpr: string): string;
  /** The midnight timestamp starting month index `monthExpr` (the inverse of `monthIndex`). */
  timestampOfMonth(monthExpr: string): string;
  /** `a / b` in double precision, NULL when `b` is 0 or NULL. */
  safeDivide(a: string, b: string): string;
  /** Exact count of distinct non-NULL values of `expr`. */
  countDistinct(expr: string): string;
  /** Smallest of two values (`LEAST`). */
  least(a: string, b: string): string;
  /** `SELECT` of one integer column `name`, one row per integer in [lo, hi]; `from` is the FROM clause of lo/hi. */
  integerRange(name: string, lo: string, hi: string, from: string): string;
  /**
   * A text expression with leading and trailing whitespace removed, the whitespace of JavaScript's
   * `String.prototype.trim` (ASCII tab, line feed, vertical tab, form feed, carriage return, space, U+00A0, U+1680,
   * U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), not only spaces as SQL's `TRIM` does.
   */
  trim(expr: string): string;
  /** Whether the whole text matches a regular expression (RE2/POSIX syntax common to the three; `pattern` unquoted). */
  fullMatch(expr: string, pattern: string): string;
  /** The first capture group of a regular expression's match, NULL when the text does not match. */
  regexpExtract(expr: string, pattern: string): string;
}

/** The code points `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator). */
const JS_WHITESPACE = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
];

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function checkIdent(fn: string, name: string): string {
  if (typeof name !== 'string' || !IDENT.test(name))
    throw invalidArgument(
      fn,
      'identifier',
      name,
      'letters, digits and underscores, starting with a letter or underscore (at most 128)',
      'Rename the table or column; quotes, dots inside a part, spaces and semicolons are refused, not escaped.',
    );
  return name;
}

/**
 * The SQL functions of one dialect, for query builders that target several engines (rfm's `purchaseSummarySql`,
 * forecast's `demandSeriesSql`). Pure: it only builds strings.
 *
 * | operation | postgres | bigquery | duckdb |
 * | --- | --- | --- | --- |
 * | day number | `ts::date - DATE '1970-01-01'` | `UNIX_DATE(DATE(ts))` | `datediff('day', DATE '1970-01-01', ts)` |
 * | month index | `EXTRACT(YEAR)·12 + EXTRACT(MONTH) − 23641` | same | same |
 * | safe division | `a / NULLIF(b, 0)` (double) | `SAFE_DIVIDE(a, b)` | `a / NULLIF(b, 0)` (double) |
 * | integer range | `generate_series(lo, hi)` | `UNNEST(GENERATE_ARRAY(lo, hi))` | `unnest(generate_series(lo, hi))` |
 * | trim (JS whitespace) | `btrim(x, E'\u0009…')` | `TRIM(x, CODE_POINTS_TO_STRING([9, …]))` | `trim(x, chr(9) \|\| …)` |
 * | full regex match | `x ~ '^(p)$'` | `REGEXP_CONTAINS(x, r'^(p)$')` | `regexp_full_match(x, 'p')` |
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect; the returned `ident`/`table` throw it for a
 *   name outside the allow-list, `literal`/`timestamp` for a non-finite number.
 * @example
 * const pg = sqlDialect('postgres');
 * pg.ident('customerId') // '"customerId"'
 * pg.literal("O'Brien") // "'O''Brien'"
 * sqlDialect('bigquery').dayNumber('`invoiceDate`') // 'UNIX_DATE(DATE(`invoiceDate`))'
 * pg.safeDivide('a', 'b') // 'CAST(a AS double precision) / NULLIF(b, 0)'
 */
export function sqlDialect(dialect: SqlDialect): SqlFunctions {
  if (!SQL_DIALECTS.includes(dialect))
    throw invalidArgument('sqlDialect', 'dialect', dialect, "'postgres', 'bigquery' or 'duckdb'");
  const bq = dialect === 'bigquery';
  const floatType = bq ? 'FLOAT64' : dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  const intType = bq ? 'INT64' : 'bigint';
  const q = bq ? '`' : '"';
  const ident = (name: string): string => `${q}${checkIdent('sqlDialect.ident', name)}${q}`;
  const literal = (value: string | number | boolean | null): string => {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw invalidArgument('sqlDialect.literal', 'value', value, 'a finite number');
      // DuckDB reads 0.014409881061299177 as a DECIMAL and rounds it to a neighbouring double; the shortest
      // exponent form (1.4409881061299177e-2) is read as that double exactly
      return dialect === 'duckdb' && !Number.isInteger(value) ? value.toExponential() : String(value);
    }
    return bq ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `'${value.replace(/'/g, "''")}'`;
  };
  const dayNumber = (e: string): string =>
    bq
      ? `UNIX_DATE(DATE(${e}))`
      : dialect === 'duckdb'
        ? `datediff('day', DATE '1970-01-01', CAST(${e} AS DATE))`
        : `(CAST(${e} AS date) - DATE '1970-01-01')`;
  const cast = (e: string, type: string): string => `CAST(${e} AS ${type})`;
  const whitespace = bq
    ? `CODE_POINTS_TO_STRING([${JS_WHITESPACE.join(', ')}])`
    : dialect === 'duckdb'
      ? JS_WHITESPACE.map((c) => `chr(${c})`).join(' || ')
      : `E'${JS_WHITESPACE.map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}'`;
  return {
    dialect,
    floatType,
    intType,
    ident,
    table: (name) => {
      const parts = typeof name === 'string' ? name.split('.') : [name];
      if (parts.length > (bq ? 3 : 2))
        throw invalidArgument('sqlDialect.table', 'table', name, bq ? 'project.dataset.table' : 'schema.table');
      return parts.map(ident).join('.');
    },
    literal,
    inline: dialect === 'duckdb' ? 'NOT MATERIALIZED ' : '',
    materialized: dialect === 'duckdb' ? 'MATERIALIZED ' : '',
    timestamp: (ms) => {
      if (!Number.isFinite(ms)) throw invalidArgument('sqlDialect.timestamp', 'ms', ms, 'finite epoch milliseconds');
      const text = new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
      return `${bq ? 'DATETIME' : 'TIMESTAMP'} '${text}'`;
    },
    dayNumber,
    monthIndex: (e) => cast(`EXTRACT(YEAR FROM ${e}) * 12 + EXTRACT(MONTH FROM ${e}) - 23641`, intType),
    isoWeekday: (d) => `(MOD(MOD(${d} + 3, 7) + 7, 7) + 1)`,
    weekIndex: (d) => cast(`FLOOR(${cast(`${d} + 3`, floatType)} / 7)`, intType),
    timestampOfDay: (d) =>
      bq
        ? `DATETIME(DATE_ADD(DATE '1970-01-01', INTERVAL ${d} DAY))`
        : `CAST(DATE '1970-01-01' + ${cast(d, 'integer')} AS timestamp)`,
    timestampOfMonth: (m) => {
      const year = cast(`1970 + FLOOR(${cast(m, floatType)} / 12)`, bq ? 'INT64' : 'integer');
      const month = cast(`MOD(MOD(${m}, 12) + 12, 12) + 1`, bq ? 'INT64' : 'integer');
      return bq ? `DATETIME(DATE(${year}, ${month}, 1))` : `CAST(make_date(${year}, ${month}, 1) AS timestamp)`;
    },
    safeDivide: (a, b) => (bq ? `SAFE_DIVIDE(${a}, ${b})` : `${cast(a, floatType)} / NULLIF(${b}, 0)`),
    countDistinct: (e) => `COUNT(DISTINCT ${e})`,
    least: (a, b) => `LEAST(${a}, ${b})`,
    integerRange: (name, lo, hi, from) =>
      bq
        ? `SELECT ${ident(name)} FROM ${from}, UNNEST(GENERATE_ARRAY(${lo}, ${hi})) AS ${ident(name)}`
        : dialect === 'duckdb'
          ? `SELECT unnest(generate_series(${lo}, ${hi})) AS ${ident(name)} FROM ${from}`
          : `SELECT generate_series(${lo}, ${hi}) AS ${ident(name)} FROM ${from}`,
    // DuckDB's trim with a character set scans it for every character: about 5× a plain trim on the real data's
    // descriptions; the set is only read when the first or the last character is in it (3.3× faster, same values)
    trim: (e) =>
      dialect === 'duckdb'
        ? `CASE WHEN contains(${whitespace}, (${e})[1]) OR contains(${whitespace}, (${e})[-1]) THEN trim(${e}, ${whitespace}) ELSE ${e} END`
        : `${bq ? 'TRIM' : 'btrim'}(${e}, ${whitespace})`,
    fullMatch: (e, p) =>
      bq
        ? `REGEXP_CONTAINS(${e}, ${literal(`^(${p})$`)})`
        : dialect === 'duckdb'
          ? `regexp_full_match(${e}, ${literal(p)})`
          : `(${e} ~ ${literal(`^(${p})$`)})`,
    regexpExtract: (e, p) =>
      bq
        ? `REGEXP_EXTRACT(${e}, ${literal(p)})`
        : dialect === 'duckdb'
          ? `NULLIF(regexp_extract(${e}, ${literal(p)}, 1), '')`
          : `substring(${e} from ${literal(p)})`,
  };
}
