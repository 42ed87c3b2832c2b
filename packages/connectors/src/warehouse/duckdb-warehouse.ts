import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ColumnType, type Frame, invalidArgument, isRetailKitError, take, toRows } from '@retailkit/core';
import { openSqlEngine, type SqlEngine } from '../engine/open-sql-engine.js';
import { connectorError } from '../errors.js';
import { writeParquetFile } from '../formats/parquet.js';
import { duckDbHandle } from '../internal/duckdb-engine.js';
import { quoteIdent } from '../internal/sql.js';
import { guardBatch, type TextRepairs } from './guard.js';
import {
  asBatches,
  checkBatch,
  checkTableColumns,
  DISPOSITIONS,
  type LoadPlan,
  loadResult,
  loadSchema,
  planLoad,
  stateAfter,
  trackerFor,
} from './load-plan.js';
import type { LoadOptions, LoadResult, LoadState, TableSchema, Warehouse } from './types.js';

const FN = 'duckdbWarehouse.load';
/** The load-state table (one row per pipeline). */
const STATE_TABLE = '_retailkit_load_state';
const Q_STATE = `"${STATE_TABLE}"`;

const DUCK_TYPES: Record<ColumnType, string> = {
  number: 'DOUBLE',
  int: 'INTEGER',
  timestamp: 'TIMESTAMP',
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
};

/** A connection of its own to the database of an open DuckDB engine. */
function connect(engine: SqlEngine): Promise<SqlEngine> {
  const handle = duckDbHandle(engine);
  if (!handle)
    throw invalidArgument(
      'duckdbWarehouse',
      'target',
      engine?.location ?? typeof engine,
      "a file path or an engine opened by openSqlEngine('duckdb:…')",
      'A wrapped or hand-made engine has no database to open a connection on.',
    );
  return handle.connect();
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * A DuckDB destination: the embedded engine for data bigger than memory on one machine (`@duckdb/node-api`, an
 * optional peer). Each batch is checked (a ±Infinity is refused with `LOAD_NON_FINITE`; text loses U+0000 and has
 * lone surrogates replaced, counted in `textRepairs`), written to a temporary Parquet file by the package's own
 * writer (uncompressed) and inserted with `read_parquet`, so memory holds one batch at a time.
 *
 * Write dispositions, each one transaction together with the load state (`loadMany`: all loads in one):
 * - `append`: create the table when missing, insert.
 * - `replace`: drop the table and create it anew, in the same transaction (readers see the old or the new one).
 * - `merge`: stage the rows, delete the target's rows whose `primaryKey` is staged, insert the staged rows (last
 *   row wins among duplicates of a key): `rowsUpdated` counts staged keys that were in the table. DuckDB tables
 *   get no key constraint (its indexes refuse a delete and re-insert of one key in a transaction): the merge
 *   itself keeps keys unique.
 *
 * Given an engine from `openSqlEngine('duckdb:…')` instead of a path, the warehouse loads into that engine's
 * database on a connection of its own (a DuckDB file has one writer process, and the engine's statements must not
 * land inside a load's transaction); `close()` closes that connection, not the engine.
 *
 * Identifiers are checked against `[A-Za-z_][A-Za-z0-9_]{0,62}` and double-quoted. Types: number → DOUBLE,
 * int → INTEGER, timestamp → TIMESTAMP (naive), string → VARCHAR, boolean → BOOLEAN.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`, `MISSING_COLUMN`, `LOAD_SCHEMA_MISMATCH`,
 *   `LOAD_NON_FINITE` (table, row, column), `DUCKDB_QUERY_FAILED` (`details.table` during a load),
 *   `CONNECTOR_DRIVER_MISSING` without `@duckdb/node-api`.
 * @example
 * const wh = await duckdbWarehouse('shop.duckdb'); // or openWarehouse('duckdb:shop.duckdb')
 * await wh.load('transactions', frame, { disposition: 'replace' }); // { rowsLoaded: 3, rowsInTable: 3, … }
 * await wh.close();
 */
export async function duckdbWarehouse(target: string | SqlEngine): Promise<Warehouse> {
  const engine: SqlEngine =
    typeof target === 'string' ? await openSqlEngine(`duckdb:${target}`) : await connect(target);
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
    if (!(await tableColumns(STATE_TABLE))) return undefined;
    const [row] = toRows(
      await engine.query(
        `SELECT cursor_column, "cursor", keys_at_cursor, rows_loaded FROM ${Q_STATE} WHERE pipeline = $1`,
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

  /** One load inside the caller's transaction. */
  async function loadIn(p: LoadPlan, data: Frame | AsyncIterable<Frame>): Promise<LoadResult> {
    const { table, disposition, pk, inc, pipeline } = p;
    const qTable = quoteIdent(table, FN, 'table');
    const batches = asBatches(data);
    try {
      const firstNext = await batches.next();
      const schema = loadSchema(FN, p, firstNext.done ? undefined : firstNext.value);
      const names = schema ? Object.keys(schema) : [];
      const cols = names.map((n) => quoteIdent(n, FN, 'column'));
      const existing = await tableColumns(table);
      checkTableColumns(FN, p, existing, schema);
      const prev = inc ? await readState(pipeline) : undefined;
      const tracker = trackerFor(FN, p, prev);
      const stage = quoteIdent(`rk_stage_${randomBytes(6).toString('hex')}`, FN);
      const merge = schema !== undefined && disposition === 'merge';
      if (schema) {
        const colDefs = names.map((n, i) => `${cols[i]} ${DUCK_TYPES[schema[n]]}`).join(', ');
        if (disposition === 'replace') await engine.exec(`DROP TABLE IF EXISTS ${qTable}`);
        if (disposition === 'replace' || !existing) await engine.exec(`CREATE TABLE ${qTable} (${colDefs})`);
        if (merge) await engine.exec(`CREATE TEMP TABLE ${stage} (${colDefs}, _rk_seq BIGINT)`);
      }

      let received = 0;
      let loaded = 0;
      const repairs: TextRepairs = {};
      const file = join(tmpdir(), `retailkit-duckdb-${process.pid}-${randomBytes(6).toString('hex')}.parquet`);
      try {
        for (let next = firstNext, batch = 0; !next.done; next = await batches.next(), batch++) {
          checkBatch(FN, schema as TableSchema, next.value);
          const checked = guardBatch(FN, table, next.value, received, repairs);
          const keep = tracker?.filter(checked);
          const rows = keep ? take(checked, keep) : checked;
          received += checked.length;
          loaded += rows.length;
          if (rows.length === 0) continue;
          // read once, from a local file: compressing it would only cost CPU (×10 of the real data, 5.4 M lines:
          // 1.3 s of CPU uncompressed against 2.1 s Snappy, one scratch run each, 2026-12-07)
          await writeParquetFile(file, rows, { compression: 'UNCOMPRESSED' });
          // merge: the stage keeps the input order (batch, row in file), so the last row of a key wins
          const seq = merge ? `, ${batch} * 4294967296 + file_row_number` : '';
          await engine.exec(
            `INSERT INTO ${merge ? stage : qTable} SELECT ${cols.join(', ')}${seq} FROM read_parquet(${literal(file)}${merge ? ', file_row_number = true' : ''})`,
          );
        }
      } finally {
        await rm(file, { force: true });
      }

      let inserted: number | undefined;
      let updated: number | undefined;
      if (merge) {
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

      const state = tracker ? stateAfter(tracker, prev, p) : undefined;
      if (state) {
        await engine.exec(
          `CREATE TABLE IF NOT EXISTS ${Q_STATE} (pipeline VARCHAR, table_name VARCHAR, cursor_column VARCHAR, "cursor" DOUBLE, keys_at_cursor VARCHAR, rows_loaded BIGINT, updated_at TIMESTAMP)`,
        );
        await engine.query(`DELETE FROM ${Q_STATE} WHERE pipeline = $1`, [pipeline]);
        await engine.query(`INSERT INTO ${Q_STATE} VALUES ($1, $2, $3, $4, $5, $6, now()::TIMESTAMP)`, [
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
      return loadResult(p, { received, loaded, inserted, updated, rowsInTable }, state, repairs);
    } catch (e) {
      if (isRetailKitError(e) && e.code !== 'DUCKDB_QUERY_FAILED') throw e;
      throw connectorError('DUCKDB_QUERY_FAILED', `${FN} (table ${table}): ${(e as Error).message}`, {
        details: { table },
        cause: e,
      });
    } finally {
      await batches.return(undefined);
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
      const p = planLoad(FN, table, loadOptions);
      return inTransaction(() => loadIn(p, data));
    },
    async loadMany(loads) {
      const prepared = loads.map((l) => planLoad(FN, l.table, l.options ?? {}));
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
