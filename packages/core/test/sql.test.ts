import { describe, expect, it } from 'vitest';
import { isRetailKitError, type SqlDialect, sqlDialect } from '../src/index.js';

const SQL_DIALECTS: SqlDialect[] = ['postgres', 'bigquery', 'duckdb'];

// Expected strings are written by hand from each engine's documentation; the engines themselves run these
// expressions in examples/end-to-end/test/pushdown-conformance.test.ts (DuckDB, PostgreSQL).
describe('sqlDialect', () => {
  it('quotes identifiers per dialect and refuses names outside the allow-list', () => {
    expect(sqlDialect('postgres').ident('customerId')).toBe('"customerId"');
    expect(sqlDialect('duckdb').ident('_x1')).toBe('"_x1"');
    expect(sqlDialect('bigquery').ident('customerId')).toBe('`customerId`');
    for (const bad of ['a"b', 'a b', '1a', 'x;DROP', '', 'a.b']) {
      const err = (() => {
        try {
          sqlDialect('postgres').ident(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(isRetailKitError(err) && err.code === 'INVALID_ARGUMENT', bad).toBe(true);
    }
  });

  it('quotes each part of a qualified table name, up to the dialect depth', () => {
    expect(sqlDialect('postgres').table('public.transactions')).toBe('"public"."transactions"');
    expect(sqlDialect('bigquery').table('shop.retail.transactions')).toBe('`shop`.`retail`.`transactions`');
    expect(() => sqlDialect('postgres').table('a.b.c')).toThrow(/schema\.table/);
  });

  it('escapes string literals: doubled quotes, BigQuery backslashes', () => {
    expect(sqlDialect('postgres').literal("O'Brien")).toBe("'O''Brien'");
    expect(sqlDialect('duckdb').literal('a\\b')).toBe("'a\\b'");
    expect(sqlDialect('bigquery').literal("O'Brien\\")).toBe("'O\\'Brien\\\\'");
    expect(sqlDialect('postgres').literal(null)).toBe('NULL');
    expect(sqlDialect('postgres').literal(true)).toBe('TRUE');
    expect(sqlDialect('postgres').literal(-1.5)).toBe('-1.5');
    expect(() => sqlDialect('postgres').literal(Number.NaN)).toThrow(/finite/);
  });

  it('writes DuckDB non-integers in exponent form (a plain decimal would be read as DECIMAL and re-rounded)', () => {
    // 0.014409881061299177 as a plain literal comes back from DuckDB 1.x as 0.014409881061299175 (seen in the
    // recommendations pushdown test); the exponent form is parsed as a DOUBLE
    expect(sqlDialect('duckdb').literal(0.014409881061299177)).toBe('1.4409881061299177e-2');
    expect(sqlDialect('duckdb').literal(42)).toBe('42');
    expect(sqlDialect('postgres').literal(0.014409881061299177)).toBe('0.014409881061299177');
  });

  it('writes timestamp literals of the naive UTC wall clock with milliseconds', () => {
    const ms = Date.UTC(2011, 11, 9, 12, 50, 0, 5);
    expect(sqlDialect('postgres').timestamp(ms)).toBe("TIMESTAMP '2011-12-09 12:50:00.005'");
    expect(sqlDialect('bigquery').timestamp(ms)).toBe("DATETIME '2011-12-09 12:50:00.005'");
  });

  it('differs where the engines differ: day numbers, safe division, integer ranges', () => {
    expect(sqlDialect('postgres').dayNumber('t')).toBe("(CAST(t AS date) - DATE '1970-01-01')");
    expect(sqlDialect('duckdb').dayNumber('t')).toBe("datediff('day', DATE '1970-01-01', CAST(t AS DATE))");
    expect(sqlDialect('bigquery').dayNumber('t')).toBe('UNIX_DATE(DATE(t))');
    expect(sqlDialect('bigquery').safeDivide('a', 'b')).toBe('SAFE_DIVIDE(a, b)');
    expect(sqlDialect('duckdb').safeDivide('a', 'b')).toBe('CAST(a AS DOUBLE) / NULLIF(b, 0)');
    expect(sqlDialect('postgres').integerRange('p', 'lo', 'hi', 'b')).toBe(
      'SELECT generate_series(lo, hi) AS "p" FROM b',
    );
    expect(sqlDialect('bigquery').integerRange('p', 'lo', 'hi', 'b')).toBe(
      'SELECT `p` FROM b, UNNEST(GENERATE_ARRAY(lo, hi)) AS `p`',
    );
    // a CTE read more than once is inlined only where the keyword exists and pays (DuckDB)
    expect(['postgres', 'duckdb', 'bigquery'].map((d) => sqlDialect(d as SqlDialect).inline)).toEqual([
      '',
      'NOT MATERIALIZED ',
      '',
    ]);
    // a small CTE computed first only where the engine would otherwise run it beside the rest (DuckDB)
    expect(['postgres', 'duckdb', 'bigquery'].map((d) => sqlDialect(d as SqlDialect).materialized)).toEqual([
      '',
      'MATERIALIZED ',
      '',
    ]);
  });

  it('lists every dialect and refuses an unknown one', () => {
    for (const d of SQL_DIALECTS) expect(sqlDialect(d).dialect).toBe(d);
    expect(() => sqlDialect('mysql' as never)).toThrow(
      /sqlDialect: dialect must be 'postgres', 'bigquery' or 'duckdb'/,
    );
  });

  it('trims JavaScript whitespace and matches or extracts regular expressions per dialect', () => {
    const pg = sqlDialect('postgres');
    // String.prototype.trim's 25 code points: tab … space, U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F,
    // U+3000, U+FEFF (ECMAScript WhiteSpace and LineTerminator)
    expect(pg.trim('x')).toMatch(
      /^btrim\(x, E'\\u0009\\u000a\\u000b\\u000c\\u000d\\u0020\\u00a0\\u1680\\u2000.*\\ufeff'\)$/,
    );
    expect(sqlDialect('bigquery').trim('x')).toMatch(
      /^TRIM\(x, CODE_POINTS_TO_STRING\(\[9, 10, 11, 12, 13, 32, 160, 5760, 8192, /,
    );
    // DuckDB reads the set only when an end of the text is in it (its trim with a set is about 5× a plain one)
    expect(sqlDialect('duckdb').trim('x')).toMatch(
      /^CASE WHEN contains\(chr\(9\) .*, \(x\)\[1\]\) OR contains\(.*, \(x\)\[-1\]\) THEN trim\(x, chr\(9\) \|\| chr\(10\) .* \|\| chr\(65279\)\) ELSE x END$/,
    );
    expect(pg.fullMatch('x', '[0-9]+')).toBe("(x ~ '^([0-9]+)$')");
    expect(sqlDialect('duckdb').fullMatch('x', '[0-9]+')).toBe("regexp_full_match(x, '[0-9]+')");
    expect(sqlDialect('bigquery').fullMatch('x', '[0-9]+')).toBe("REGEXP_CONTAINS(x, '^([0-9]+)$')");
    expect(pg.regexpExtract('x', '^([0-9]+)A$')).toBe("substring(x from '^([0-9]+)A$')");
    expect(sqlDialect('duckdb').regexpExtract('x', '^([0-9]+)A$')).toBe(
      "NULLIF(regexp_extract(x, '^([0-9]+)A$', 1), '')",
    );
    expect(sqlDialect('bigquery').regexpExtract('x', '^([0-9]+)A$')).toBe("REGEXP_EXTRACT(x, '^([0-9]+)A$')");
  });
});
