import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Frame, fromRows, numberColumn } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../src/load/open-warehouse.js';
import type { Warehouse } from '../../src/warehouse/types.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

const T = (s: string) => Date.parse(`${s}Z`);
const SCHEMA = { invoiceNo: 'string', quantity: 'number', invoiceDate: 'timestamp', customerId: 'string' } as const;

// Hand-written fixture: the expected rows are the input rows themselves (an independent oracle).
const rows = [
  { invoiceNo: '536365', quantity: 6, invoiceDate: T('2010-12-01T08:26:00'), customerId: '17850' },
  { invoiceNo: '536366', quantity: -2, invoiceDate: T('2010-12-01T08:28:00'), customerId: null },
  { invoiceNo: 'C53 "quoted"; tab\there', quantity: 0.5, invoiceDate: T('2010-12-01T08:28:00'), customerId: 'Zoë' },
];
const base = fromRows(rows, SCHEMA);
const sorted = [...rows].sort((a, b) => (a.invoiceNo < b.invoiceNo ? -1 : 1));

describe.skipIf(!duckdb)('duckdbWarehouse (openWarehouse duckdb:<file>, a real DuckDB in-process)', () => {
  let dir: string;
  let wh: Warehouse;
  const readBack = (table: string) => wh.query(`SELECT * FROM "${table}" ORDER BY "invoiceNo"`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-duckdb-wh-'));
    wh = await openWarehouse(`duckdb:${join(dir, 'shop.duckdb')}`);
  });
  afterAll(async () => {
    await wh?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('declares its capabilities and its kind', () => {
    expect(wh.kind).toBe('duckdb');
    expect(wh.capabilities).toEqual({
      dispositions: ['append', 'replace', 'merge'],
      transactionalState: true,
      streaming: true,
      loadsFromLake: false,
    });
  });

  it('append creates the table from the Frame schema and round-trips values, nulls and awkward strings', async () => {
    const r = await wh.load('t_append', base);
    expect(r).toMatchObject({ rowsReceived: 3, rowsLoaded: 3, rowsSkipped: 0, rowsInTable: 3 });
    expect(
      await wh.query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't_append' ORDER BY ordinal_position",
      ),
    ).toEqual([
      { column_name: 'invoiceNo', data_type: 'VARCHAR' },
      { column_name: 'quantity', data_type: 'DOUBLE' },
      { column_name: 'invoiceDate', data_type: 'TIMESTAMP' },
      { column_name: 'customerId', data_type: 'VARCHAR' },
    ]);
    expect(await readBack('t_append')).toEqual(sorted);
    // the naive wall-clock time is stored as written
    expect(
      await wh.query(
        `SELECT strftime("invoiceDate", '%Y-%m-%d %H:%M') AS d FROM t_append WHERE "invoiceNo" = '536365'`,
      ),
    ).toEqual([{ d: '2010-12-01 08:26' }]);
    expect((await wh.load('t_append', base)).rowsInTable).toBe(6);
  });

  it('streams batches whose string dictionaries grow, one Parquet file at a time', async () => {
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
    expect((await wh.load('t_stream', batches(), { disposition: 'replace' })).rowsLoaded).toBe(5000);
    // oracle: the same aggregates computed in plain JS from the generator's rule
    let nullItems = 0;
    let sumQ = 0;
    for (let b = 0; b < 5; b++)
      for (let i = 0; i < 1000; i++) {
        if (i % 7 === 0) nullItems++;
        if (i % 11 !== 0) sumQ += b * 1000 + i;
      }
    expect(await wh.query('SELECT count(*) FILTER (WHERE item IS NULL) AS n, sum(q) AS s FROM t_stream')).toEqual([
      { n: nullItems, s: sumQ },
    ]);
  });

  it('a batch with other columns fails the load and leaves the table as it was', async () => {
    await wh.load('t_mismatch', base, { disposition: 'replace' });
    async function* batches(): AsyncGenerator<Frame> {
      yield base;
      yield fromRows([{ other: 1 }]);
    }
    await expect(wh.load('t_mismatch', batches(), { disposition: 'replace' })).rejects.toMatchObject({
      code: 'LOAD_SCHEMA_MISMATCH',
    });
    expect(await wh.rowCount('t_mismatch')).toBe(3);
  });

  it('replace swaps the table; merge upserts on the key with the last duplicate winning', async () => {
    await wh.load('t_replace', base, { disposition: 'replace' });
    expect(
      (await wh.load('t_replace', fromRows(rows.slice(0, 1), SCHEMA), { disposition: 'replace' })).rowsInTable,
    ).toBe(1);
    await wh.load('t_merge', base, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    const changes = fromRows(
      [
        { invoiceNo: '536365', quantity: 60, invoiceDate: T('2010-12-01T08:26:00'), customerId: '17850' },
        { invoiceNo: '999999', quantity: 1, invoiceDate: T('2011-01-01T00:00:00'), customerId: '1' },
        { invoiceNo: '999999', quantity: 2, invoiceDate: T('2011-01-02T00:00:00'), customerId: '2' },
      ],
      SCHEMA,
    );
    const r = await wh.load('t_merge', changes, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    expect(r).toMatchObject({ rowsLoaded: 3, rowsInserted: 1, rowsUpdated: 1, rowsInTable: 4 });
    expect(
      await wh.query(`SELECT "invoiceNo", quantity FROM t_merge WHERE "invoiceNo" IN ('536365', '999999') ORDER BY 1`),
    ).toEqual([
      { invoiceNo: '536365', quantity: 60 },
      { invoiceNo: '999999', quantity: 2 },
    ]);
    const again = await wh.load('t_merge', changes, { disposition: 'merge', primaryKey: ['invoiceNo'] });
    expect(again).toMatchObject({ rowsInserted: 0, rowsUpdated: 2, rowsInTable: 4 });
  });

  it('incremental append: the same load twice gives the same count; new rows at the cursor still load', async () => {
    const inc = { cursorColumn: 'invoiceDate', keyColumns: ['invoiceNo'] };
    const first = await wh.load('t_inc', base, { incremental: inc });
    expect(first.state).toEqual({
      cursorColumn: 'invoiceDate',
      cursor: T('2010-12-01T08:28:00'),
      keysAtCursor: ['["536366"]', '["C53 \\"quoted\\"; tab\\there"]'],
      rowsLoaded: 3,
    });
    expect(await wh.load('t_inc', base, { incremental: inc })).toMatchObject({
      rowsReceived: 3,
      rowsSkipped: 3,
      rowsLoaded: 0,
      rowsInTable: 3,
    });
    const more = fromRows(
      [
        ...rows,
        { invoiceNo: '536367', quantity: 1, invoiceDate: T('2010-12-01T08:28:00'), customerId: null },
        { invoiceNo: '536368', quantity: 1, invoiceDate: T('2010-12-01T09:00:00'), customerId: null },
      ],
      SCHEMA,
    );
    expect(await wh.load('t_inc', more, { incremental: inc })).toMatchObject({
      rowsSkipped: 3,
      rowsLoaded: 2,
      rowsInTable: 5,
    });
    expect(await wh.loadState('t_inc')).toEqual({
      cursorColumn: 'invoiceDate',
      cursor: T('2010-12-01T09:00:00'),
      keysAtCursor: ['["536368"]'],
      rowsLoaded: 5,
    });
  });

  it('loadMany is all-or-nothing; ±Infinity is refused naming table, row and column; NUL is removed and counted', async () => {
    await wh.load('t_many_a', base, { disposition: 'replace' });
    const bad = fromRows([{ invoiceNo: 'x', quantity: Number.POSITIVE_INFINITY }]);
    const err = await wh
      .loadMany?.([
        { table: 't_many_a', data: fromRows(rows.slice(0, 1), SCHEMA), options: { disposition: 'replace' } },
        { table: 't_many_b', data: bad, options: { disposition: 'replace' } },
      ])
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'LOAD_NON_FINITE', details: { table: 't_many_b', row: 0, column: 'quantity' } });
    expect(await wh.rowCount('t_many_a')).toBe(3);
    expect(await wh.rowCount('t_many_b')).toBe(0);
    const r = await wh.load('t_text', fromRows([{ s: 'a\u0000b' }]), { disposition: 'replace' });
    expect(r.textRepairs).toEqual({ s: { nulRemoved: 1, surrogatesReplaced: 0 } });
    expect(await wh.query('SELECT s FROM t_text')).toEqual([{ s: 'ab' }]);
  });

  it('rejects identifiers with quotes or semicolons before any SQL runs', async () => {
    await expect(wh.load('t"; DROP TABLE t_append; --', base)).rejects.toMatchObject({ code: 'SQL_IDENTIFIER' });
    expect(await wh.rowCount('t_append')).toBe(6);
  });
});
