import { isRetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { type CleaningSqlOptions, cleaningSql } from '../src/index.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

/** Run the statements on `lines` in a fresh in-memory DuckDB, then `query`; rows as plain objects. */
async function run(
  lines: readonly string[],
  query: (sql: ReturnType<typeof cleaningSql>) => string,
  options: Partial<CleaningSqlOptions> = {},
) {
  if (!duckdb) throw new Error('@duckdb/node-api is not installed');
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(`CREATE TABLE raw ("line" bigint, "invoiceNo" text, "stockCode" text, "description" text,
      "quantity" double, "invoiceDate" timestamp, "unitPrice" double, "customerId" text, "country" text)`);
    await c.run(`INSERT INTO raw VALUES ${lines.join(', ')}`);
    const sql = cleaningSql('duckdb', { table: 'raw', ...options });
    for (const s of sql.statements) await c.run(s);
    const reader = await c.runAndReadAll(query(sql));
    return reader
      .getRowObjectsJS()
      .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

const at = "TIMESTAMP '2011-01-04 10:00'";
// Hand-computed (the README example's rules): line 3 is negative and not a cancellation → quarantined; line 2's
// stock code is upper-cased; line 4 ("C…") is a kept cancellation; line 5 has no customer; lines 6–8 tie on the
// description of 22633 (HAND WARMER 2 from line 1 and 6, RED 2 from lines 7–8): the first seen wins.
const LINES = [
  `(1, '540001', '22633', 'HAND WARMER', 6, ${at}, 2.1, '17850', 'United Kingdom')`,
  `(2, '540001', '85123a', 'WHITE HANGING HEART ', 12, ${at}, 2.55, '17850', 'United Kingdom')`,
  `(3, '540003', '22633', 'HAND WARMER', -2, ${at}, 2.1, '17850', 'United Kingdom')`,
  `(4, 'C540002', '22633', 'HAND WARMER', -6, ${at}, 2.1, '17850', 'United Kingdom')`,
  `(5, '540005', '22633', 'RED', 4, ${at}, 2.1, NULL, 'United Kingdom')`,
  `(6, '540006', '22633', 'RED', 4, ${at}, 2.1, '17851', 'United Kingdom')`,
];

describe('cleaningSql', () => {
  it.skipIf(!duckdb)('quarantines by the first reason, keeps the line number and the reason', async () => {
    const rows = await run(LINES, (s) => `SELECT "line", "reason" FROM ${s.views.quarantine}`);
    expect(rows).toEqual([{ line: 3, reason: 'negative-quantity-not-cancelled' }]);
  });

  it.skipIf(!duckdb)('transforms, flags and unifies descriptions with ties to the first seen line', async () => {
    const rows = await run(
      LINES,
      (s) =>
        `SELECT "line", "stockCode", "description", "baseStockCode", "isColourVariant", "isCancellation", "isAnonymous" FROM ${s.views.lines} ORDER BY "line"`,
    );
    // 22633: HAND WARMER on kept lines 1 and 4, RED on 5 and 6 — a 2–2 tie; HAND WARMER is seen first (line 1)
    expect(rows.map((r) => [r.line, r.stockCode, r.description, r.baseStockCode])).toEqual([
      [1, '22633', 'HAND WARMER', '22633'],
      [2, '85123A', 'WHITE HANGING HEART', '85123'],
      [4, '22633', 'HAND WARMER', '22633'],
      [5, '22633', 'HAND WARMER', '22633'],
      [6, '22633', 'HAND WARMER', '22633'],
    ]);
    expect(rows.map((r) => [r.isColourVariant, r.isCancellation, r.isAnonymous])).toEqual([
      [false, false, false],
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [false, false, false],
    ]);
  });

  it.skipIf(!duckdb)('cuts the customers view and reports counts as aggregate queries', async () => {
    const customers = await run(LINES, (s) => `SELECT "line" FROM ${s.views.customers} ORDER BY "line"`);
    expect(customers.map((r) => r.line)).toEqual([1, 2, 6]); // no cancellation (4), no anonymous line (5)
    const [summary] = await run(LINES, (s) => s.quality.summary);
    expect(summary).toEqual({ rowsIn: 6, rowsKept: 5, rowsQuarantined: 1 });
    const [transforms] = await run(LINES, (s) => s.quality.transforms);
    // upper-stock-code: line 2; trim-description: line 2; unify-description: lines 5 and 6 (RED → HAND WARMER)
    expect([transforms.upperStockCode, transforms.trimDescription, transforms.unifyDescription]).toEqual([1, 1, 2]);
  });

  it('names the views with the prefix inside the schema, quoted for the dialect', () => {
    const sql = cleaningSql('bigquery', { table: 'shop.retail.raw', schema: 'shop.retail', prefix: 'c_' });
    expect(sql.views.customers).toBe('`shop`.`retail`.`c_customers`');
    expect(sql.views.descriptionModes).toBe('`shop`.`retail`.`c_description_modes`');
    expect(sql.statements).toHaveLength(10);
  });

  it('refuses steps, time zones and names outside the identifier allow-list (INVALID_ARGUMENT)', () => {
    const bad = [
      () => cleaningSql('duckdb', { table: 'raw', steps: [] } as never),
      () => cleaningSql('duckdb', { table: 'raw', timeZones: { byCountry: {} } } as never),
      () => cleaningSql('duckdb', { table: 'raw; DROP TABLE x' }),
      () => cleaningSql('oracle' as never, { table: 'raw' }),
      () => cleaningSql('duckdb', { table: 'raw', materialize: ['cleaned' as never] }),
    ];
    for (const f of bad) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(isRetailKitError(error) && error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it.skipIf(!duckdb)('materializes views as tables with the same rows (checked against the views)', async () => {
    const query = (s: ReturnType<typeof cleaningSql>) =>
      `SELECT * FROM ${s.views.modeling} ORDER BY "line"; SELECT * FROM ${s.views.fences}`;
    const all = ['flagged', 'lines'] as const;
    const views = await run(LINES, (s) => `SELECT * FROM ${s.views.lines} ORDER BY "line"`);
    const tables = await run(LINES, (s) => `SELECT * FROM ${s.views.lines} ORDER BY "line"`, { materialize: all });
    expect(tables).toEqual(views);
    expect(tables).toHaveLength(5);
    expect(await run(LINES, query, { materialize: all })).toEqual(await run(LINES, query));
  });

  it('creates a materialized view as a table: CREATE OR REPLACE, or on PostgreSQL drop, create and analyze', () => {
    const duck = cleaningSql('duckdb', { table: 'raw', materialize: ['lines'] }).statements;
    expect(duck.filter((s) => !s.startsWith('CREATE OR REPLACE VIEW')).map((s) => s.split('\n')[0])).toEqual([
      'CREATE OR REPLACE TABLE "clean_lines" AS',
    ]);
    const pg = cleaningSql('postgres', { table: 'raw', materialize: ['flagged'] }).statements;
    expect(pg).toHaveLength(12);
    expect(pg.slice(3, 6).map((s) => s.split('\n')[0])).toEqual([
      'DROP TABLE IF EXISTS "clean_flagged" CASCADE',
      'CREATE TABLE "clean_flagged" AS',
      'ANALYZE "clean_flagged"',
    ]);
  });

  it.skipIf(!duckdb)('temporary: the same rows, on the connection that ran the statements only', async () => {
    const query = (s: ReturnType<typeof cleaningSql>) => `SELECT * FROM ${s.views.basket} ORDER BY "line"`;
    const options = { temporary: true, materialize: ['flagged', 'lines'] } as const;
    expect(await run(LINES, query, options)).toEqual(await run(LINES, query));
    const statements = cleaningSql('duckdb', { table: 'raw', ...options }).statements;
    expect(statements.every((s) => /^CREATE OR REPLACE TEMPORARY (VIEW|TABLE) /.test(s))).toBe(true);
    if (!duckdb) return;
    const db = await duckdb.DuckDBInstance.create(':memory:');
    const [a, b] = [await db.connect(), await db.connect()];
    try {
      await a.run(`CREATE TABLE raw ("line" bigint, "invoiceNo" text, "stockCode" text, "description" text,
        "quantity" double, "invoiceDate" timestamp, "unitPrice" double, "customerId" text, "country" text)`);
      for (const s of statements) await a.run(s);
      // eight views and the two tables, temporary: seen on the connection that made them only
      const count = async (c: typeof a, objects: string, name: string) =>
        Number(
          (
            await c.runAndReadAll(`SELECT count(*) FROM ${objects} WHERE temporary AND ${name} LIKE 'clean_%'`)
          ).getRows()[0][0],
        );
      const seen = async (c: typeof a) => [
        await count(c, 'duckdb_views()', 'view_name'),
        await count(c, 'duckdb_tables()', 'table_name'),
      ];
      expect([await seen(a), await seen(b)]).toEqual([
        [8, 2],
        [0, 0],
      ]);
    } finally {
      a.closeSync();
      b.closeSync();
      db.closeSync();
    }
  });

  it('temporary on PostgreSQL drops from pg_temp only; refused on BigQuery and with a schema', () => {
    const pg = cleaningSql('postgres', { table: 'raw', materialize: ['flagged'], temporary: true }).statements;
    expect(pg.slice(3, 5).map((s) => s.split('\n')[0])).toEqual([
      'DROP TABLE IF EXISTS pg_temp."clean_flagged" CASCADE',
      'CREATE TEMPORARY TABLE "clean_flagged" AS',
    ]);
    for (const options of [
      { dialect: 'bigquery', table: 'd.raw' },
      { dialect: 'duckdb', table: 'raw', schema: 'main' },
    ] as const) {
      let error: unknown;
      try {
        cleaningSql(options.dialect, { ...options, temporary: true });
      } catch (e) {
        error = e;
      }
      expect(isRetailKitError(error) && error.code).toBe('INVALID_ARGUMENT');
      expect((error as Error).message).toMatch(/^cleaningSql: options\.temporary must be false/);
    }
  });

  it.each([
    ['postgres', /btrim\(/g],
    ['duckdb', /THEN trim\(/g],
    ['bigquery', /TRIM\(/g],
  ] as const)('%s: trims each text column once in checked; rules read the trimmed columns', (dialect, call) => {
    // The rules' trims of a raw column (and of the upper-cased stock code) are served by checked's trimmed_<column>;
    // a rule whose SQL text stops matching those keys falls back to trimming again, silently slower: counted here.
    // Expected, per statement: checked's five trims (invoiceNo, stockCode, description, customerId, country), and
    // none after: the filled description (a CASE of 'No Description' and the description as read) is trimmed by
    // reading trimmed_description in its ELSE branch.
    const sql = cleaningSql(dialect, { table: dialect === 'bigquery' ? 'p.d.raw' : 'raw' });
    expect(sql.statements.map((s) => s.match(call)?.length ?? 0)).toEqual([5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(sql.statements.join('\n')).toMatch(/THEN 'No Description' ELSE k\.["`]trimmed_description["`] END/);
  });
});
