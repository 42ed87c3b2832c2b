import { randomUUID } from 'node:crypto';
import { type ColumnType, type Frame, invalidArgument } from '@retailkit/core';
import type pg from 'pg';
import { connectorError, redact } from '../errors.js';
import { writeParquet } from '../formats/parquet.js';
import { loadDrivers } from '../internal/drivers.js';
import { quoteIdent } from '../internal/sql.js';
import type { ObjectStore } from '../lake/types.js';
import { guardBatches, type TextRepairs } from './guard.js';
import type { LoadOptions, LoadResult, TableSchema, Warehouse, WriteDisposition } from './types.js';

/** How Redshift reads the S3 objects: an IAM role (recommended) or access keys. */
export type RedshiftAuthorization =
  | { iamRole: string }
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Inputs of {@link planRedshiftLoad}. */
export interface RedshiftLoadPlanInput {
  schema?: string;
  table: string;
  columns: TableSchema;
  disposition: WriteDisposition;
  primaryKey?: readonly string[];
  /** `s3://bucket/key` of the manifest. */
  manifestUri: string;
  /** The data objects: S3 URI and byte length (Parquet manifests need `content_length`). */
  files: readonly { uri: string; bytes: number }[];
  authorization: RedshiftAuthorization;
  /** Region of the bucket when it differs from the cluster's. */
  region?: string;
}

/** The manifest JSON and the SQL statements of one load, in order (run in one transaction). */
export interface RedshiftLoadPlan {
  manifest: { entries: { url: string; mandatory: true; meta: { content_length: number } }[] };
  statements: string[];
}

function redshiftType(t: ColumnType): string {
  switch (t) {
    case 'number':
      return 'DOUBLE PRECISION';
    case 'int':
      return 'INTEGER';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      // Redshift's TEXT is VARCHAR(256); descriptions are longer.
      return 'VARCHAR(65535)';
  }
}

function literal(s: string): string {
  if (s.includes('\u0000')) throw invalidArgument('planRedshiftLoad', 'literal', '(contains NUL)', 'text without NUL');
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function authClause(a: RedshiftAuthorization): string {
  if ('iamRole' in a) {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(a.iamRole))
      throw invalidArgument(
        'planRedshiftLoad',
        'authorization.iamRole',
        a.iamRole,
        'an IAM role ARN (arn:aws:iam::123456789012:role/name)',
      );
    return `IAM_ROLE ${literal(a.iamRole)}`;
  }
  return `ACCESS_KEY_ID ${literal(a.accessKeyId)} SECRET_ACCESS_KEY ${literal(a.secretAccessKey)}${a.sessionToken ? ` SESSION_TOKEN ${literal(a.sessionToken)}` : ''}`;
}

/**
 * Plan a Redshift load from Parquet objects in S3: the manifest (`entries` with `mandatory` and the
 * `content_length` Parquet needs) and the statements — `COPY … FROM '<manifest>' … FORMAT AS PARQUET MANIFEST`
 * into the table (append), into a staging table swapped in by rename (replace), or into a temporary table
 * followed by `DELETE … USING` + `INSERT` on the primary key (merge). Pure: no I/O; identifiers allow-listed
 * and quoted, literals escaped.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`.
 * @example
 * planRedshiftLoad({
 *   table: 'sales', columns: { sku: 'string', qty: 'number' }, disposition: 'append',
 *   manifestUri: 's3://lake/staging/sales.manifest', files: [{ uri: 's3://lake/staging/sales-0.parquet', bytes: 1024 }],
 *   authorization: { iamRole: 'arn:aws:iam::123456789012:role/loader' },
 * }).statements
 * // [ 'CREATE TABLE IF NOT EXISTS "public"."sales" ("sku" VARCHAR(65535), "qty" DOUBLE PRECISION)',
 * //   `COPY "public"."sales" FROM 's3://lake/staging/sales.manifest' IAM_ROLE 'arn:aws:iam::123456789012:role/loader' FORMAT AS PARQUET MANIFEST` ]
 */
export function planRedshiftLoad(input: RedshiftLoadPlanInput): RedshiftLoadPlan {
  const fn = 'planRedshiftLoad';
  const qs = quoteIdent(input.schema ?? 'public', fn, 'schema');
  const qt = `${qs}.${quoteIdent(input.table, fn, 'table')}`;
  const names = Object.keys(input.columns);
  if (names.length === 0) throw invalidArgument(fn, 'columns', input.columns, 'at least one column');
  const cols = names.map((n) => `${quoteIdent(n, fn, 'column')} ${redshiftType(input.columns[n])}`).join(', ');
  const colList = names.map((n) => quoteIdent(n, fn)).join(', ');
  const pk = input.primaryKey ?? [];
  for (const k of pk) quoteIdent(k, fn, 'primary key column');
  if (!/^s3:\/\/[a-z0-9][a-z0-9.-]+\/.+/.test(input.manifestUri))
    throw invalidArgument(fn, 'manifestUri', input.manifestUri, 'an s3://bucket/key URI');
  const copy = (target: string) =>
    `COPY ${target} FROM ${literal(input.manifestUri)} ${authClause(input.authorization)} FORMAT AS PARQUET MANIFEST${input.region ? ` REGION ${literal(input.region)}` : ''}`;
  const statements: string[] = [];
  if (input.disposition === 'append') {
    statements.push(`CREATE TABLE IF NOT EXISTS ${qt} (${cols})`, copy(qt));
  } else if (input.disposition === 'replace') {
    const stage = quoteIdent(`${input.table.slice(0, 40)}__rk_new`, fn);
    statements.push(
      `DROP TABLE IF EXISTS ${qs}.${stage}`,
      `CREATE TABLE ${qs}.${stage} (${cols})`,
      copy(`${qs}.${stage}`),
      `DROP TABLE IF EXISTS ${qt}`,
      `ALTER TABLE ${qs}.${stage} RENAME TO ${quoteIdent(input.table, fn)}`,
    );
  } else {
    if (pk.length === 0) throw invalidArgument(fn, 'primaryKey', input.primaryKey, 'one or more key columns for merge');
    const stage = quoteIdent(`rk_stage_${input.table.slice(0, 40)}`, fn);
    const on = pk.map((k) => `${qt}.${quoteIdent(k, fn)} = ${stage}.${quoteIdent(k, fn)}`).join(' AND ');
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${qt} (${cols})`,
      `CREATE TEMP TABLE ${stage} (LIKE ${qt})`,
      copy(stage),
      `DELETE FROM ${qt} USING ${stage} WHERE ${on}`,
      `INSERT INTO ${qt} (${colList}) SELECT ${colList} FROM ${stage}`,
      `DROP TABLE ${stage}`,
    );
  }
  return {
    manifest: {
      entries: input.files.map((f) => ({ url: f.uri, mandatory: true as const, meta: { content_length: f.bytes } })),
    },
    statements,
  };
}

/** Options of {@link redshiftWarehouse}. */
export interface RedshiftWarehouseOptions {
  /** `postgres://user:password@cluster:5439/db` (Redshift speaks the PostgreSQL protocol). */
  connectionString: string;
  /** An S3 lake (`s3Lake`) where the Parquet files and the manifest are staged. */
  lake: ObjectStore;
  authorization: RedshiftAuthorization;
  schema?: string;
  region?: string;
  /** Prefix of staged loads in the lake. Default `staging/redshift/`. */
  stagingPrefix?: string;
}

/**
 * A Redshift destination: stages Parquet and a manifest in S3 through the lake, then runs the
 * {@link planRedshiftLoad} statements in one transaction over the PostgreSQL protocol (`pg`); `loadMany` runs
 * the statements of every table in that one transaction. Errors are redacted (the SQL may hold access keys, which
 * are never logged). Text loses U+0000 and has lone surrogates replaced by U+FFFD; ±Infinity is refused.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (the lake must be S3), `SQL_IDENTIFIER`, `LOAD_NON_FINITE`,
 *   `PG_QUERY_FAILED` (`details.table` names the table whose statement failed),
 *   `CONNECTOR_DRIVER_MISSING` without `pg` (an optional peer: `npm install pg`).
 * @example
 * const lake = await s3Lake({ bucket: 'retail-lake', prefix: 'prod' });
 * const wh = await redshiftWarehouse({ connectionString, lake, authorization: { iamRole } });
 * await wh.load('transactions', frame, { disposition: 'replace' }); // { rowsLoaded: 3, rowsInTable: 3, … }
 */
export async function redshiftWarehouse(options: RedshiftWarehouseOptions): Promise<Warehouse> {
  const fn = 'redshiftWarehouse';
  if (options?.lake?.kind !== 's3')
    throw invalidArgument(fn, 'lake', options?.lake?.kind, 'an S3 lake (s3Lake)', 'Redshift COPY reads from S3.');
  const [{ default: pgMod }] = await loadDrivers(fn, ['pg']);
  const pool: pg.Pool = new pgMod.Pool({ connectionString: options.connectionString, max: 2 });
  pool.on('error', () => undefined);
  const secrets = [
    'secretAccessKey' in options.authorization ? options.authorization.secretAccessKey : undefined,
    'sessionToken' in options.authorization ? options.authorization.sessionToken : undefined,
  ];
  const prefix = options.stagingPrefix ?? 'staging/redshift/';
  const wrap = (e: unknown): never => {
    const table = (e as { table?: string }).table;
    throw connectorError(
      'PG_QUERY_FAILED',
      `${fn}: ${table ? `table ${table}: ` : ''}${redact((e as Error).message ?? String(e), secrets)}`,
      {
        details: { sqlstate: (e as { code?: string }).code ?? null, ...(table ? { table } : {}) },
        retryable: !(e as { code?: string }).code,
      },
    );
  };
  /** Stage one table's Parquet parts and manifest in S3 (through the load guard) and plan its statements. */
  async function stage(table: string, data: Frame | AsyncIterable<Frame>, lo: LoadOptions) {
    if (lo.incremental)
      throw invalidArgument(
        `${fn}.load`,
        'incremental',
        lo.incremental,
        'absent for Redshift',
        'Use merge on a primary key.',
      );
    const run = `${prefix}${quoteIdent(table, fn, 'table').slice(1, -1)}/${randomUUID()}/`;
    const files: { uri: string; bytes: number }[] = [];
    const repairs: TextRepairs = {};
    let rows = 0;
    let columns: TableSchema = {};
    let i = 0;
    for await (const f of guardBatches(`${fn}.load`, table, data, repairs)) {
      if (i === 0) columns = Object.fromEntries(Object.entries(f.columns).map(([k, c]) => [k, c.type]));
      const key = `${run}part-${String(i++).padStart(5, '0')}.parquet`;
      const put = await options.lake.put(key, await writeParquet(f));
      files.push({ uri: options.lake.uriOf(key), bytes: put.bytes });
      rows += f.length;
    }
    const manifestKey = `${run}manifest.json`;
    const disposition = lo.disposition ?? 'append';
    const plan = planRedshiftLoad({
      schema: options.schema,
      table,
      columns,
      disposition,
      primaryKey: lo.primaryKey,
      manifestUri: options.lake.uriOf(manifestKey),
      files,
      authorization: options.authorization,
      region: options.region,
    });
    await options.lake.put(manifestKey, Buffer.from(JSON.stringify(plan.manifest)));
    return { table, disposition, plan, rows, repairs };
  }

  /** Run the statements of every staged table in one transaction: all tables change, or none. */
  async function run(staged: Awaited<ReturnType<typeof stage>>[]): Promise<LoadResult[]> {
    const c = await pool.connect().catch(wrap);
    try {
      await c.query('BEGIN');
      for (const s of staged)
        for (const st of s.plan.statements)
          await c.query(st).catch((e) => {
            throw Object.assign(e, { table: s.table });
          });
      await c.query('COMMIT');
      const out: LoadResult[] = [];
      for (const s of staged) {
        const qt = `${quoteIdent(options.schema ?? 'public', fn)}.${quoteIdent(s.table, fn)}`;
        const n = Number((await c.query(`SELECT count(*) AS n FROM ${qt}`)).rows[0].n);
        out.push({
          table: s.table,
          disposition: s.disposition,
          rowsReceived: s.rows,
          rowsSkipped: 0,
          rowsLoaded: s.rows,
          rowsInTable: n,
          ...(Object.keys(s.repairs).length ? { textRepairs: s.repairs } : {}),
        });
      }
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      return wrap(e);
    } finally {
      c.release();
    }
  }

  return {
    kind: 'redshift',
    capabilities: {
      dispositions: ['append', 'replace', 'merge'],
      transactionalState: false,
      streaming: false,
      loadsFromLake: true,
    },
    async load(table: string, data: Frame | AsyncIterable<Frame>, lo: LoadOptions = {}): Promise<LoadResult> {
      return (await run([await stage(table, data, lo)]))[0];
    },
    async loadMany(loads) {
      for (const l of loads) quoteIdent(l.table, fn, 'table');
      const staged = [];
      for (const l of loads) staged.push(await stage(l.table, l.data, l.options ?? {}));
      return run(staged);
    },
    async query(sql, params = []) {
      const r = await pool.query(sql, params as unknown[]).catch(wrap);
      return r.rows;
    },
    async rowCount(table) {
      const qt = `${quoteIdent(options.schema ?? 'public', fn)}.${quoteIdent(table, fn, 'table')}`;
      const r = await pool.query(`SELECT count(*) AS n FROM ${qt}`).catch(wrap);
      return Number(r.rows[0].n);
    },
    async loadState() {
      return undefined;
    },
    async close() {
      await pool.end();
    },
  };
}
