import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Frame, fromRows, stringColumn, timestampColumn, toRows } from '@retailkit/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresWarehouse } from '../../src/warehouse/postgres-warehouse.js';
import type { Warehouse } from '../../src/warehouse/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { base, loadConformance, rows, SCHEMA, T } from './load-conformance.js';

let db: TestDatabase;
let wh: Warehouse;

async function readBack(table: string, order = '"invoiceNo"'): Promise<Record<string, unknown>[]> {
  return wh.query(`SELECT * FROM "${table}" ORDER BY ${order}`);
}

describe('postgresWarehouse', () => {
  beforeAll(async () => {
    db = await createTestDatabase('postgres_warehouse');
    wh = await postgresWarehouse({ connectionString: db.connectionString });
  });
  afterAll(async () => {
    await wh?.close();
    await db?.drop();
  });

  loadConformance(() => wh);

  it('declares its capabilities', () => {
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
    const types = await wh.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't_append' ORDER BY ordinal_position",
    );
    expect(types).toEqual([
      { column_name: 'invoiceNo', data_type: 'text' },
      { column_name: 'quantity', data_type: 'double precision' },
      { column_name: 'invoiceDate', data_type: 'timestamp without time zone' },
      { column_name: 'customerId', data_type: 'text' },
    ]);
    expect(await readBack('t_append')).toEqual([...rows].sort((a, b) => (a.invoiceNo < b.invoiceNo ? -1 : 1)));
    // The naive wall-clock time is stored as written, whatever the server time zone.
    expect(
      await wh.query(
        `SELECT to_char("invoiceDate", 'YYYY-MM-DD HH24:MI') AS d FROM t_append WHERE "invoiceNo" = '536365'`,
      ),
    ).toEqual([{ d: '2010-12-01 08:26' }]);
    const again = await wh.load('t_append', base);
    expect(again.rowsInTable).toBe(6);
  });

  it('a load with no batches: creates the table only when given a schema, and counts the rows already there', async () => {
    async function* none(): AsyncGenerator<Frame> {}
    const tableExists = async (t: string) =>
      (await wh.query('SELECT to_regclass($1) IS NOT NULL AS e', [t]))[0].e as boolean;
    // No batches and no schema: nothing to create.
    expect((await wh.load('t_none', none())).rowsInTable).toBe(0);
    expect(await tableExists('t_none')).toBe(false);
    // No batches but a schema: the table is created, empty (append and merge alike).
    expect((await wh.load('t_none', none(), { schema: SCHEMA })).rowsInTable).toBe(0);
    expect(await tableExists('t_none')).toBe(true);
    const merged = await wh.load('t_none_merge', none(), {
      schema: SCHEMA,
      disposition: 'merge',
      primaryKey: ['invoiceNo'],
    });
    expect(merged).toMatchObject({ rowsInTable: 0, rowsInserted: 0, rowsUpdated: 0 });
    // An existing table keeps its rows, and they are counted.
    await wh.load('t_none', base);
    expect((await wh.load('t_none', none())).rowsInTable).toBe(3);
    expect((await wh.load('t_none', none(), { disposition: 'merge', primaryKey: ['invoiceNo'] })).rowsInTable).toBe(3);
  });

  it('replace swaps the table: loading twice gives the same count, old rows gone', async () => {
    await wh.load('t_replace', base, { disposition: 'replace', primaryKey: ['invoiceNo'] });
    // analyzed in the load's transaction: the planner knows the rows (reltuples is -1 for a never-analyzed table)
    expect(await wh.query("SELECT reltuples FROM pg_class WHERE relname = 't_replace'")).toEqual([{ reltuples: 3 }]);
    const r = await wh.load('t_replace', base, { disposition: 'replace', primaryKey: ['invoiceNo'] });
    expect(r.rowsInTable).toBe(3);
    const smaller = fromRows(rows.slice(0, 1), SCHEMA);
    expect((await wh.load('t_replace', smaller, { disposition: 'replace' })).rowsInTable).toBe(1);
    expect(await wh.query("SELECT count(*) AS n FROM pg_tables WHERE tablename LIKE 't_replace%'")).toEqual([{ n: 1 }]);
  });

  it('rejects identifiers with quotes or semicolons before any SQL runs', async () => {
    await expect(wh.load('x"; DROP TABLE t_append; --', base)).rejects.toMatchObject({ code: 'SQL_IDENTIFIER' });
    const evil = fromRows([{ 'a"b': 1 }]);
    await expect(wh.load('t_evil', evil)).rejects.toMatchObject({ code: 'SQL_IDENTIFIER' });
    await expect(wh.load('t_evil', base, { disposition: 'merge', primaryKey: ['id;'] })).rejects.toMatchObject({
      code: 'SQL_IDENTIFIER',
    });
    expect(await wh.rowCount('t_append')).toBe(6);
    expect(await wh.rowCount('t_evil')).toBe(0);
  });

  it('never shows the password in an error', async () => {
    const bad = db.connectionString.replace(/:([^:@]+)@/, ':Sup3rSecretPw@');
    const other = await postgresWarehouse({ connectionString: bad });
    const err = await other.rowCount('t_append').catch((e) => e);
    await other.close();
    expect(err.code).toBe('PG_QUERY_FAILED');
    expect(err.message).not.toContain('Sup3rSecretPw');
    expect(JSON.stringify(err.toJSON())).not.toContain('Sup3rSecretPw');
    expect(err.message).not.toContain(db.server.password);
  });

  // Kills the loading client, not the server: runs on the shared server, counting COPYs in this file's database.
  for (const disposition of ['replace', 'append'] as const)
    it(`a process killed mid-COPY (${disposition}) leaves no partial rows visible`, async () => {
      const table = `t_kill_${disposition}`;
      if (disposition === 'append')
        await wh.load(table, fromRows([{ id: 'seed', quantity: 1, invoiceDate: T('2011-01-01T00:00:00') }]));
      const before = await wh.rowCount(table);
      const root = fileURLToPath(new URL('../../../../', import.meta.url));
      const script = fileURLToPath(new URL('../fixtures/slow-load.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', script, db.connectionString, table, disposition], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      await new Promise<void>((res, rej) => {
        child.stdout.on('data', (c) => String(c).includes('COPYING') && res());
        child.on('exit', (code) => rej(new Error(`child exited ${code}: ${err}`)));
      });
      const c = new pg.Client({ connectionString: db.connectionString });
      await c.connect();
      const active = await c.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%FROM STDIN%'",
      );
      expect(active.rows[0].n).toBe(1);
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      // The server notices the dropped connection and rolls the transaction back.
      for (let i = 0; i < 100; i++) {
        const r = await c.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%FROM STDIN%'",
        );
        if (r.rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      await c.end();
      expect(await wh.rowCount(table)).toBe(before);
      expect(await wh.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 't_kill%__rk_new'")).toEqual(
        [{ n: 0 }],
      );
    });

  it('loads stay consistent with toRows of the input (no mutation of the input frame)', async () => {
    const snapshot = JSON.stringify(toRows(base, { timestamps: 'ms' }));
    await wh.load('t_nomut', base);
    expect(JSON.stringify(toRows(base, { timestamps: 'ms' }))).toBe(snapshot);
  });

  it('stringColumn and timestampColumn helpers load missing values as NULL', async () => {
    const f: Frame = {
      length: 2,
      columns: { s: stringColumn([null, 'x']), t: timestampColumn([null, T('2011-12-09T12:50:00')]) },
    };
    await wh.load('t_nulls', f);
    expect(await wh.query('SELECT s, t FROM t_nulls ORDER BY s NULLS FIRST')).toEqual([
      { s: null, t: null },
      { s: 'x', t: T('2011-12-09T12:50:00') },
    ]);
  });
});
