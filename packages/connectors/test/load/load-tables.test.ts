import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Frame, fromRows, toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquet } from '../../src/formats/parquet.js';
import { loadTables } from '../../src/load/load-tables.js';
import { openLake } from '../../src/load/open-lake.js';
import { type OpenedWarehouse, openWarehouse } from '../../src/load/open-warehouse.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const T = (s: string) => Date.parse(`${s}Z`);
const SCHEMA = { invoiceNo: 'string', stockCode: 'string', quantity: 'number', invoiceDate: 'timestamp' } as const;
const tx = fromRows(
  [
    { invoiceNo: '536365', stockCode: '85123A', quantity: 6, invoiceDate: T('2010-12-01T08:26:00') },
    { invoiceNo: '536365', stockCode: '71053', quantity: 6, invoiceDate: T('2010-12-01T08:26:00') },
    { invoiceNo: 'C536379', stockCode: 'D', quantity: -1, invoiceDate: T('2010-12-01T09:41:00') },
  ],
  SCHEMA,
);

let dir: string;
let db: TestDatabase;
let wh: OpenedWarehouse;

describe('loadTables with openLake and openWarehouse', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'retailkit-load-'));
    db = await createTestDatabase('load_tables');
    wh = await openWarehouse(db.connectionString);
  });
  afterAll(async () => {
    await wh?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes Parquet to staging/ and loads the warehouse; re-running replace gives the same counts', async () => {
    const lake = await openLake(join(dir, 'lake'));
    async function* batches(): AsyncGenerator<Frame> {
      yield tx;
      yield tx;
    }
    const run = () =>
      loadTables({
        lake,
        warehouse: wh,
        tables: { transactions: tx, raw_transactions: batches() },
        disposition: 'replace',
      });
    const first = await run();
    expect(first.tables.map(({ lakeUri, lakeBytes, ...r }) => r)).toEqual([
      {
        name: 'transactions',
        rowsWritten: 3,
        rowsLoaded: 3,
        rowsInTable: 3,
        lakeKey: 'staging/transactions.parquet',
        disposition: 'replace',
      },
      {
        name: 'raw_transactions',
        rowsWritten: 6,
        rowsLoaded: 6,
        rowsInTable: 6,
        lakeKey: 'staging/raw_transactions.parquet',
        disposition: 'replace',
      },
    ]);
    expect(first.tables[0].lakeUri).toBe(join(dir, 'lake', 'staging', 'transactions.parquet'));
    expect(first.tables[0].lakeBytes).toBeGreaterThan(0);
    const again = await run();
    expect(again.tables.map((t) => t.rowsInTable)).toEqual([3, 6]);
    // The lake copy is the same data (read back independently with readParquet).
    const back = await readParquet(join(dir, 'lake', 'staging', 'transactions.parquet'));
    expect(toRows(back, { timestamps: 'ms' })).toEqual(toRows(tx, { timestamps: 'ms' }));
    expect(await wh.query('SELECT count(*)::int AS n FROM raw_transactions WHERE quantity < 0')).toEqual([{ n: 2 }]);
  });

  it('merges on a primary key per table and loads without a lake', async () => {
    const r = await loadTables({
      warehouse: wh,
      tables: { lines: tx },
      disposition: 'merge',
      primaryKey: { lines: ['invoiceNo', 'stockCode'] },
    });
    expect(r.tables).toEqual([{ name: 'lines', rowsWritten: 0, rowsLoaded: 3, rowsInTable: 3, disposition: 'merge' }]);
    expect(
      (
        await loadTables({
          warehouse: wh,
          tables: { lines: tx },
          disposition: 'merge',
          primaryKey: ['invoiceNo', 'stockCode'],
        })
      ).tables[0].rowsInTable,
    ).toBe(3);
  });

  it('rejects table names that are not identifiers', async () => {
    await expect(loadTables({ warehouse: wh, tables: { 'x"y': tx } })).rejects.toMatchObject({
      code: 'SQL_IDENTIFIER',
    });
  });

  it('opens lakes and warehouses by URI and refuses unknown schemes without echoing secrets', async () => {
    expect((await openLake('s3://bucket-a/prefix/x', { s3: { region: 'us-east-1' } })).uri).toBe(
      's3://bucket-a/prefix/x',
    );
    expect((await openLake('gs://bucket-b/p', { gcs: { projectId: 'p' } })).uri).toBe('gs://bucket-b/p');
    expect((await openLake('./out/lake')).kind).toBe('local');
    await expect(openLake('ftp://host/x')).rejects.toMatchObject({ code: 'LAKE_URI' });
    const err = await openWarehouse('mysql://root:hunter2@db/x').catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_URI');
    expect(err.message).not.toContain('hunter2');
    // The embedded server is a package of its own: its name here is not a URI.
    await expect(openWarehouse('embedded')).rejects.toMatchObject({
      code: 'WAREHOUSE_URI',
      message: expect.stringContaining('@retailkit/embedded-postgres'),
    });
    // A postgres:// warehouse describes itself without its password.
    expect(wh.location).toContain(`127.0.0.1:${db.server.port}/${db.name}`);
    expect(wh.location).not.toContain(db.server.password);
  });
});
