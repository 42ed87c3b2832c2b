import type { ColumnType, Frame, SqlDialect } from '@retailkit/core';
import type { FieldDef, QueryConfig } from 'pg';
import { connectorError, redact } from '../errors.js';
import { BIGQUERY_ENGINE, type BigQueryEngineHandle } from '../internal/bigquery-engine.js';
import { loadDrivers } from '../internal/drivers.js';
import { DUCKDB_ENGINE, type DuckDbEngineHandle } from '../internal/duckdb-engine.js';
import { columnsToFrame, FrameBuilder, wallClockMs } from '../internal/result-frame.js';

/** A parameter value of {@link SqlEngine.query}. */
export type SqlParam = string | number | boolean | null;

/**
 * An SQL engine that runs the queries RetailKit's builders generate (rfm's `customerFeaturesSql`, forecast's
 * `demandSeriesSql`, …) where the data lives, and hands back small results as Frames.
 */
export interface SqlEngine {
  /** The dialect to generate SQL for (`sqlDialect(engine.dialect)`). */
  readonly dialect: SqlDialect;
  /** Where it runs, password redacted (`postgres://u:***@host/db`, `duckdb::memory:`, `BigQuery p.d`). */
  readonly location: string;
  /**
   * Run one query and return its rows as a Frame: numbers (integers, bigints, decimals as doubles), strings,
   * booleans, timestamps (naive wall-clock values as epoch ms "as if UTC"). `params` are positional: `$1`, `$2` …
   * in PostgreSQL and DuckDB, `?` in BigQuery. PostgreSQL and DuckDB run calls made together one after another
   * on their connection (DuckDB's result is streamed into the Frame, and a new statement would end it).
   */
  query(sql: string, params?: readonly SqlParam[]): Promise<Frame>;
  /** Run statements that return no rows (DDL, `INSERT … SELECT`, `COPY`). */
  exec(sql: string): Promise<void>;
  /** Close the connection (and the DuckDB database, with the last connection to it). */
  close(): Promise<void>;
}

/** Options of {@link openSqlEngine}. */
export interface OpenSqlEngineOptions {
  /** For BigQuery: more `BigQueryOptions` for the client (`apiEndpoint`, `authClient`, `keyFilename`…). */
  readonly bigquery?: object;
}

const PG_TYPES: Record<number, ColumnType> = {
  16: 'boolean',
  20: 'number',
  21: 'number',
  23: 'number',
  700: 'number',
  701: 'number',
  1700: 'number',
  1082: 'timestamp',
  1114: 'timestamp',
  1184: 'timestamp',
  25: 'string',
  1043: 'string',
};

/** DuckDB type ids (DuckDBTypeId) and the Frame type they become. */
function duckType(id: number): ColumnType | undefined {
  if (id === 1) return 'boolean';
  if ((id >= 2 && id <= 11) || id === 16 || id === 19 || id === 32) return 'number';
  if (id === 12 || id === 13 || (id >= 20 && id <= 22) || id === 31) return 'timestamp';
  if (id === 17) return 'string';
  return undefined;
}

async function openPostgres(url: string): Promise<SqlEngine> {
  const fn = 'openSqlEngine';
  const [{ default: pg }] = await loadDrivers(fn, ['pg']);
  const password = new URL(url).password || undefined;
  const fail = (e: unknown): never => {
    const code = (e as { code?: string }).code;
    throw connectorError('PG_QUERY_FAILED', `${fn}: ${redact((e as Error).message ?? String(e), [password])}`, {
      details: { sqlstate: code ?? null },
      retryable: !code || /^(08|57P|EC)/.test(code),
      cause: e,
    });
  };
  const parsers: Record<number, (text: string) => unknown> = {
    20: Number,
    1700: Number,
    1082: (t) => new Date(wallClockMs(t)),
    1114: (t) => new Date(wallClockMs(t)),
  };
  const client = new pg.Client({
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  await client.connect().catch(fail);
  return {
    dialect: 'postgres',
    location: redact(url),
    async query(sql, params) {
      // each row's values go straight into their columns as it arrives (pg does not keep the rows when a 'row'
      // listener is given): a row object per row beside the columns would double the memory a large result takes
      // (at ×100 of the UCI lines, 437,200 customers' features: Node's peak 415 MB that way, 275 MB this way, in two
      // scale bench runs with other changes between them; bench/RESULTS.md 2026-12-07)
      let frame: FrameBuilder | undefined;
      const fields = await new Promise<readonly FieldDef[]>((resolve, reject) => {
        // rowMode is pg's (each row an array); its types leave it out of QueryConfig
        const config = { text: sql, values: params ? [...params] : undefined, rowMode: 'array' } as QueryConfig;
        const q = new pg.Query<unknown[]>(config);
        q.on('row', (row, result) => {
          frame ??= new FrameBuilder(
            (result?.fields ?? []).map((f) => f.name),
            (result?.fields ?? []).map((f) => PG_TYPES[f.dataTypeID]),
          );
          for (let i = 0; i < row.length; i++) frame.push(i, row[i]);
        });
        q.on('end', (r) => resolve(r.fields));
        q.on('error', reject);
        client.query(q);
      }).catch(fail);
      return (
        frame ??
        new FrameBuilder(
          fields.map((f) => f.name),
          fields.map((f) => PG_TYPES[f.dataTypeID]),
        )
      ).build();
    },
    async exec(sql) {
      await client.query(sql).catch(fail);
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** The settings a `duckdb:` URL may carry after `?`, each with the values it accepts. */
const DUCKDB_SETTINGS: Readonly<Record<string, { pattern: RegExp; expected: string }>> = {
  memory_limit: { pattern: /^\d+(\.\d+)?(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/, expected: 'a size such as 512MB or 2GiB' },
  threads: { pattern: /^[1-9]\d{0,3}$/, expected: 'a whole number of threads, such as 2' },
  // false lets aggregates and sorts spill without keeping the input's order (which results with ORDER BY ignore)
  preserve_insertion_order: { pattern: /^(true|false)$/, expected: 'true or false' },
};

/**
 * `<file>[?memory_limit=512MB&threads=2&preserve_insertion_order=false]` split into the database path and DuckDB's
 * settings. DuckDB's buffers live in the Node process: `memory_limit` caps them (larger work spills to disk beside a
 * file database).
 */
function duckDbTarget(target: string): { path: string; config: Record<string, string> } {
  const q = target.indexOf('?');
  if (q === -1) return { path: target, config: {} };
  const config: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(target.slice(q + 1))) {
    const setting = DUCKDB_SETTINGS[key];
    if (!setting?.pattern.test(value))
      throw connectorError(
        'SQL_ENGINE_URL',
        `openSqlEngine: duckdb setting ${JSON.stringify(key)} = ${JSON.stringify(value)} is not accepted; use ${setting ? `${key}=${setting.expected}` : `one of ${Object.keys(DUCKDB_SETTINGS).join(', ')}`}.`,
        { details: { function: 'openSqlEngine', received: `${key}=${value}` } },
      );
    config[key] = value;
  }
  return { path: target.slice(0, q), config };
}

async function openDuckDb(target: string): Promise<SqlEngine> {
  const fn = 'openSqlEngine';
  const { path, config } = duckDbTarget(target);
  const [{ DuckDBInstance, JSDuckDBValueConverter }] = await loadDrivers(fn, ['@duckdb/node-api']);
  const fail = (e: unknown): never => {
    throw connectorError('DUCKDB_QUERY_FAILED', `${fn}: ${(e as Error).message ?? String(e)}`, {
      details: { path },
      cause: e,
    });
  };
  const db = await DuckDBInstance.create(path, config).catch(fail);
  type Connection = Awaited<ReturnType<typeof db.connect>>;
  let open = 0;
  return connectionEngine(await db.connect().catch(fail));

  /**
   * An engine on one connection of `db`. One statement at a time on the connection: a new statement ends the
   * streaming result of the one before, so calls made together (Promise.all of two queries) would cut each other's
   * rows short. The database closes with its last connection.
   */
  function connectionEngine(c: Connection): SqlEngine {
    open++;
    let tail: Promise<unknown> = Promise.resolve();
    let closed = false;
    const serial = <T>(run: () => Promise<T>): Promise<T> => {
      const next = tail.then(run, run);
      tail = next.catch(() => undefined);
      return next;
    };
    const handle: DuckDbEngineHandle = {
      async connect() {
        if (closed) fail(new Error('the engine is closed'));
        return connectionEngine(await db.connect().catch(fail));
      },
    };
    const engine: SqlEngine & { [DUCKDB_ENGINE]: DuckDbEngineHandle } = {
      dialect: 'duckdb',
      location: `duckdb:${target}`,
      [DUCKDB_ENGINE]: handle,
      query: (sql, params) => serial(() => duckDbQuery(c, sql, params)),
      exec: (sql) => serial(async () => void (await c.run(sql).catch(fail))),
      async close() {
        await tail;
        if (closed) return;
        closed = true;
        c.closeSync();
        if (--open === 0) db.closeSync();
      },
    };
    return engine;
  }

  async function duckDbQuery(c: Connection, sql: string, params?: readonly SqlParam[]): Promise<Frame> {
    // streamed chunk by chunk: a materialized result would sit in DuckDB's buffer pool beside the query's
    // working memory (at ×100 of the UCI lines, `customerFeaturesSql` ran out of 384 MB that way), and a reader
    // holding every chunk keeps them all in the process until the Frame is built
    const result = await c.stream(sql, params ? [...params] : undefined).catch(fail);
    const frame = new FrameBuilder(
      result.columnNames(),
      result.columnTypes().map((t) => duckType(t.typeId)),
    );
    for (;;) {
      const chunk = await result.fetchChunk().catch(fail);
      if (!chunk || chunk.rowCount === 0) break;
      chunk.convertColumns(JSDuckDBValueConverter).forEach((values, i) => {
        for (const v of values) frame.push(i, v);
      });
    }
    return frame.build();
  }
}

async function openBigQuery(projectId: string, datasetId: string, clientOptions: object = {}): Promise<SqlEngine> {
  const fn = 'openSqlEngine';
  const [{ BigQuery }] = await loadDrivers(fn, ['@google-cloud/bigquery']);
  const bq = new BigQuery({ projectId, ...clientOptions });
  const fail = (e: unknown): never => {
    const status = (e as { code?: unknown }).code;
    throw connectorError('BIGQUERY_FAILED', `${fn}: ${redact((e as Error).message ?? String(e))}`, {
      details: { status: typeof status === 'number' ? status : null },
      retryable: typeof status !== 'number' || status >= 500 || status === 429,
      cause: e,
    });
  };
  const run = async (sql: string, params?: readonly SqlParam[]): Promise<Record<string, unknown>[]> => {
    const [rows] = await bq
      .query({ query: sql, params: params ? [...params] : undefined, defaultDataset: { projectId, datasetId } })
      .catch(fail);
    return rows as Record<string, unknown>[];
  };
  // DATETIME/DATE/TIMESTAMP values arrive as objects holding the text in `value`.
  const plain = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !(v instanceof Date) && typeof (v as { value?: unknown }).value === 'string'
      ? new Date(wallClockMs((v as { value: string }).value))
      : v;
  const engine: SqlEngine & { [BIGQUERY_ENGINE]: BigQueryEngineHandle } = {
    dialect: 'bigquery',
    location: `BigQuery ${projectId}.${datasetId}`,
    // mergeInto's load jobs and script jobs use the same client and dataset
    [BIGQUERY_ENGINE]: { client: bq, projectId, datasetId },
    async query(sql, params) {
      const rows = await run(sql, params);
      const names = rows.length > 0 ? Object.keys(rows[0]) : [];
      return columnsToFrame(
        names,
        names.map((n) => rows.map((r) => plain(r[n]))),
      );
    },
    async exec(sql) {
      await run(sql);
    },
    async close() {},
  };
  return engine;
}

/**
 * Open an SQL engine from a URL, loading its driver (an optional peer) on first use:
 * - `postgres://user:pass@host:port/db` (or `postgresql://`): PostgreSQL through `pg`, one connection;
 * - `duckdb:<file>` or `duckdb::memory:`: DuckDB in-process through `@duckdb/node-api`, the embedded engine for data
 *   bigger than memory (a file database spills to disk); `?memory_limit=512MB&threads=2` sets those DuckDB settings
 *   (its buffers live in the Node process: the limit caps them);
 * - `bigquery:<project>.<dataset>`: BigQuery through `@google-cloud/bigquery`, the dataset as the default one
 *   for unqualified table names (credentials from the environment, or `options.bigquery`).
 *
 * @throws RetailKitError `SQL_ENGINE_URL` for any other URL (the password never appears in it),
 *   `CONNECTOR_DRIVER_MISSING` when the driver is not installed, `PG_QUERY_FAILED`, `DUCKDB_QUERY_FAILED` or
 *   `BIGQUERY_FAILED` when the engine refuses a connection or a statement.
 * @example
 * const engine = await openSqlEngine('duckdb::memory:');
 * const f = await engine.query('SELECT 40 + 2 AS answer');
 * f.columns.answer // { type: 'number', data: Float64Array [42] }
 * await engine.close();
 */
export async function openSqlEngine(url: string, options: OpenSqlEngineOptions = {}): Promise<SqlEngine> {
  if (typeof url === 'string' && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (typeof url === 'string' && url.startsWith('duckdb:') && url.length > 'duckdb:'.length)
    return openDuckDb(url.slice('duckdb:'.length));
  const bq =
    typeof url === 'string'
      ? /^bigquery:([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z_][A-Za-z0-9_]{0,1023})$/.exec(url)
      : null;
  if (bq) return openBigQuery(bq[1], bq[2], options.bigquery);
  const shown = typeof url === 'string' ? redact(url) : String(url);
  throw connectorError(
    'SQL_ENGINE_URL',
    `openSqlEngine: ${JSON.stringify(shown)} is not an engine URL; use postgres://user:pass@host:port/db, duckdb:<file>, duckdb::memory: or bigquery:<project>.<dataset>.`,
    { details: { function: 'openSqlEngine', received: shown } },
  );
}
