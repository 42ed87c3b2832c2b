import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openSqlEngine } from '@retailkit/connectors';
import { toRows } from '@retailkit/core';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import { generateCsv } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

/**
 * `run --engine warehouse` against `run --engine memory` on the same generated data: every output file equal (times,
 * machine paths and the warehouse's own description aside; numbers within 1e-9 relative), plus the `warehouse` and
 * `score` steps in run.json and the score tables in the engine. The segment step fits on the per-customer tables
 * computed in the engine (segments.json, churn.json and their models are compared with the memory run's); the other
 * analyses still fit on the in-memory views (see the README).
 */

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

/** Keys whose values are times or say where something ran: not compared. */
const IGNORED = /(^|\.)(ms|startMs|totalMs|seconds|location|source|file|elapsedMs|fitMs)$/;

/** Differences between two JSON values, as paths: numbers within 1e-9 relative, everything else equal. */
function compare(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length >= 10 || IGNORED.test(path)) return;
  if (typeof a === 'number' && typeof b === 'number') {
    if (!(a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))))
      out.push(`${path}: ${a} vs ${b}`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys)
    compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
}

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('warehouse') && !f.startsWith('lake'))
    .sort();
}

describe('run --engine warehouse', () => {
  let dir: string;
  const read = async (p: string) => JSON.parse(await readFile(join(dir, p), 'utf8'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-wh-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'small.csv'), generateCsv({ seed: 7, rows: 20000 }).csv);
    await cli(['run', '--data', 'small.csv', '--out', 'memory', '--quiet'], dir);
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const cases = [
    {
      name: 'DuckDB',
      available: duckdb !== undefined,
      out: 'duck',
      warehouse: () => `duckdb:${join(dir, 'shop.duckdb')}`,
    },
    { name: 'embedded PostgreSQL', available: true, out: 'pg', warehouse: () => 'embedded' },
  ];

  it.skipIf(!cases[0].available).each(cases)(
    'on $name: every output equals the memory run, and the score step merged its tables',
    async (c) => {
      await cli(
        [
          'run',
          '--data',
          'small.csv',
          '--out',
          c.out,
          '--engine',
          'warehouse',
          '--warehouse',
          c.warehouse(),
          '--quiet',
        ],
        dir,
      );
      const files = await jsonFiles(join(dir, 'memory'));
      expect(files).toEqual(await jsonFiles(join(dir, c.out)));
      expect(files).toContain('segments.json');
      for (const f of files.filter((x) => x !== 'run.json' && x !== 'load.json')) {
        const bad: string[] = [];
        compare(await read(join('memory', f)), await read(join(c.out, f)), '', bad);
        expect(bad, f).toEqual([]);
      }
      const steps = (r: { steps: { step: string }[] }) => r.steps.map((s) => s.step);
      const memory = await read('memory/run.json');
      const warehouse = await read(`${c.out}/run.json`);
      const withWarehouse = steps(memory).flatMap((s: string) => (s === 'load' ? ['load', 'warehouse'] : [s]));
      expect(steps(warehouse)).toEqual([...withWarehouse, 'score']);
      expect(warehouse.steps.find((s: { step: string }) => s.step === 'warehouse').detail).toMatch(
        /^20,000 lines loaded and cleaned in /,
      );
      const score = warehouse.steps.at(-1).detail as string;
      const customers = (await read(`${c.out}/segments.json`)).customers as number;
      expect(score).toMatch(new RegExp(`^${customers.toLocaleString('en-US')} customers, `));
    },
    600_000,
  );

  it("on the embedded PostgreSQL, the load made in the engine holds the memory run's tables and views", async () => {
    // oracle: the memory run's own load (the frames COPYed into its embedded server), read back from its data
    // directory: the same tables (columns, types, rows in order) and the same purpose views (names, counts)
    const servers = await Promise.all(
      ['memory', 'pg'].map((o) => startEmbeddedPostgres({ dataDir: join(dir, o, 'warehouse') })),
    );
    const engines = await Promise.all(servers.map((s) => openSqlEngine(s.connectionString)));
    try {
      const rowsOf = (e: (typeof engines)[number], sql: string) => e.query(sql).then(toRows);
      for (const table of ['transactions_raw', 'transactions_clean']) {
        const [memory, pg] = await Promise.all(
          engines.map(async (e) => ({
            columns: await rowsOf(
              e,
              `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
            ),
            rows: await rowsOf(e, `SELECT * FROM "${table}"`),
          })),
        );
        expect(pg.columns, table).toEqual(memory.columns);
        expect([pg.rows.length, memory.rows.length > 0], table).toEqual([memory.rows.length, true]);
        expect(
          pg.rows.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(memory.rows[i])),
          table,
        ).toBe(-1);
      }
      const [memoryLoad, pgLoad] = await Promise.all([read('memory/load.json'), read('pg/load.json')]);
      expect(pgLoad.warehouse.tables).toEqual(memoryLoad.warehouse.tables);
      // made after the warehouse step had cleaned the lines (loadFromEngine), not loaded from the frames before it
      const start = (r: { steps: { step: string; startMs: number }[] }, step: string) =>
        r.steps.find((x) => x.step === step)?.startMs ?? Number.NaN;
      const run = await read('pg/run.json');
      expect(start(run, 'load')).toBeGreaterThan(start(run, 'warehouse'));
      expect(
        pgLoad.warehouse.tables.filter((t: { name: string }) => t.name.startsWith('view_')).length,
      ).toBeGreaterThan(0);
    } finally {
      await Promise.all(engines.map((e) => e.close()));
      await Promise.all(servers.map((s) => s.stop()));
    }
  }, 300_000);

  it.skipIf(!cases[0].available)(
    'a rerun on DuckDB changes no row, and the tables hold one score per customer',
    async () => {
      await cli(
        [
          'run',
          '--data',
          'small.csv',
          '--out',
          'duck',
          '--engine',
          'warehouse',
          '--warehouse',
          cases[0].warehouse(),
          '--quiet',
        ],
        dir,
      );
      const score = (await read('duck/run.json')).steps.at(-1);
      expect(score.step).toBe('score');
      expect(score.detail).toMatch(/; 0 rows changed$/);
      const engine = await openSqlEngine(cases[0].warehouse());
      try {
        const [n] = toRows(
          await engine.query('SELECT count(*) AS n, count(DISTINCT "customerId") AS d FROM customer_scores'),
        );
        expect([Number(n.n), Number(n.d)]).toEqual([(await read('duck/segments.json')).customers, Number(n.n)]);
        const [state] = toRows(
          await engine.query(
            `SELECT inserted, updated, deleted FROM _retailkit_merge_state WHERE target = 'customer_scores'`,
          ),
        );
        expect(Object.values(state).map(Number)).toEqual([0, 0, 0]);
        // the load step wrote its tables into the same DuckDB file (not into an embedded PostgreSQL)
        const load = (await read('duck/load.json')).warehouse;
        expect(load.target).toBe(cases[0].warehouse());
        for (const t of load.tables as { name: string; rowsLoaded: number }[]) {
          const [c] = toRows(await engine.query(`SELECT count(*) AS n FROM "${t.name}"`));
          expect(Number(c.n), t.name).toBe(t.rowsLoaded);
        }
        // the loaded lines became transactions_raw (renamed, their line column dropped), not copied into it
        const [left] = toRows(
          await engine.query(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'retailkit_transactions'",
          ),
        );
        expect(Number(left.n)).toBe(0);
        // made in the engine from its cleaned lines (loadFromEngine), they hold what the frames' load would: the
        // lake's Parquet objects of the same run are Node's raw and cleaned frames, written by connectors' writer
        const lake = (key: string) => `read_parquet('${join(dir, 'duck', 'lake', key).replaceAll("'", "''")}')`;
        for (const [table, key] of [
          ['transactions_raw', 'raw/transactions.parquet'],
          ['transactions_clean', 'staging/transactions_clean.parquet'],
        ]) {
          const columns = async (from: string) =>
            toRows(await engine.query(`DESCRIBE SELECT * FROM ${from}`)).map(
              (r) => `${r.column_name} ${r.column_type}`,
            );
          expect(await columns(table), table).toEqual(await columns(lake(key)));
          for (const [a, b] of [
            [table, lake(key)],
            [lake(key), table],
          ]) {
            // the same rows, in the same order
            const numbered = (from: string) => `SELECT *, row_number() OVER () AS rk_row FROM ${from}`;
            const [d] = toRows(
              await engine.query(`SELECT count(*) AS n FROM (${numbered(a)} EXCEPT ALL ${numbered(b)})`),
            );
            expect(Number(d.n), `${a} except ${b}`).toBe(0);
          }
        }
      } finally {
        await engine.close();
      }
    },
    600_000,
  );
});
