import { type Frame, fromRows, toRows } from '@retailkit/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPostgres, readPostgresBatches } from '../../src/sources/read-postgres.js';
import { postgresWarehouse } from '../../src/warehouse/postgres-warehouse.js';
import type { Warehouse } from '../../src/warehouse/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const T = (s: string) => Date.parse(`${s}Z`);
let db: TestDatabase;
let wh: Warehouse;

describe('readPostgresBatches (COPY … TO STDOUT)', () => {
  beforeAll(async () => {
    db = await createTestDatabase('read_postgres');
    wh = await postgresWarehouse({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await wh?.close();
    await db?.drop();
  });

  it('streams a table into Frame batches of the asked size with types preserved', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      invoiceNo: `INV${i % 300}`,
      quantity: i % 13 === 0 ? null : i - 100,
      invoiceDate: T('2011-01-01T00:00:00') + i * 60_000,
      customerId: i % 5 === 0 ? null : `C${i % 17}`,
      ok: i % 2 === 0,
    }));
    const f = fromRows(rows, {
      invoiceNo: 'string',
      quantity: 'number',
      invoiceDate: 'timestamp',
      customerId: 'string',
      ok: 'boolean',
    });
    await wh.load('src_t', f, { disposition: 'replace' });
    const sizes: number[] = [];
    const out: Record<string, unknown>[] = [];
    for await (const b of readPostgresBatches({
      connectionString: db.connectionString,
      table: 'src_t',
      batchSize: 1000,
    })) {
      sizes.push(b.length);
      expect(Object.fromEntries(Object.entries(b.columns).map(([k, c]) => [k, c.type]))).toEqual({
        invoiceNo: 'string',
        quantity: 'number',
        invoiceDate: 'timestamp',
        customerId: 'string',
        ok: 'boolean',
      });
      out.push(...toRows(b, { timestamps: 'ms' }));
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    // Oracle: the input rows (COPY keeps insertion order for a freshly loaded heap table).
    expect(out).toEqual(rows);
  });

  it('reads a query with numeric, integer, date and timestamptz columns', async () => {
    const f = await readPostgres({
      connectionString: db.connectionString,
      query:
        "SELECT 1::int AS i, 2.5::numeric AS n, DATE '2011-12-09' AS d, TIMESTAMPTZ '2011-12-09 12:50:00+02' AS tz, NULL::text AS s, 'x' AS \"Customer ID\";",
    });
    expect(toRows(f, { timestamps: 'ms' })).toEqual([
      { i: 1, n: 2.5, d: T('2011-12-09T00:00:00'), tz: T('2011-12-09T10:50:00'), s: null, 'Customer ID': 'x' },
    ]);
  });

  it('property: Frame → COPY FROM → COPY TO → Frame is the identity on rows', async () => {
    let k = 0;
    const row = fc.record({
      // PostgreSQL text cannot hold U+0000.
      s: fc.option(
        fc.string({ unit: 'grapheme', maxLength: 12 }).filter((x) => !x.includes('\u0000')),
        { nil: null },
      ),
      x: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
      t: fc.option(fc.integer({ min: T('1900-01-01T00:00:00'), max: T('2100-01-01T00:00:00') }), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const table = `prop_${k++}`;
        const f: Frame = fromRows(rows, { s: 'string', x: 'number', t: 'timestamp' });
        await wh.load(table, f, { disposition: 'replace' });
        const back = await readPostgres({ connectionString: db.connectionString, table });
        await wh.query(`DROP TABLE "${table}"`);
        expect(toRows(back, { timestamps: 'ms' })).toEqual(rows);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('rejects a table name that is not an allow-listed identifier', async () => {
    const it = readPostgresBatches({ connectionString: db.connectionString, table: 'a;b' });
    await expect(it.next()).rejects.toMatchObject({ code: 'SQL_IDENTIFIER' });
  });
});
