import { isRetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { demandSeriesSql } from '../src/index.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

/** [line, stockCode, 'YYYY-MM-DD HH:MM', quantity, unitPrice] → rows of `sql` over them in an in-memory DuckDB. */
async function run(lines: readonly [number, string, string | null, number | null, number][], sql: string) {
  if (!duckdb) throw new Error('@duckdb/node-api is not installed');
  const db = await duckdb.DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    await c.run(
      'CREATE TABLE t (line bigint, "stockCode" text, "invoiceDate" timestamp, quantity double, "unitPrice" double)',
    );
    const v = lines
      .map(([l, s, d, q, p]) => `(${l}, '${s}', ${d ? `TIMESTAMP '${d}'` : 'NULL'}, ${q ?? 'NULL'}, ${p})`)
      .join(', ');
    await c.run(`INSERT INTO t VALUES ${v}`);
    const rows = (await c.runAndReadAll(sql)).getRowObjectsJS();
    return rows.map((r) => [r.id, (r.ds as Date).toISOString().slice(0, 10), r.y]);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

// The example of buildSeries (hand-checked there): A sells 2 on Mon 2011-01-03 and 5 on Wed 2011-01-12, B sells 1
// on Tue 2011-01-04. B is the first line of the table here, so first-appearance order puts it first.
const LINES: [number, string, string | null, number | null, number][] = [
  [1, 'B', '2011-01-04 10:00', 1, 3],
  [2, 'A', '2011-01-03 10:00', 2, 2],
  [3, 'A', '2011-01-12 10:00', 5, 2],
  [4, 'A', null, 9, 2],
  [5, 'B', '2011-01-05 10:00', null, 2],
];

describe('demandSeriesSql', () => {
  it.skipIf(!duckdb)('builds zero-filled weekly series in first-appearance order with the line column', async () => {
    const sql = demandSeriesSql('duckdb', { table: 't', freq: 'W', by: ['stockCode'], columns: { line: 'line' } });
    expect(await run(LINES, sql)).toEqual([
      ['B', '2011-01-03', 1],
      ['B', '2011-01-10', 0],
      ['A', '2011-01-03', 2],
      ['A', '2011-01-10', 5],
    ]);
  });

  it.skipIf(!duckdb)('skips closed days of the trading calendar unless they sold, and sums revenue', async () => {
    const lines: typeof LINES = [...LINES, [6, 'A', '2011-01-08 10:00', 1, 4]]; // a Saturday sale
    const sql = demandSeriesSql('duckdb', { table: 't', calendar: 'business', target: 'revenue' });
    const rows = await run(lines, sql);
    // total series from Mon 3rd to Wed 12th: 10 days, Saturday the 8th kept because it sold (4)
    expect(rows.map((r) => r[1])).toEqual([
      '2011-01-03',
      '2011-01-04',
      '2011-01-05',
      '2011-01-06',
      '2011-01-07',
      '2011-01-08',
      '2011-01-09',
      '2011-01-10',
      '2011-01-11',
      '2011-01-12',
    ]);
    expect(rows.map((r) => r[2])).toEqual([4, 3, 0, 0, 0, 4, 0, 0, 0, 10]);
    const closed = await run(LINES, sql);
    expect(closed.map((r) => r[1])).not.toContain('2011-01-08');
  });

  it.skipIf(!duckdb)('monthly series, traded periods only, ordered by id without a line column', async () => {
    const sql = demandSeriesSql('duckdb', { table: 't', freq: 'M', by: ['stockCode'], fill: 'absent' });
    expect(await run(LINES, sql)).toEqual([
      ['A', '2011-01-01', 7],
      ['B', '2011-01-01', 1],
    ]);
  });

  it('refuses unknown option values with INVALID_ARGUMENT', () => {
    const bad = [
      { table: 't', freq: 'H' },
      { table: 't', target: 'units' },
      { table: 't', fill: 'nan' },
      { table: 't', calendar: 'weekends' },
      { table: 't', by: ['a-b'] },
      {},
    ];
    for (const o of bad) {
      let code = 'none';
      try {
        demandSeriesSql('postgres', o as never);
      } catch (e) {
        code = isRetailKitError(e) ? e.code : 'other';
      }
      expect(code, JSON.stringify(o)).toBe('INVALID_ARGUMENT');
    }
  });
});
