import { type Frame, fromRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresWarehouse } from '../../src/warehouse/postgres-warehouse.js';
import type { Warehouse } from '../../src/warehouse/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const T = (s: string) => Date.parse(`${s}Z`);
const SCHEMA = { invoiceNo: 'string', description: 'string', quantity: 'number', invoiceDate: 'timestamp' } as const;
type Row = { invoiceNo: string; description: string | null; quantity: number | null; invoiceDate: number | null };
const row = (i: number, over: Partial<Row> = {}): Row => ({
  invoiceNo: `5363${String(i).padStart(2, '0')}`,
  description: `item ${i}`,
  quantity: i,
  invoiceDate: T('2010-12-01T08:00:00') + i * 60_000,
  ...over,
});
const frame = (rows: Row[]): Frame => fromRows(rows, SCHEMA);
async function* stream(...frames: Frame[]): AsyncGenerator<Frame> {
  yield* frames;
}

let db: TestDatabase;
let wh: Warehouse;

describe('postgresWarehouse on hostile content', () => {
  beforeAll(async () => {
    db = await createTestDatabase('postgres_hostile');
    wh = await postgresWarehouse({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await wh?.close();
    await db?.drop();
  });

  // issue 17, finding 4: a NUL in a description made PostgreSQL reject the whole COPY.
  it('loads text with NUL and lone surrogates: NUL removed, surrogates → U+FFFD, cells counted per column', async () => {
    const first = frame([
      row(1, { description: 'RED\u0000 HEART' }),
      row(2),
      row(3, { description: 'bad \uD83D end' }),
    ]);
    const second = frame([row(4, { description: 'RED\u0000 HEART' }), row(5, { description: '\u0000' })]);
    const r = await wh.load('t_text', stream(first, second), { disposition: 'replace' });
    // Hand-counted: rows 1, 4 and 5 held a NUL; row 3 a lone high surrogate.
    expect(r).toMatchObject({
      rowsLoaded: 5,
      rowsInTable: 5,
      textRepairs: { description: { nulRemoved: 3, surrogatesReplaced: 1 } },
    });
    expect(await wh.query('SELECT "invoiceNo", description FROM t_text ORDER BY 1')).toEqual([
      { invoiceNo: '536301', description: 'RED HEART' },
      { invoiceNo: '536302', description: 'item 2' },
      { invoiceNo: '536303', description: 'bad \uFFFD end' },
      { invoiceNo: '536304', description: 'RED HEART' },
      { invoiceNo: '536305', description: '' },
    ]);
    // Clean text reports nothing.
    expect((await wh.load('t_text', frame([row(1)]), { disposition: 'replace' })).textRepairs).toBeUndefined();
  });

  // issue 17, finding 9: a timestamp of Infinity was stored as 2000-01-01.
  it('refuses ±Infinity timestamps and numbers naming table, row (in the stream) and column; nothing commits', async () => {
    await wh.load('t_inf', frame([row(1), row(2)]), { disposition: 'replace' });
    const bad = frame([row(3), row(4, { invoiceDate: Number.POSITIVE_INFINITY })]);
    const err = await wh.load('t_inf', stream(frame([row(5)]), bad)).catch((e) => e);
    expect(err).toMatchObject({
      code: 'LOAD_NON_FINITE',
      details: { table: 't_inf', row: 2, column: 'invoiceDate', received: 'Infinity' },
    });
    expect(err.message).toContain('t_inf, row 2, column invoiceDate');
    const err2 = await wh
      .load('t_inf', frame([row(6, { quantity: Number.NEGATIVE_INFINITY })]), {
        disposition: 'merge',
        primaryKey: ['invoiceNo'],
      })
      .catch((e) => e);
    expect(err2).toMatchObject({ code: 'LOAD_NON_FINITE', details: { table: 't_inf', row: 0, column: 'quantity' } });
    // The table is as it was; NaN (missing) still loads as NULL.
    expect(await wh.query('SELECT count(*)::int AS n, min("invoiceDate") AS d FROM t_inf')).toEqual([
      { n: 2, d: T('2010-12-01T08:01:00') },
    ]);
    await wh.load('t_inf', frame([row(7, { quantity: null, invoiceDate: null })]));
    expect(await wh.query('SELECT quantity, "invoiceDate" FROM t_inf WHERE "invoiceNo" = \'536307\'')).toEqual([
      { quantity: null, invoiceDate: null },
    ]);
  });

  // issue 17, finding 4: the database error named no table, row or column.
  it('a value the database refuses is reported with the table, its row in the stream and the column', async () => {
    // Year -300000 fits a JavaScript date but not a PostgreSQL timestamp (4713 BC at the earliest): the server
    // refuses it during COPY and says where (COPY line and column).
    const tooOld = -8_600_000_000_000_000; // epoch ms, about 270,000 BC
    const inc = { cursorColumn: 'quantity', keyColumns: ['invoiceNo'] };
    await wh.load('t_where', frame([row(1), row(2)]), { incremental: inc });
    // Rows 0 and 1 of this stream are skipped as already loaded: the bad row is COPY line 2 but stream row 3.
    const err = await wh
      .load('t_where', stream(frame([row(1), row(2)]), frame([row(3), row(4, { invoiceDate: tooOld })])), {
        incremental: inc,
      })
      .catch((e) => e);
    expect(err).toMatchObject({
      code: 'LOAD_REJECTED',
      details: { table: 't_where', row: 3, column: 'invoiceDate', sqlstate: '22008' },
    });
    expect(err.cause).toMatchObject({ code: '22008' });
    expect(err.message).toMatch(/table t_where, row 3, column invoiceDate: .*timestamp out of range/);
    expect(await wh.rowCount('t_where')).toBe(2);
    expect((await wh.loadState('t_where'))?.cursor).toBe(2);
  });
});
