import { type Frame, fromRows, numberColumn } from '@retailkit/core';
import { expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/types.js';

/**
 * The load behaviour every transactional warehouse shares (PostgreSQL, DuckDB), run by each one's test file inside
 * its own describe, on a real server or engine. The expected rows are the hand-written input rows themselves, and
 * the streamed aggregates are recomputed in plain JS from the generator's rule (independent oracles).
 */

export const T = (s: string) => Date.parse(`${s}Z`);
export const SCHEMA = {
  invoiceNo: 'string',
  quantity: 'number',
  invoiceDate: 'timestamp',
  customerId: 'string',
} as const;

// Hand-written fixture: the expected rows are the input rows themselves (an independent oracle).
export const rows = [
  { invoiceNo: '536365', quantity: 6, invoiceDate: T('2010-12-01T08:26:00'), customerId: '17850' },
  { invoiceNo: '536366', quantity: -2, invoiceDate: T('2010-12-01T08:28:00'), customerId: null },
  { invoiceNo: 'C53 "quoted"; tab\there', quantity: 0.5, invoiceDate: T('2010-12-01T08:28:00'), customerId: 'Zoë' },
];
export const base = fromRows(rows, SCHEMA);

/** The shared cases, on the warehouse `wh()` returns (opened by the caller's `beforeAll`). */
export function loadConformance(wh: () => Warehouse): void {
  it('streams batches whose string dictionaries grow (as readCsvBatches yields them)', async () => {
    const values: string[] = [];
    async function* batches(): AsyncGenerator<Frame> {
      for (let b = 0; b < 5; b++) {
        values.push(`item-${b}`, `é-${b}`);
        const n = 1000;
        const codes = Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : (i + b) % values.length));
        yield {
          length: n,
          columns: {
            item: { type: 'string', codes, values: [...values] },
            q: numberColumn(Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : b * n + i))),
          },
        };
      }
    }
    const r = await wh().load('t_stream', batches(), { disposition: 'replace' });
    expect(r.rowsLoaded).toBe(5000);
    // Oracle: the same aggregates computed in plain JS from the generator's rule.
    let nullItems = 0;
    let sumQ = 0;
    for (let b = 0; b < 5; b++)
      for (let i = 0; i < 1000; i++) {
        if (i % 7 === 0) nullItems++;
        if (i % 11 !== 0) sumQ += b * 1000 + i;
      }
    expect(await wh().query('SELECT count(*) FILTER (WHERE item IS NULL) AS n, sum(q) AS s FROM t_stream')).toEqual([
      { n: nullItems, s: sumQ },
    ]);
    // 'é-4' is dictionary entry 9, only present in the last batch (10 values): rows with (i + 4) % 10 === 9.
    let e4 = 0;
    for (let i = 0; i < 1000; i++) if (i % 7 !== 0 && (i + 4) % 10 === 9) e4++;
    expect(await wh().query("SELECT count(*) AS n FROM t_stream WHERE item = 'é-4'")).toEqual([{ n: e4 }]);
  });

  it('a batch with other columns fails the load, leaves the table as it was and closes the source', async () => {
    await wh().load('t_mismatch', base, { disposition: 'replace' });
    let closed = false;
    let produced = 0;
    async function* batches(): AsyncGenerator<Frame> {
      try {
        for (;;) {
          produced++;
          yield produced === 2 ? fromRows([{ other: 1 }]) : base;
        }
      } finally {
        closed = true;
      }
    }
    await expect(wh().load('t_mismatch', batches(), { disposition: 'replace' })).rejects.toMatchObject({
      code: 'LOAD_SCHEMA_MISMATCH',
    });
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
    // One batch read ahead at most: the failing second batch, and the third already requested.
    expect(produced).toBeLessThanOrEqual(3);
    expect(await wh().rowCount('t_mismatch')).toBe(3);
  });

  it('merge upserts changed rows on the primary key in one transaction (last duplicate wins)', async () => {
    await wh().load('t_merge', base, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    const changes = fromRows(
      [
        { invoiceNo: '536365', quantity: 60, invoiceDate: T('2010-12-01T08:26:00'), customerId: '17850' },
        { invoiceNo: '999999', quantity: 1, invoiceDate: T('2011-01-01T00:00:00'), customerId: '1' },
        { invoiceNo: '999999', quantity: 2, invoiceDate: T('2011-01-02T00:00:00'), customerId: '2' },
      ],
      SCHEMA,
    );
    const r = await wh().load('t_merge', changes, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    expect(r).toMatchObject({ rowsLoaded: 3, rowsInserted: 1, rowsUpdated: 1, rowsInTable: 4 });
    expect(
      await wh().query(
        `SELECT "invoiceNo", quantity FROM t_merge WHERE "invoiceNo" IN ('536365', '999999') ORDER BY 1`,
      ),
    ).toEqual([
      { invoiceNo: '536365', quantity: 60 },
      { invoiceNo: '999999', quantity: 2 },
    ]);
    const again = await wh().load('t_merge', changes, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    expect(again).toMatchObject({ rowsInserted: 0, rowsUpdated: 2, rowsInTable: 4 });
  });

  it('incremental append: the same load twice gives the same count; new rows at the cursor still load', async () => {
    const inc = { cursorColumn: 'invoiceDate', keyColumns: ['invoiceNo'] };
    const first = await wh().load('t_inc', base, { incremental: inc });
    expect(first.state).toEqual({
      cursorColumn: 'invoiceDate',
      cursor: T('2010-12-01T08:28:00'),
      keysAtCursor: ['["536366"]', '["C53 \\"quoted\\"; tab\\there"]'],
      rowsLoaded: 3,
    });
    const second = await wh().load('t_inc', base, { incremental: inc });
    expect(second).toMatchObject({ rowsReceived: 3, rowsSkipped: 3, rowsLoaded: 0, rowsInTable: 3 });
    const more = fromRows(
      [
        ...rows,
        { invoiceNo: '536367', quantity: 1, invoiceDate: T('2010-12-01T08:28:00'), customerId: null },
        { invoiceNo: '536368', quantity: 1, invoiceDate: T('2010-12-01T09:00:00'), customerId: null },
      ],
      SCHEMA,
    );
    const third = await wh().load('t_inc', more, { incremental: inc });
    expect(third).toMatchObject({ rowsSkipped: 3, rowsLoaded: 2, rowsInTable: 5 });
    expect(await wh().loadState('t_inc')).toEqual({
      cursorColumn: 'invoiceDate',
      cursor: T('2010-12-01T09:00:00'),
      keysAtCursor: ['["536368"]'],
      rowsLoaded: 5,
    });
  });
}
