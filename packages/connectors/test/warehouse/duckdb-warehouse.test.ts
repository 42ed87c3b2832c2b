import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRows, toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlEngine, type SqlEngine } from '../../src/engine/open-sql-engine.js';
import { openWarehouse } from '../../src/load/open-warehouse.js';
import type { Warehouse } from '../../src/warehouse/types.js';
import { base, loadConformance, rows, SCHEMA } from './load-conformance.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

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

  loadConformance(() => wh);

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

  it('replace swaps the table: old rows gone', async () => {
    await wh.load('t_replace', base, { disposition: 'replace' });
    expect(
      (await wh.load('t_replace', fromRows(rows.slice(0, 1), SCHEMA), { disposition: 'replace' })).rowsInTable,
    ).toBe(1);
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

describe.skipIf(!duckdb)('openWarehouse(engine): loads into an open DuckDB engine’s database (a real DuckDB)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-duckdb-wh-engine-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shares the database: the engine reads what the warehouse loaded, and either may close first', async () => {
    const file = join(dir, 'shared.duckdb');
    const engine = await openSqlEngine(`duckdb:${file}`);
    const wh = await openWarehouse(engine);
    expect(wh.location).toBe(engine.location);
    expect((await wh.load('t_shared', base, { disposition: 'replace' })).rowsInTable).toBe(3);
    expect(toRows(await engine.query('SELECT count(*) AS n FROM t_shared'))).toEqual([{ n: 3 }]);
    // the engine closes first: the warehouse's connection keeps the database open
    await engine.close();
    expect((await wh.load('t_shared', base)).rowsInTable).toBe(6);
    await wh.close();
    // the file holds both loads, and no other instance holds it any more
    const again = await openSqlEngine(`duckdb:${file}`);
    expect(toRows(await again.query('SELECT count(*) AS n FROM t_shared'))).toEqual([{ n: 6 }]);
    // a warehouse closed before its engine leaves the engine working
    const wh2 = await openWarehouse(again);
    await wh2.close();
    expect(toRows(await again.query('SELECT count(*) AS n FROM t_shared'))).toEqual([{ n: 6 }]);
    await again.close();
  });

  it('keeps its transaction to itself: an engine statement run during a failed load is not rolled back with it', async () => {
    const engine = await openSqlEngine(`duckdb:${join(dir, 'isolated.duckdb')}`);
    const wh = await openWarehouse(engine);
    try {
      // the second batch arrives only after the engine's statement has run, inside the load's open transaction
      async function* batches() {
        yield fromRows(rows.slice(0, 1), SCHEMA);
        await engine.exec('CREATE TABLE e_side AS SELECT 1 AS x');
        yield fromRows([{ ...rows[0], quantity: Number.POSITIVE_INFINITY }], SCHEMA);
      }
      const err = await wh.load('t_failed', batches(), { disposition: 'replace' }).catch((e) => e);
      expect(err).toMatchObject({ code: 'LOAD_NON_FINITE', details: { table: 't_failed', row: 1 } });
      expect(await wh.rowCount('t_failed')).toBe(0);
      // on a shared connection the CREATE would have been inside the load's transaction, and rolled back with it
      expect(toRows(await engine.query('SELECT x FROM e_side'))).toEqual([{ x: 1 }]);
    } finally {
      await wh.close();
      await engine.close();
    }
  });

  it('refuses an engine of another dialect, or not opened by openSqlEngine, saying what to pass', async () => {
    const pg = { dialect: 'postgres', location: 'postgres://app:***@127.0.0.1:5432/shop' } as unknown as SqlEngine;
    await expect(openWarehouse(pg)).rejects.toMatchObject({
      code: 'WAREHOUSE_URI',
      message:
        'openWarehouse: an open engine is taken for DuckDB only (its database has one writer process), not postgres (postgres://app:***@127.0.0.1:5432/shop); pass its URI instead.',
    });
    const wrapped = { dialect: 'duckdb', location: 'duckdb:x' } as unknown as SqlEngine;
    await expect(openWarehouse(wrapped)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        'duckdbWarehouse: target must be a file path or an engine opened by openSqlEngine(\'duckdb:…\'); received "duckdb:x". A wrapped or hand-made engine has no database to open a connection on.',
    });
  });
});
