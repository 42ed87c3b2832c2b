import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';
import { type Frame, invalidArgument } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { writeParquetFile } from '../formats/parquet.js';
import { loadDrivers } from '../internal/drivers.js';
import { guardBatches, type TextRepairs } from './guard.js';
import type { LoadOptions, LoadResult, Warehouse, WriteDisposition } from './types.js';

/** Options of {@link bigQueryWarehouse}. */
export interface BigQueryWarehouseOptions {
  projectId: string;
  /** Dataset holding the tables (must exist). */
  dataset: string;
  /** Job location, e.g. `EU`. Default: the dataset's. */
  location?: string;
  /** More `BigQueryOptions` for the client (`apiEndpoint`, `authClient`, `keyFilename`…). */
  clientOptions?: object;
  /**
   * A ready `BigQuery` client instead (then `clientOptions` is ignored). (Options are typed `object` so that apps
   * without `@google-cloud/bigquery` type-check.)
   */
  client?: object;
}

/** A BigQuery destination: the Warehouse interface plus lake loads and external tables. */
export interface BigQueryWarehouse extends Warehouse {
  /** Load Parquet objects already in GCS (`gs://…`) into a native table with a load job. */
  loadFromLake(
    table: string,
    uris: readonly string[],
    options?: { disposition?: 'append' | 'replace' },
  ): Promise<LoadResult>;
  /** Create (or replace) an external table over Parquet objects in GCS. */
  createExternalTable(table: string, uris: readonly string[]): Promise<void>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;
const DISPOSITIONS: readonly WriteDisposition[] = ['append', 'replace', 'merge'];

function checkIdent(fn: string, what: string, v: string): string {
  if (typeof v !== 'string' || !IDENT.test(v))
    throw connectorError(
      'SQL_IDENTIFIER',
      `${fn}: ${what} ${JSON.stringify(v)} is not allowed; use letters, digits and underscores.`,
      {
        details: { received: v },
      },
    );
  return v;
}

/**
 * One BigQuery script applying every table's statements in one multi-statement transaction, rolled back (and the
 * error raised again) when any statement fails — BigQuery's documented pattern.
 */
function transactionSql(perTable: readonly (readonly string[])[]): string {
  const body = perTable.flat().map((st) => `  ${st};`);
  return [
    'BEGIN',
    '  BEGIN TRANSACTION;',
    ...body,
    '  COMMIT TRANSACTION;',
    'EXCEPTION WHEN ERROR THEN',
    '  ROLLBACK TRANSACTION;',
    '  RAISE USING MESSAGE = @@error.message;',
    'END;',
  ].join('\n');
}

/**
 * A BigQuery destination (`@google-cloud/bigquery`, loaded lazily). Loads upload the data as Parquet in a load
 * job (`WRITE_APPEND` for append, `WRITE_TRUNCATE` for replace — atomic in BigQuery); `merge` loads a staging
 * table and runs one `MERGE` statement, then drops the staging table. Naive timestamps arrive as `DATETIME`.
 * Queries take positional `?` parameters. Load state is not kept here (`transactionalState: false`): use
 * PostgreSQL for incremental loads. `loadMany` loads every table into a staging table, then applies them all in
 * one multi-statement transaction (targets that do not exist are created empty before it: DDL cannot run inside).
 * Text loses U+0000 and has lone surrogates replaced by U+FFFD (counted in `textRepairs`); ±Infinity is refused.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`, `LOAD_NON_FINITE` (table, row, column),
 *   `BIGQUERY_FAILED` (retryable for 5xx/rate limits),
 *   `CONNECTOR_DRIVER_MISSING` without `@google-cloud/bigquery` (an optional peer).
 * @example
 * const wh = await bigQueryWarehouse({ projectId: 'my-project', dataset: 'retail' });
 * await wh.load('transactions', frame, { disposition: 'replace' }); // { rowsLoaded: 541909, … }
 */
export async function bigQueryWarehouse(options: BigQueryWarehouseOptions): Promise<BigQueryWarehouse> {
  const fn = 'bigQueryWarehouse';
  if (typeof options?.projectId !== 'string' || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(options.projectId))
    throw invalidArgument(fn, 'projectId', options?.projectId, 'a Google Cloud project id');
  const datasetId = checkIdent(fn, 'dataset', options.dataset);
  const [{ BigQuery: BigQueryCtor }] = await loadDrivers(fn, ['@google-cloud/bigquery']);
  const bq: BigQuery =
    (options.client as BigQuery | undefined) ??
    new BigQueryCtor({
      projectId: options.projectId,
      ...((options.clientOptions as BigQueryOptions | undefined) ?? {}),
    });
  const dataset = bq.dataset(datasetId, { projectId: options.projectId });
  const fq = (t: string) => `\`${options.projectId}.${datasetId}.${checkIdent(fn, 'table', t)}\``;
  const location = options.location;

  const fail = (what: string, e: unknown, table?: string): never => {
    const err = e as { code?: number; message?: string; errors?: { message?: string }[] };
    const status = typeof err.code === 'number' ? err.code : undefined;
    throw connectorError('BIGQUERY_FAILED', `${what}: ${redact(err.message ?? String(e))}`, {
      details: { status: status ?? null, ...(table ? { table } : {}) },
      retryable: status === undefined || status >= 500 || status === 429,
      cause: e,
    });
  };

  async function runQuery(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]> {
    try {
      const [rows] = await bq.query({ query: sql, params: params ? [...params] : undefined, location });
      return rows as Record<string, unknown>[];
    } catch (e) {
      return fail(`${fn}.query`, e);
    }
  }

  async function count(table: string): Promise<number> {
    try {
      const [exists] = await dataset.table(table).exists();
      if (!exists) return 0;
    } catch (e) {
      return fail(`${fn}.rowCount`, e);
    }
    const rows = await runQuery(`SELECT COUNT(*) AS n FROM ${fq(table)}`);
    return Number(rows[0]?.n ?? 0);
  }

  async function loadFile(
    table: string,
    file: string,
    writeDisposition: 'WRITE_APPEND' | 'WRITE_TRUNCATE',
  ): Promise<number> {
    try {
      const [job] = await dataset.table(table).load(file, {
        sourceFormat: 'PARQUET',
        writeDisposition,
        createDisposition: 'CREATE_IF_NEEDED',
        ...(location ? { location } : {}),
      });
      const errorResult = (job as { status?: { errorResult?: { message?: string } } }).status?.errorResult;
      if (errorResult) throw new Error(errorResult.message ?? 'load job failed');
      return Number((job as { statistics?: { load?: { outputRows?: string } } }).statistics?.load?.outputRows ?? 0);
    } catch (e) {
      return fail(`${fn}.load (table ${table})`, e, table);
    }
  }

  /** Check a load's options before anything is sent. */
  function check(table: string, loadOptions: LoadOptions): { disposition: WriteDisposition; pk: readonly string[] } {
    checkIdent(fn, 'table', table);
    const disposition = loadOptions.disposition ?? 'append';
    if (!DISPOSITIONS.includes(disposition))
      throw invalidArgument(`${fn}.load`, 'disposition', disposition, "'append', 'replace' or 'merge'");
    if (loadOptions.incremental)
      throw invalidArgument(
        `${fn}.load`,
        'incremental',
        loadOptions.incremental,
        'absent for BigQuery',
        'BigQuery cannot commit the load state with the rows; use merge on a primary key, or PostgreSQL.',
      );
    const pk = loadOptions.primaryKey ?? [];
    for (const k of pk) checkIdent(fn, 'primary key column', k);
    if (disposition === 'merge' && pk.length === 0)
      throw invalidArgument(`${fn}.load`, 'primaryKey', loadOptions.primaryKey, 'one or more key columns for merge');
    return { disposition, pk };
  }

  /** The batches as one Parquet file in `dir`, through the load guard (text policy, non-finite refused). */
  async function toParquet(dir: string, table: string, data: Frame | AsyncIterable<Frame>) {
    const file = join(dir, `${table}.parquet`);
    const repairs: TextRepairs = {};
    let names: string[] = [];
    const tap = async function* (src: AsyncIterable<Frame>): AsyncGenerator<Frame> {
      for await (const f of src) {
        if (names.length === 0) names = Object.keys(f.columns);
        yield f;
      }
    };
    const { rows } = await writeParquetFile(file, tap(guardBatches(`${fn}.load`, table, data, repairs)));
    for (const n of names) checkIdent(fn, 'column', n);
    return { file, names, rows, repairs };
  }

  const stageName = (table: string) => `${table.slice(0, 1000)}__rk_stage`;
  const dropTable = (table: string) =>
    dataset
      .table(table)
      .delete()
      .then(
        () => undefined,
        () => undefined,
      );

  function mergeSql(table: string, stage: string, names: readonly string[], pk: readonly string[]): string {
    const on = pk.map((k) => `T.\`${k}\` = S.\`${k}\``).join(' AND ');
    const nonKey = names.filter((n) => !pk.includes(n));
    return [
      `MERGE ${fq(table)} T USING (SELECT * EXCEPT (rk_row) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${pk.map((k) => `\`${k}\``).join(', ')}) AS rk_row FROM ${fq(stage)}) WHERE rk_row = 1) S ON ${on}`,
      nonKey.length ? `WHEN MATCHED THEN UPDATE SET ${nonKey.map((n) => `\`${n}\` = S.\`${n}\``).join(', ')}` : '',
      `WHEN NOT MATCHED THEN INSERT (${names.map((n) => `\`${n}\``).join(', ')}) VALUES (${names.map((n) => `S.\`${n}\``).join(', ')})`,
    ]
      .filter(Boolean)
      .join(' ');
  }

  function result(
    table: string,
    disposition: WriteDisposition,
    rows: number,
    rowsInTable: number,
    repairs: TextRepairs,
  ): LoadResult {
    return {
      table,
      disposition,
      rowsReceived: rows,
      rowsSkipped: 0,
      rowsLoaded: rows,
      rowsInTable,
      ...(Object.keys(repairs).length ? { textRepairs: repairs } : {}),
    };
  }

  return {
    kind: 'bigquery',
    capabilities: { dispositions: DISPOSITIONS, transactionalState: false, streaming: true, loadsFromLake: true },

    async load(table: string, data: Frame | AsyncIterable<Frame>, loadOptions: LoadOptions = {}): Promise<LoadResult> {
      const { disposition, pk } = check(table, loadOptions);
      const dir = await mkdtemp(join(tmpdir(), 'retailkit-bq-'));
      try {
        const staged = await toParquet(dir, table, data);
        const { file, names, rows } = staged;
        if (disposition === 'merge') {
          const stage = stageName(table);
          await loadFile(stage, file, 'WRITE_TRUNCATE');
          try {
            const [exists] = await dataset.table(table).exists();
            if (!exists) await loadFile(table, file, 'WRITE_TRUNCATE');
            else await runQuery(mergeSql(table, stage, names, pk));
          } finally {
            await dropTable(stage);
          }
        } else await loadFile(table, file, disposition === 'replace' ? 'WRITE_TRUNCATE' : 'WRITE_APPEND');
        const rowsInTable = await count(table);
        return result(table, disposition, rows, rowsInTable, staged.repairs);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async loadMany(loads) {
      const checked = loads.map((l) => ({ ...l, ...check(l.table, l.options ?? {}) }));
      const dir = await mkdtemp(join(tmpdir(), 'retailkit-bq-'));
      const stages: string[] = [];
      try {
        // 1. Every table to a staging table of its own (load jobs; the target tables are not touched).
        const staged = [];
        for (const l of checked) {
          const p = await toParquet(dir, l.table, l.data);
          const stage = stageName(l.table);
          stages.push(stage);
          await loadFile(stage, p.file, 'WRITE_TRUNCATE');
          staged.push({ ...l, ...p, stage });
        }
        // 2. Targets that do not exist yet are created empty with the staging table's columns (DDL cannot run in a
        //    transaction), then 3. one multi-statement transaction applies every table, or none.
        for (const l of staged)
          if (
            !(
              await dataset
                .table(l.table)
                .exists()
                .catch((e) => fail(`${fn}.loadMany`, e))
            )[0]
          )
            await runQuery(`CREATE TABLE IF NOT EXISTS ${fq(l.table)} LIKE ${fq(l.stage)}`);
        await runQuery(
          transactionSql(
            staged.map((l) => {
              const cols = l.names.map((n) => `\`${n}\``).join(', ');
              const insert = `INSERT INTO ${fq(l.table)} (${cols}) SELECT ${cols} FROM ${fq(l.stage)}`;
              if (l.disposition === 'append') return [insert];
              if (l.disposition === 'replace') return [`DELETE FROM ${fq(l.table)} WHERE TRUE`, insert];
              return [mergeSql(l.table, l.stage, l.names, l.pk)];
            }),
          ),
        );
        const out: LoadResult[] = [];
        for (const l of staged) out.push(result(l.table, l.disposition, l.rows, await count(l.table), l.repairs));
        return out;
      } finally {
        for (const stage of stages) await dropTable(stage);
        await rm(dir, { recursive: true, force: true });
      }
    },

    async loadFromLake(table, uris, o = {}) {
      checkIdent(fn, 'table', table);
      for (const u of uris)
        if (!/^gs:\/\/[a-z0-9][a-z0-9._-]*\/.+/.test(u))
          throw invalidArgument(`${fn}.loadFromLake`, 'uris', u, 'gs://bucket/object URIs');
      const disposition = o.disposition ?? 'append';
      let loaded = 0;
      try {
        const [job] = await bq.createJob({
          configuration: {
            load: {
              sourceUris: [...uris],
              sourceFormat: 'PARQUET',
              destinationTable: { projectId: options.projectId, datasetId, tableId: table },
              writeDisposition: disposition === 'replace' ? 'WRITE_TRUNCATE' : 'WRITE_APPEND',
              createDisposition: 'CREATE_IF_NEEDED',
            },
          },
          ...(location ? { location } : {}),
        });
        const [meta] = await job.promise().then(() => job.getMetadata());
        if (meta.status?.errorResult) throw new Error(meta.status.errorResult.message);
        loaded = Number(meta.statistics?.load?.outputRows ?? 0);
      } catch (e) {
        return fail(`${fn}.loadFromLake`, e);
      }
      return {
        table,
        disposition,
        rowsReceived: loaded,
        rowsSkipped: 0,
        rowsLoaded: loaded,
        rowsInTable: await count(table),
      };
    },

    async createExternalTable(table, uris) {
      checkIdent(fn, 'table', table);
      for (const u of uris)
        if (!/^gs:\/\/[a-z0-9][a-z0-9._-]*\/.+/.test(u))
          throw invalidArgument(`${fn}.createExternalTable`, 'uris', u, 'gs://bucket/object URIs');
      try {
        const [exists] = await dataset.table(table).exists();
        if (exists) await dataset.table(table).delete();
        await dataset.createTable(table, {
          externalDataConfiguration: { sourceFormat: 'PARQUET', sourceUris: [...uris], autodetect: true },
        });
      } catch (e) {
        fail(`${fn}.createExternalTable`, e);
      }
    },

    query: (sql, params) => runQuery(sql, params),
    rowCount: (table) => count(table),
    async loadState() {
      return undefined;
    },
    async close() {},
  };
}
