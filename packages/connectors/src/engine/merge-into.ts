import { type Frame, invalidArgument, sqlDialect, valueAt } from '@retailkit/core';
import { connectorError } from '../errors.js';
import { bigQueryHandle } from '../internal/bigquery-engine.js';
import { mergeIntoBigQuery } from '../internal/bigquery-merge.js';
import type { SqlEngine } from './open-sql-engine.js';

/** Options of {@link mergeInto}. */
export interface MergeIntoOptions {
  /**
   * The table to bring up to date, created on the first merge (PostgreSQL and DuckDB with a unique index on `key`;
   * BigQuery has none: the key is checked unique in the source on every merge).
   */
  readonly target: string;
  /**
   * The new contents of `target`: a `SELECT` run where the data lives (its rows never pass through Node), or a
   * Frame computed in Node (PostgreSQL and DuckDB: multi-row INSERTs, meant for one row per customer, series period
   * or rule; BigQuery: a Parquet load job).
   */
  readonly source: string | Frame;
  /** Columns that identify a row; they must be unique in `source`. */
  readonly key: readonly string[];
  /**
   * The load-state table, where each merge records its counts in the same transaction (one row per target,
   * keyed by `target`). Default `_retailkit_merge_state`.
   */
  readonly stateTable?: string;
  /**
   * Number columns count as unchanged when |new − old| ≤ tolerance · max(1, |new|, |old|). Default 0 (exact). An
   * engine's aggregates may sum in another order once the table changes (PostgreSQL's hash aggregation does), so
   * scores computed from them can move by a few ulps with no change in their inputs: 1e-9 keeps those rows as
   * they are.
   */
  readonly tolerance?: number;
}

/** What {@link mergeInto} changed; `rowsInSource = inserted + updated + unchanged`. */
export interface MergeResult {
  readonly target: string;
  readonly rowsInSource: number;
  /** Keys of the source that were not in the target. */
  readonly inserted: number;
  /** Keys in both whose other columns differ (`IS DISTINCT FROM`): rewritten. */
  readonly updated: number;
  /** Keys of the target that are no longer in the source: removed. */
  readonly deleted: number;
  /** Keys in both with equal values: not touched. */
  readonly unchanged: number;
  readonly rowsInTable: number;
}

const FN = 'mergeInto';
const BATCH = 1000;

/**
 * Make `target` equal `source`, touching only the rows that differ, in one transaction with its load state:
 * rows whose key is new are inserted, rows whose key exists but whose other columns differ
 * (`IS DISTINCT FROM`, so NULLs compare equal; number columns within `tolerance` when one is given) are updated in
 * place, rows whose key left the source are deleted, the rest are not written at all. Re-running a merge with the
 * same source changes nothing (0 inserted, updated and deleted); a source that differs in one key changes that
 * key's row only.
 *
 * PostgreSQL and DuckDB (which has no `MERGE`): counts by key joins on a temporary staging table, then
 * `DELETE … WHERE NOT EXISTS`, `UPDATE … FROM` and `INSERT … SELECT … WHERE NOT EXISTS`; the target is created
 * with a unique index on `key`. BigQuery (an engine from `openSqlEngine('bigquery:<project>.<dataset>')`): a Frame
 * is written by bigQueryWarehouse's Parquet load job to the staging table `<target>__rk_stage` in the engine's
 * dataset, a `SELECT` is dry-run for its columns and runs inside the script; then one script job (BigQuery
 * scripting) checks the key is unique in the source, creates the target and the state table if missing (DDL, so
 * before the transaction: a target created by a merge that then fails stays, empty), and in
 * `BEGIN TRANSACTION … COMMIT TRANSACTION` counts, applies one `MERGE` and upserts the state row; the staging
 * table is deleted afterwards, also on failure. BigQuery has no unique index: key uniqueness is checked in the
 * source on every merge, not enforced on the table. On every engine the counts and the state row (`target`,
 * `key_columns`, `rows_in_table`, `inserted`, `updated`, `deleted`, `unchanged`) are committed with the rows, or
 * nothing is. Cost: O(source + target) rows in the engine; PostgreSQL and DuckDB take one round trip per statement
 * and one INSERT per 1,000 rows of a Frame; BigQuery one load job (Frame) or dry run (SELECT), one script job
 * polled until done, and one table lookup.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an empty key, a key column the source lacks, or a BigQuery engine
 *   not opened by openSqlEngine; `SQL_IDENTIFIER` for a table or column name outside the allow-list;
 *   `LOAD_SCHEMA_MISMATCH` when `target` exists with other columns (drop it or merge into another table);
 *   `LOAD_REJECTED` when the key is not unique in the source; `LOAD_NON_FINITE` for ±Infinity in a Frame;
 *   `PG_QUERY_FAILED` / `DUCKDB_QUERY_FAILED` / `BIGQUERY_FAILED` from the engine (nothing is committed).
 * @example
 * const engine = await openSqlEngine('duckdb::memory:');
 * const source = fromRows([{ customerId: 'a', segment: 1 }, { customerId: 'b', segment: 2 }]);
 * await mergeInto(engine, { target: 'scores', source, key: ['customerId'] }); // { inserted: 2, updated: 0, … }
 * await mergeInto(engine, { target: 'scores', source, key: ['customerId'] }); // { inserted: 0, updated: 0, deleted: 0, unchanged: 2, … }
 */
export async function mergeInto(engine: SqlEngine, options: MergeIntoOptions): Promise<MergeResult> {
  const dialect = engine?.dialect;
  if (dialect !== 'postgres' && dialect !== 'duckdb' && dialect !== 'bigquery')
    throw invalidArgument(FN, 'engine.dialect', dialect, "a 'postgres', 'duckdb' or 'bigquery' engine");
  const { target, source, key } = options;
  if (!Array.isArray(key) || key.length === 0)
    throw invalidArgument(FN, 'key', key, 'one or more key columns', "Pass key: ['customerId'].");
  const f = sqlDialect(dialect);
  const ident = (name: string, what: string): string => {
    try {
      return f.ident(name);
    } catch {
      throw connectorError(
        'SQL_IDENTIFIER',
        `${FN}: ${what} ${JSON.stringify(name)} is not allowed; use letters, digits and underscores (starting with a letter or underscore), at most 63 characters.`,
        { details: { function: FN, received: name } },
      );
    }
  };
  const stateTable = options.stateTable ?? '_retailkit_merge_state';
  const qTarget = ident(target, 'target');
  const qState = ident(stateTable, 'stateTable');
  const qStage = ident(`${target.slice(0, 40)}__rk_stage`, 'target');
  const keys = key.map((k) => ident(k, 'key column'));
  const tolerance = options.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1))
    throw invalidArgument(FN, 'tolerance', tolerance, 'a number in [0, 1)', 'Pass 1e-9, or 0 for exact equality.');
  if (dialect === 'bigquery') {
    const handle = bigQueryHandle(engine);
    if (!handle)
      throw invalidArgument(
        FN,
        'engine',
        engine.location,
        "an engine from openSqlEngine('bigquery:<project>.<dataset>')",
        'Open the engine with openSqlEngine: the merge needs its client for load and script jobs.',
      );
    const c = await mergeIntoBigQuery(handle, { target, source, key, stateTable, tolerance });
    return {
      target,
      rowsInSource: c.src,
      inserted: c.inserted,
      updated: c.updated,
      deleted: c.deleted,
      unchanged: c.src - c.inserted - c.updated,
      rowsInTable: c.src,
    };
  }

  await engine.exec('BEGIN');
  try {
    await engine.exec(`DROP TABLE IF EXISTS ${qStage}`);
    if (typeof source === 'string') await engine.exec(`CREATE TEMPORARY TABLE ${qStage} AS ${source}`);
    else await stageFrame(engine, qStage, source);
    const empty = await engine.query(`SELECT * FROM ${qStage} LIMIT 0`);
    const names = Object.keys(empty.columns);
    for (const k of key)
      if (!names.includes(k))
        throw invalidArgument(
          FN,
          'key',
          k,
          `a column of the source (${names.join(', ')})`,
          'Name key columns the source has.',
        );
    const cols = names.map((n) => ident(n, 'column'));
    const valueNames = names.filter((n) => !key.includes(n));
    const values = valueNames.map((n) => ident(n, 'column'));
    const existing = await targetColumns(engine, target);
    if (existing === undefined) {
      await engine.exec(`CREATE TABLE ${qTarget} AS SELECT * FROM ${qStage} WHERE 1 = 0`);
      await engine.exec(
        `CREATE UNIQUE INDEX ${ident(`${target.slice(0, 40)}__rk_key`, 'target')} ON ${qTarget} (${keys.join(', ')})`,
      );
    } else if (existing.join(',') !== names.join(','))
      throw connectorError(
        'LOAD_SCHEMA_MISMATCH',
        `${FN}: table ${target} has columns ${existing.join(', ')}, the source ${names.join(', ')}. Drop the table or merge into another one.`,
        { details: { table: target, existing, received: names } },
      );
    const on = keys.map((k) => `t.${k} = s.${k}`).join(' AND ');
    const differ = (n: string): string => {
      const c = ident(n, 'column');
      return tolerance > 0 && empty.columns[n].type === 'number'
        ? `((t.${c} IS NULL) <> (s.${c} IS NULL) OR ABS(t.${c} - s.${c}) > ${tolerance} * GREATEST(1, ABS(t.${c}), ABS(s.${c})))`
        : `t.${c} IS DISTINCT FROM s.${c}`;
    };
    const differs = valueNames.length ? valueNames.map(differ).join(' OR ') : 'FALSE';
    const n = (x: unknown) => Number(x);
    const [c] = rowsOf(
      await engine.query(
        `SELECT (SELECT count(*) FROM ${qStage}) AS src, (SELECT count(*) FROM (SELECT DISTINCT ${keys.join(', ')} FROM ${qStage}) AS d) AS keys, (SELECT count(*) FROM ${qStage} AS s WHERE NOT EXISTS (SELECT 1 FROM ${qTarget} AS t WHERE ${on})) AS ins, (SELECT count(*) FROM ${qStage} AS s JOIN ${qTarget} AS t ON ${on} WHERE ${differs}) AS upd, (SELECT count(*) FROM ${qTarget} AS t WHERE NOT EXISTS (SELECT 1 FROM ${qStage} AS s WHERE ${on})) AS del`,
      ),
    );
    if (n(c.keys) !== n(c.src))
      throw connectorError(
        'LOAD_REJECTED',
        `${FN}: the source of ${target} has ${n(c.src) - n(c.keys)} rows whose key (${key.join(', ')}) repeats an earlier row's. Give each key one row.`,
        { details: { table: target, key: [...key], duplicates: n(c.src) - n(c.keys) } },
      );
    const result = {
      target,
      rowsInSource: n(c.src),
      inserted: n(c.ins),
      updated: n(c.upd),
      deleted: n(c.del),
      unchanged: n(c.src) - n(c.ins) - n(c.upd),
      rowsInTable: n(c.src),
    };
    if (result.deleted)
      await engine.exec(`DELETE FROM ${qTarget} AS t WHERE NOT EXISTS (SELECT 1 FROM ${qStage} AS s WHERE ${on})`);
    if (result.updated)
      await engine.exec(
        `UPDATE ${qTarget} AS t SET ${values.map((v) => `${v} = s.${v}`).join(', ')} FROM ${qStage} AS s WHERE ${on} AND (${differs})`,
      );
    if (result.inserted)
      await engine.exec(
        `INSERT INTO ${qTarget} (${cols.join(', ')}) SELECT ${cols.map((x) => `s.${x}`).join(', ')} FROM ${qStage} AS s WHERE NOT EXISTS (SELECT 1 FROM ${qTarget} AS t WHERE ${on})`,
      );
    await engine.exec(`DROP TABLE ${qStage}`);
    await engine.exec(
      `CREATE TABLE IF NOT EXISTS ${qState} (target text PRIMARY KEY, key_columns text NOT NULL, rows_in_table bigint NOT NULL, inserted bigint NOT NULL, updated bigint NOT NULL, deleted bigint NOT NULL, unchanged bigint NOT NULL)`,
    );
    await engine.exec(
      `INSERT INTO ${qState} (target, key_columns, rows_in_table, inserted, updated, deleted, unchanged) VALUES (${[
        f.literal(target),
        f.literal(key.join(',')),
        result.rowsInTable,
        result.inserted,
        result.updated,
        result.deleted,
        result.unchanged,
      ].join(
        ', ',
      )}) ON CONFLICT (target) DO UPDATE SET key_columns = EXCLUDED.key_columns, rows_in_table = EXCLUDED.rows_in_table, inserted = EXCLUDED.inserted, updated = EXCLUDED.updated, deleted = EXCLUDED.deleted, unchanged = EXCLUDED.unchanged`,
    );
    await engine.exec('COMMIT');
    return result;
  } catch (e) {
    await engine.exec('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

function rowsOf(frame: Frame): Record<string, unknown>[] {
  const names = Object.keys(frame.columns);
  return Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(names.map((n) => [n, valueAt(frame.columns[n], i)])),
  );
}

/** The column names of `table` in the current schema, in order, or undefined when there is no such table. */
async function targetColumns(engine: SqlEngine, table: string): Promise<string[] | undefined> {
  const r = await engine.query(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
    [table],
  );
  const names = rowsOf(r).map((x) => String(x.column_name));
  return names.length ? names : undefined;
}

/** Create the temporary staging table with the Frame's column types and fill it with multi-row INSERTs. */
async function stageFrame(engine: SqlEngine, qStage: string, frame: Frame): Promise<void> {
  const f = sqlDialect(engine.dialect);
  const names = Object.keys(frame.columns);
  const type = (t: string): string =>
    t === 'string'
      ? 'text'
      : t === 'timestamp'
        ? 'timestamp'
        : t === 'boolean'
          ? 'boolean'
          : t === 'int'
            ? f.intType
            : f.floatType;
  const defs = names.map((n) => `${f.ident(n)} ${type(frame.columns[n].type)}`);
  await engine.exec(`CREATE TEMPORARY TABLE ${qStage} (${defs.join(', ')})`);
  const literal = (n: string, i: number): string => {
    const c = frame.columns[n];
    const v = valueAt(c, i);
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'NULL';
    if (c.type === 'timestamp') return f.timestamp(v as number);
    if (typeof v === 'number' && !Number.isFinite(v))
      throw connectorError('LOAD_NON_FINITE', `${FN}: column ${n}, row ${i} is ${v}; no warehouse stores it.`, {
        details: { row: i, column: n, value: String(v) },
      });
    return f.literal(v as string | number | boolean);
  };
  const header = names.map((n) => f.ident(n)).join(', ');
  for (let lo = 0; lo < frame.length; lo += BATCH) {
    const rows: string[] = [];
    for (let i = lo; i < Math.min(frame.length, lo + BATCH); i++)
      rows.push(`(${names.map((n) => literal(n, i)).join(', ')})`);
    await engine.exec(`INSERT INTO ${qStage} (${header}) VALUES ${rows.join(', ')}`);
  }
}
