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

  // issue 17, finding 4: earlier tables stayed committed when a later one failed.
  for (const disposition of ['replace', 'append', 'merge', 'incremental'] as const)
    it(`${disposition}: three tables where the third fails leave all three as they were`, async () => {
      const names = ['atom_a', 'atom_b', 'atom_c'].map((n) => `${n}_${disposition}`);
      const incremental = disposition === 'incremental' ? { cursorColumn: 'quantity' } : undefined;
      const common = {
        warehouse: wh,
        disposition: disposition === 'incremental' ? ('append' as const) : disposition,
        primaryKey: ['invoiceNo', 'stockCode'],
        ...(incremental ? { incremental } : {}),
      };
      await loadTables({ ...common, tables: Object.fromEntries(names.map((n) => [n, tx])) });
      const snapshot = async () => {
        const out: unknown[] = [];
        for (const n of names) out.push(await wh.query(`SELECT * FROM "${n}" ORDER BY "invoiceNo", "stockCode"`));
        out.push(await wh.query('SELECT to_regclass($1) AS t', ['_retailkit_load_state']));
        if (incremental) for (const n of names) out.push(await wh.loadState(n));
        return out;
      };
      const before = await snapshot();
      // New rows for every table (larger quantities, so the incremental cursor takes them); the third table's last row
      // has a date PostgreSQL refuses (before 4713 BC), so its COPY fails on the server.
      const later = fromRows(
        [{ invoiceNo: '536400', stockCode: '22728', quantity: 20, invoiceDate: T('2010-12-02T10:00:00') }],
        SCHEMA,
      );
      const bad = fromRows(
        [
          { invoiceNo: '536401', stockCode: '22729', quantity: 21, invoiceDate: T('2010-12-02T11:00:00') },
          { invoiceNo: '536402', stockCode: '22730', quantity: 22, invoiceDate: -8.6e15 },
        ],
        SCHEMA,
      );
      async function* streamed(): AsyncGenerator<Frame> {
        yield later;
      }
      const err = await loadTables({
        ...common,
        tables: { [names[0]]: later, [names[1]]: streamed(), [names[2]]: bad },
      }).catch((e) => e);
      expect(err).toMatchObject({ code: 'LOAD_REJECTED', details: { table: names[2], row: 1, column: 'invoiceDate' } });
      expect(await snapshot()).toEqual(before);
    });

  it('loadTables reports the text repairs of each table (NUL removed)', async () => {
    const withNul = fromRows(
      [{ invoiceNo: '5363\u000065', stockCode: '85123A', quantity: 6, invoiceDate: T('2010-12-01T08:26:00') }],
      SCHEMA,
    );
    const r = await loadTables({ warehouse: wh, tables: { nul_a: tx, nul_b: withNul } });
    expect(r.tables.map((t) => t.textRepairs)).toEqual([
      undefined,
      { invoiceNo: { nulRemoved: 1, surrogatesReplaced: 0 } },
    ]);
    expect(await wh.query('SELECT "invoiceNo" FROM nul_b')).toEqual([{ invoiceNo: '536365' }]);
  });
});
