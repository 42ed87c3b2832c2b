import { isRetailKitError, toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlEngine, type SqlEngine } from '../../src/engine/open-sql-engine.js';
import { type BigQueryDouble, startBigQueryDouble } from '../helpers/bigquery-double.js';
import { fixedTokenAuth } from '../helpers/google-auth.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return isRetailKitError(e) ? { code: e.code, message: e.message } : { code: 'other', message: String(e) };
  }
  return { code: 'none', message: '' };
}

const ENGINES = [
  { name: 'duckdb', skip: !duckdb, error: 'DUCKDB_QUERY_FAILED' },
  { name: 'postgres', skip: false, error: 'PG_QUERY_FAILED' },
] as const;

// Expected values are the literals the queries select (an independent oracle): each engine must hand them back
// with the Frame type of their SQL type.
describe.each(ENGINES)('openSqlEngine on $name', ({ name, skip, error }) => {
  let engine: SqlEngine;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    if (skip) return;
    if (name === 'postgres') {
      db = await createTestDatabase('sql_engine');
      engine = await openSqlEngine(db.connectionString);
    } else engine = await openSqlEngine('duckdb::memory:');
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it.skipIf(skip)('returns numbers, decimals, strings, booleans, timestamps and dates as Frame columns', async () => {
    expect(engine.dialect).toBe(name);
    const f = await engine.query(`SELECT CAST(42 AS bigint) AS i, CAST(1.5 AS double precision) AS d,
      CAST(2.25 AS numeric(10, 2)) AS n, 'x' AS s, TRUE AS b, TIMESTAMP '2011-01-02 03:04:05.678' AS t,
      DATE '2011-01-02' AS day, CAST(NULL AS text) AS z`);
    expect(Object.fromEntries(Object.entries(f.columns).map(([k, c]) => [k, c.type]))).toEqual({
      i: 'number',
      d: 'number',
      n: 'number',
      s: 'string',
      b: 'boolean',
      t: 'timestamp',
      day: 'timestamp',
      z: 'string',
    });
    const v = (k: string) => (f.columns[k] as { data: ArrayLike<number> }).data[0];
    expect([v('i'), v('d'), v('n'), v('t'), v('day')]).toEqual([
      42,
      1.5,
      2.25,
      Date.UTC(2011, 0, 2, 3, 4, 5, 678),
      Date.UTC(2011, 0, 2),
    ]);
  });

  it.skipIf(skip)(
    'runs statements, binds positional parameters and keeps declared types of empty results',
    async () => {
      await engine.exec('CREATE TABLE sales (sku text, qty double precision)');
      await engine.exec("INSERT INTO sales VALUES ('A', 2), ('B', 3), ('A', 4)");
      const f = await engine.query(
        'SELECT sku, SUM(qty) AS qty FROM sales WHERE qty > $1 GROUP BY sku ORDER BY sku',
        [2],
      );
      expect(f.length).toBe(2);
      expect((f.columns.qty as { data: Float64Array }).data).toEqual(Float64Array.of(4, 3));
      const empty = await engine.query('SELECT sku, qty FROM sales WHERE qty > 100');
      expect([empty.length, empty.columns.sku.type, empty.columns.qty.type]).toEqual([0, 'string', 'number']);
    },
  );

  it.skipIf(skip)('returns results of many chunks whole and in order (DuckDB streams 2,048 rows a chunk)', async () => {
    // oracle: row i is (i, 'r' || i, i / 2): computed here for every row
    const f = await engine.query(
      "SELECT i, 'r' || CAST(i AS text) AS s, i / 2.0 AS h FROM generate_series(0, 4999) AS g(i) ORDER BY i",
    );
    expect(f.length).toBe(5000);
    const rows = toRows(f);
    expect(rows.every((r, i) => r.i === i && r.s === `r${i}` && r.h === i / 2)).toBe(true);
  });

  it.skipIf(skip)(
    'builds columns longer than a block (65,536 values) whole, nulls and timestamps included',
    async () => {
      // oracle: row i holds i, NULL when i is a multiple of 7 else i / 4, and 2011-01-01 plus i seconds (computed here)
      const n = 150_000;
      const f = await engine.query(
        `SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4.0 END AS q, TIMESTAMP '2011-01-01 00:00:00' + i * INTERVAL '1 second' AS t FROM generate_series(0, ${n - 1}) AS g(i) ORDER BY i`,
      );
      expect([f.length, f.columns.i.type, f.columns.q.type, f.columns.t.type]).toEqual([
        n,
        'number',
        'number',
        'timestamp',
      ]);
      const [i, q, t] = ['i', 'q', 't'].map((c) => (f.columns[c] as { data: Float64Array }).data);
      const t0 = Date.UTC(2011, 0, 1);
      let wrong = 0;
      for (let k = 0; k < n; k++)
        if (i[k] !== k || (k % 7 === 0 ? !Number.isNaN(q[k]) : q[k] !== k / 4) || t[k] !== t0 + k * 1000) wrong++;
      expect([i.length, wrong]).toEqual([n, 0]);
    },
  );

  it.skipIf(skip)('runs queries and statements called together one after another, each result whole', async () => {
    // oracle: the counts and sums of generate_series, computed here (0 + … + n−1 = n(n−1)/2)
    const sizes = [4000, 6000, 9000];
    const frames = await Promise.all([
      ...sizes.map((n) => engine.query(`SELECT i FROM generate_series(0, ${n - 1}) AS g(i)`)),
      engine.exec('CREATE TABLE together (n integer)'),
    ]);
    sizes.forEach((n, k) => {
      const f = frames[k] as Awaited<ReturnType<SqlEngine['query']>>;
      const i = (f.columns.i as { data: Float64Array }).data;
      expect([f.length, i.reduce((a, b) => a + b, 0)]).toEqual([n, (n * (n - 1)) / 2]);
    });
  });

  it.skipIf(skip)(`reports a failed statement as ${error}`, async () => {
    const e = await failure(engine.query('SELECT * FROM no_such_table'));
    expect(e.code).toBe(error);
    expect(e.message).toMatch(/openSqlEngine: .*no_such_table/);
  });
});

describe('openSqlEngine URLs', () => {
  it('refuses other URLs with SQL_ENGINE_URL, password redacted', async () => {
    const e = await failure(openSqlEngine('mysql://app:hunter2@127.0.0.1/shop'));
    expect(e.code).toBe('SQL_ENGINE_URL');
    expect(e.message).not.toContain('hunter2');
    expect((await failure(openSqlEngine('duckdb:'))).code).toBe('SQL_ENGINE_URL');
  });

  it.skipIf(!duckdb)('opens a DuckDB file database that keeps its tables after closing', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'rk-duck-'));
    try {
      const url = `duckdb:${join(dir, 'shop.duckdb')}`;
      const a = await openSqlEngine(url);
      await a.exec('CREATE TABLE t AS SELECT 7 AS n');
      await a.close();
      const b = await openSqlEngine(url);
      expect((await b.query('SELECT n FROM t')).columns.n).toEqual({ type: 'number', data: Float64Array.of(7) });
      expect(b.location).toBe(url);
      await b.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!duckdb)('applies the settings given after ?, and refuses other settings', async () => {
    const engine = await openSqlEngine('duckdb::memory:?memory_limit=256MB&threads=1&preserve_insertion_order=false');
    try {
      const settings = await engine.query(
        "SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t, current_setting('preserve_insertion_order') AS p",
      );
      // DuckDB shows 256 MB as 244.1 MiB
      expect(settings.columns.m).toEqual({ type: 'string', codes: Int32Array.of(0), values: ['244.1 MiB'] });
      expect(settings.columns.t).toEqual({ type: 'number', data: Float64Array.of(1) });
      expect(settings.columns.p).toEqual({ type: 'boolean', data: Uint8Array.of(0) });
    } finally {
      await engine.close();
    }
    const bad = await failure(openSqlEngine('duckdb::memory:?enable_external_access=true'));
    expect([bad.code, bad.message]).toEqual([
      'SQL_ENGINE_URL',
      'openSqlEngine: duckdb setting "enable_external_access" = "true" is not accepted; use one of memory_limit, threads, preserve_insertion_order.',
    ]);
    expect((await failure(openSqlEngine('duckdb::memory:?memory_limit=lots'))).message).toMatch(
      /use memory_limit=a size such as 512MB or 2GiB\.$/,
    );
  });
});

describe('openSqlEngine on BigQuery (contract test against the loopback double of its REST API)', () => {
  let dbl: BigQueryDouble;
  beforeAll(async () => {
    dbl = await startBigQueryDouble();
  });
  afterAll(async () => {
    await dbl?.stop();
  });

  it('sends the query with the dataset as default and returns the rows as a Frame', async () => {
    dbl.tables.set('retail-test.retail.t', [{ a: 1 }, { a: 2 }, { a: 3 }]);
    const engine = await openSqlEngine('bigquery:retail-test.retail', {
      bigquery: { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() },
    });
    expect([engine.dialect, engine.location]).toEqual(['bigquery', 'BigQuery retail-test.retail']);
    const f = await engine.query('SELECT COUNT(*) AS n FROM `retail-test.retail.t`');
    expect(f.columns.n).toEqual({ type: 'number', data: Float64Array.of(3) });
    const sent = dbl.requests.find((r) => r.method === 'POST' && /\/queries$/.test(r.path))?.body as {
      query: string;
      defaultDataset?: { projectId: string; datasetId: string };
    };
    expect(sent.defaultDataset).toEqual({ projectId: 'retail-test', datasetId: 'retail' });
    await engine.close();
  });

  it('polls a long query until it completes and pages through its results (2,500 rows in pages of 1,000)', async () => {
    const sql = 'SELECT customerId, score, visits, since FROM scores ORDER BY customerId';
    const rows = Array.from({ length: 2500 }, (_, i) => [
      `c${String(i).padStart(5, '0')}`,
      i % 7 === 0 ? null : String(i / 8),
      String(i % 13),
      `2011-12-${String(1 + (i % 9)).padStart(2, '0')}T10:30:00`,
    ]);
    dbl.results.set(sql, {
      fields: [
        { name: 'customerId', type: 'STRING' },
        { name: 'score', type: 'FLOAT' },
        { name: 'visits', type: 'INTEGER' },
        { name: 'since', type: 'DATETIME' },
      ],
      rows,
      polls: 2,
      pageSize: 1000,
    });
    const engine = await openSqlEngine('bigquery:retail-test.retail', {
      bigquery: { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() },
    });
    const before = dbl.requests.length;
    const f = await engine.query(sql);
    const sent = dbl.requests.slice(before);
    await engine.close();
    // the flow: one jobs.query, getQueryResults until complete, then one more per page
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/bigquery/v2/projects/retail-test/queries' });
    const results = sent.filter((r) => r.method === 'GET' && /\/queries\//.test(r.path));
    expect(results.length).toBeGreaterThanOrEqual(2 + 3);
    // every row, in order, typed: nulls kept, integers and floats as numbers, DATETIME as naive wall-clock ms
    expect(f.length).toBe(2500);
    const out = toRows(f, { timestamps: 'ms' });
    expect(out[0]).toEqual({ customerId: 'c00000', score: null, visits: 0, since: Date.UTC(2011, 11, 1, 10, 30) });
    expect(out[2498]).toEqual({
      customerId: 'c02498',
      score: 2498 / 8,
      visits: 2498 % 13,
      since: Date.UTC(2011, 11, 1 + (2498 % 9), 10, 30),
    });
    expect(out.map((r) => r.customerId)).toEqual(rows.map((r) => r[0]));
  });
});
