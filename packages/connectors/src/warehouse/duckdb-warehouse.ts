import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ColumnType,
  type Frame,
  invalidArgument,
  isRetailKitError,
  missingColumn,
  take,
  toRows,
} from '@retailkit/core';
import { openSqlEngine, type SqlEngine } from '../engine/open-sql-engine.js';
import { connectorError } from '../errors.js';
import { writeParquetFile } from '../formats/parquet.js';
import { IncrementalTracker } from '../internal/incremental.js';
import { quoteIdent } from '../internal/sql.js';
import { guardBatch, type TextRepairs } from './guard.js';
import type { LoadOptions, LoadResult, LoadState, TableSchema, Warehouse, WriteDisposition } from './types.js';

/** Options of {@link duckdbWarehouse}. */
export interface DuckDbWarehouseOptions {
  /** The database file (created when missing), or `:memory:`. */
  path: string;
  /** Name of the load-state table. Default `_retailkit_load_state`. */
  stateTable?: string;
}

const DISPOSITIONS: readonly WriteDisposition[] = ['append', 'replace', 'merge'];
const FN = 'duckdbWarehouse.load';

const DUCK_TYPES: Record<ColumnType, string> = {
  number: 'DOUBLE',
  int: 'INTEGER',
  timestamp: 'TIMESTAMP',
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
};

function schemaOf(f: Frame): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const [n, c] of Object.entries(f.columns)) out[n] = c.type;
  return out;
}

function batchesOf(data: Frame | AsyncIterable<Frame>): AsyncIterator<Frame> {
  if (Symbol.asyncIterator in (data as object)) return (data as AsyncIterable<Frame>)[Symbol.asyncIterator]();
  let done = false;
  return {
    next: async () => {
      if (done) return { done: true, value: undefined };
      done = true;
      return { done: false, value: data as Frame };
    },
  };
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * A DuckDB destination: the embedded engine for data bigger than memory on one machine (`@duckdb/node-api`, an
 * optional peer). Each batch is checked (a ±Infinity is refused with `LOAD_NON_FINITE`; text loses U+0000 and has
 * lone surrogates replaced, counted in `textRepairs`), written to a temporary Parquet file by the package's own
 * writer and inserted with `read_parquet`, so memory holds one batch at a time.
 *
 * Write dispositions, each one transaction together with the load state (`loadMany`: all loads in one):
 * - `append`: create the table when missing, insert.
 * - `replace`: drop the table and create it anew, in the same transaction (readers see the old or the new one).
 * - `merge`: stage the rows, delete the target's rows whose `primaryKey` is staged, insert the staged rows (last
 *   row wins among duplicates of a key): `rowsUpdated` counts staged keys that were in the table. DuckDB tables
 *   get no key constraint (its indexes refuse a delete and re-insert of one key in a transaction): the merge
 *   itself keeps keys unique.
 *
 * Identifiers are checked against `[A-Za-z_][A-Za-z0-9_]{0,62}` and double-quoted. Types: number → DOUBLE,
 * int → INTEGER, timestamp → TIMESTAMP (naive), string → VARCHAR, boolean → BOOLEAN.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`, `MISSING_COLUMN`, `LOAD_SCHEMA_MISMATCH`,
 *   `LOAD_NON_FINITE` (table, row, column), `DUCKDB_QUERY_FAILED` (`details.table` during a load),
 *   `CONNECTOR_DRIVER_MISSING` without `@duckdb/node-api`.
 * @example
 * const wh = await duckdbWarehouse({ path: 'shop.duckdb' });
 * await wh.load('transactions', frame, { disposition: 'replace' }); // { rowsLoaded: 3, rowsInTable: 3, … }
 * await wh.close();
 */
export async function duckdbWarehouse(options: DuckDbWarehouseOptions): Promise<Warehouse> {
  if (typeof options?.path !== 'string' || options.path === '')
    throw invalidArgument('duckdbWarehouse', 'path', options?.path, "a database file path or ':memory:'");
  const qState = quoteIdent(options.stateTable ?? '_retailkit_load_state', 'duckdbWarehouse', 'stateTable');
  const engine: SqlEngine = await openSqlEngine(`duckdb:${options.path}`);
  // one connection: statements of concurrent calls must not interleave inside another call's transaction
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(body: () => Promise<T>): Promise<T> => {
    const run = queue.then(body, body);
    queue = run.catch(() => undefined);
    return run;
  };

  async function tableColumns(table: string): Promise<Set<string> | undefined> {
    const rows = toRows(
      await engine.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position",
        [table],
      ),
    );
    return rows.length ? new Set(rows.map((r) => r.column_name as string)) : undefined;
  }

  async function readState(pipeline: string): Promise<LoadState | undefined> {
    if (!(await tableColumns(options.stateTable ?? '_retailkit_load_state'))) return undefined;
    const [row] = toRows(
      await engine.query(
        `SELECT cursor_column, "cursor", keys_at_cursor, rows_loaded FROM ${qState} WHERE pipeline = $1`,
        [pipeline],
      ),
    );
    if (!row) return undefined;
    return {
      cursorColumn: row.cursor_column as string,
      cursor: row.cursor === null ? null : Number(row.cursor),
      keysAtCursor: JSON.parse(row.keys_at_cursor as string) as string[],
      rowsLoaded: Number(row.rows_loaded),
    };
  }

  /** Check a load's options before anything runs (every load of a `loadMany` before the first). */
  function prepare(table: string, loadOptions: LoadOptions) {
    const disposition = loadOptions.disposition ?? 'append';
    if (!DISPOSITIONS.includes(disposition))
      throw invalidArgument(FN, 'disposition', disposition, "'append', 'replace' or 'merge'");
    const qTable = quoteIdent(table, FN, 'table');
    const pk = loadOptions.primaryKey ?? [];
    for (const k of pk) quoteIdent(k, FN, 'primary key column');
    if (disposition === 'merge' && pk.length === 0)
      throw invalidArgument(
        FN,
        'primaryKey',
        loadOptions.primaryKey,
        'one or more key columns for merge',
        "Pass primaryKey: ['invoiceNo', 'stockCode'] or use 'append'.",
      );
    const inc = loadOptions.incremental;
    if (inc) quoteIdent(inc.cursorColumn, FN, 'cursor column');
    return { table, loadOptions, disposition, qTable, pk, inc, pipeline: inc?.pipeline ?? table };
  }

  /** One load inside the caller's transaction. */
  async function loadIn(p: ReturnType<typeof prepare>, data: Frame | AsyncIterable<Frame>): Promise<LoadResult> {
    const { table, loadOptions, disposition, qTable, pk, inc, pipeline } = p;
    const source = batchesOf(data);
    try {
      const firstNext = await source.next();
      const first = firstNext.done ? undefined : firstNext.value;
      const schema: TableSchema | undefined = first ? schemaOf(first) : loadOptions.schema;
      const names = schema ? Object.keys(schema) : [];
      const cols = names.map((n) => quoteIdent(n, FN, 'column'));
      for (const k of pk)
        if (schema && !Object.hasOwn(schema, k))
          throw missingColumn(
            FN,
            { columns: Object.fromEntries(names.map((n) => [n, { type: schema[n] }])) },
            k,
            'primary-key',
          );
      const existing = await tableColumns(table);
      if (existing && schema && disposition !== 'replace') {
        const missing = names.filter((n) => !existing.has(n));
        if (missing.length)
          throw connectorError(
            'LOAD_SCHEMA_MISMATCH',
            `${FN}: table ${table} has no column(s) ${missing.join(', ')}. Load with disposition 'replace' or add the columns.`,
            { details: { table, missing } },
          );
      }
      const prev = inc ? await readState(pipeline) : undefined;
      const tracker = inc
        ? new IncrementalTracker(
            FN,
            disposition === 'replace' ? undefined : prev,
            inc.cursorColumn,
            inc.keyColumns ?? (pk.length ? pk : undefined),
          )
        : undefined;
      const colDefs = names.map((n, i) => `${cols[i]} ${DUCK_TYPES[schema![n]]}`).join(', ');
      const stage = quoteIdent(`rk_stage_${randomBytes(6).toString('hex')}`, FN);
      const target = disposition === 'merge' ? stage : qTable;
      if (schema && disposition === 'replace') await engine.exec(`DROP TABLE IF EXISTS ${qTable}`);
      if (schema && (disposition === 'replace' || !existing)) await engine.exec(`CREATE TABLE ${qTable} (${colDefs})`);
      if (schema && disposition === 'merge')
        await engine.exec(`CREATE TEMP TABLE ${stage} (${colDefs}, _rk_seq BIGINT)`);

      let received = 0;
      let loaded = 0;
      const repairs: TextRepairs = {};
      const file = join(tmpdir(), `retailkit-duckdb-${process.pid}-${randomBytes(6).toString('hex')}.parquet`);
      try {
        for (let f = first, batch = 0; f; batch++) {
          const s = schemaOf(f);
          if (!(Object.keys(s).length === names.length && names.every((n) => s[n] === schema![n])))
            throw connectorError(
              'LOAD_SCHEMA_MISMATCH',
              `${FN}: a batch has columns ${JSON.stringify(s)}, the first had ${JSON.stringify(schema)}. Give every batch the same columns.`,
              { details: { expected: schema, received: s } },
            );
          const checked = guardBatch(FN, table, f, received, repairs);
          const keep = tracker?.filter(checked);
          const rows = keep ? take(checked, keep) : checked;
          received += f.length;
          loaded += rows.length;
          if (rows.length > 0) {
            await writeParquetFile(file, rows);
            const seq = disposition === 'merge' ? `, ${batch} * 4294967296 + file_row_number` : '';
            await engine.exec(
              `INSERT INTO ${target} SELECT ${cols.join(', ')}${seq} FROM read_parquet(${literal(file)}${seq ? ', file_row_number = true' : ''})`,
            );
          }
          const next = await source.next();
          f = next.done ? undefined : next.value;
        }
      } finally {
        await rm(file, { force: true });
      }

      let inserted: number | undefined;
      let updated: number | undefined;
      if (schema && disposition === 'merge') {
        const keys = pk.map((k) => quoteIdent(k, FN));
        const on = keys.map((k) => `t.${k} IS NOT DISTINCT FROM s.${k}`).join(' AND ');
        const [c] = toRows(
          await engine.query(
            `SELECT count(*) AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${qTable} t WHERE ${on})) AS u FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${stage}) s`,
          ),
        );
        updated = Number(c.u);
        inserted = Number(c.n) - updated;
        await engine.exec(`DELETE FROM ${qTable} t WHERE EXISTS (SELECT 1 FROM ${stage} s WHERE ${on})`);
        await engine.exec(
          `INSERT INTO ${qTable} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${stage} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY _rk_seq DESC) = 1`,
        );
        await engine.exec(`DROP TABLE ${stage}`);
      }

      let state: LoadState | undefined;
      if (inc && tracker) {
        state = tracker.state(disposition === 'replace' ? 0 : (prev?.rowsLoaded ?? 0));
        if (prev && disposition !== 'replace' && tracker.rowsLoaded === 0) state = { ...prev };
        await engine.exec(
          `CREATE TABLE IF NOT EXISTS ${qState} (pipeline VARCHAR, table_name VARCHAR, cursor_column VARCHAR, "cursor" DOUBLE, keys_at_cursor VARCHAR, rows_loaded BIGINT, updated_at TIMESTAMP)`,
        );
        await engine.query(`DELETE FROM ${qState} WHERE pipeline = $1`, [pipeline]);
        await engine.query(`INSERT INTO ${qState} VALUES ($1, $2, $3, $4, $5, $6, now()::TIMESTAMP)`, [
          pipeline,
          table,
          state.cursorColumn,
          state.cursor,
          JSON.stringify(state.keysAtCursor),
          state.rowsLoaded,
        ]);
      }
      const rowsInTable =
        existing || schema ? Number(toRows(await engine.query(`SELECT count(*) AS n FROM ${qTable}`))[0].n) : 0;
      return {
        table,
        disposition,
        rowsReceived: received,
        rowsSkipped: received - loaded,
        rowsLoaded: loaded,
        ...(inserted !== undefined ? { rowsInserted: inserted, rowsUpdated: updated } : {}),
        rowsInTable,
        ...(state ? { state } : {}),
        ...(Object.keys(repairs).length ? { textRepairs: repairs } : {}),
      };
    } catch (e) {
      if (isRetailKitError(e) && (e.code !== 'DUCKDB_QUERY_FAILED' || (e.details as { table?: string }).table)) throw e;
      throw connectorError('DUCKDB_QUERY_FAILED', `${FN} (table ${table}): ${(e as Error).message}`, {
        details: { table },
        cause: e,
      });
    } finally {
      await source.return?.();
    }
  }

  /** Run `body` in one transaction: committed when it returns, rolled back when it throws. */
  const inTransaction = <T>(body: () => Promise<T>): Promise<T> =>
    serial(async () => {
      await engine.exec('BEGIN TRANSACTION');
      try {
        const r = await body();
        await engine.exec('COMMIT');
        return r;
      } catch (e) {
        await engine.exec('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });

  return {
    kind: 'duckdb',
    capabilities: { dispositions: DISPOSITIONS, transactionalState: true, streaming: true, loadsFromLake: false },
    async load(table, data, loadOptions: LoadOptions = {}) {
      const p = prepare(table, loadOptions);
      return inTransaction(() => loadIn(p, data));
    },
    async loadMany(loads) {
      const prepared = loads.map((l) => prepare(l.table, l.options ?? {}));
      return inTransaction(async () => {
        const out: LoadResult[] = [];
        for (const [i, l] of loads.entries()) out.push(await loadIn(prepared[i], l.data));
        return out;
      });
    },
    // timestamps as epoch ms, as the other warehouses' query returns them
    query: (sql, params = []) =>
      serial(async () =>
        toRows(await engine.query(sql, params as (string | number | boolean | null)[])).map((row) => {
          for (const k in row) if (row[k] instanceof Date) row[k] = (row[k] as Date).getTime();
          return row;
        }),
      ),
    rowCount(table) {
      const q = quoteIdent(table, 'duckdbWarehouse.rowCount', 'table');
      return serial(async () =>
        (await tableColumns(table)) ? Number(toRows(await engine.query(`SELECT count(*) AS n FROM ${q}`))[0].n) : 0,
      );
    },
    loadState: (pipeline) => serial(() => readState(pipeline)),
    close: () => serial(() => engine.close()),
  };
}
