import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from '@retailkit/core';
import { invalidArgument } from '@retailkit/core';
import { readParquetBatches, writeParquet, writeParquetFile } from '../formats/parquet.js';
import { quoteIdent } from '../internal/sql.js';
import type { ObjectStore, PutResult } from '../lake/types.js';
import { LAKE_PREFIXES, validateKey } from '../lake/validate-key.js';
import type { LoadOptions, LoadResult, Warehouse, WriteDisposition } from '../warehouse/types.js';

/** Options of {@link loadTables}. */
export interface LoadTablesOptions {
  /** Lake to write each table to as Parquet under `lakePrefix` (skipped when absent). */
  lake?: { put: ObjectStore['put']; get: ObjectStore['get']; uriOf: ObjectStore['uriOf'] };
  /** Warehouse to load each table into (skipped when absent). */
  warehouse?: Warehouse;
  /** Tables by name (allow-listed SQL identifiers): a Frame or a stream of Frame batches. */
  tables: Readonly<Record<string, Frame | AsyncIterable<Frame>>>;
  /** Default `'replace'` (re-running the command gives the same tables). */
  disposition?: WriteDisposition;
  /** Key columns, for all tables or by table name. Required by `merge`. */
  primaryKey?: readonly string[] | Readonly<Record<string, readonly string[]>>;
  /** Incremental options passed to the warehouse, for all tables or by table name. */
  incremental?: LoadOptions['incremental'] | Readonly<Record<string, LoadOptions['incremental']>>;
  /** Lake prefix of the Parquet files. Default `staging/`. */
  lakePrefix?: string;
  /** Rows per Parquet row group. Default 100,000. */
  rowGroupSize?: number;
}

/** Per-table outcome, JSON-friendly (the CLI writes it to `load.json`). */
export interface LoadTableReport {
  name: string;
  /** Rows written to the lake (0 without a lake). */
  rowsWritten: number;
  /** Rows sent to the warehouse by this load (0 without a warehouse). */
  rowsLoaded: number;
  /** Rows in the warehouse table afterwards (absent without a warehouse). */
  rowsInTable?: number;
  /** Rows skipped as already loaded (incremental loads). */
  rowsSkipped?: number;
  /** Text the warehouse load changed, by column (see `LoadResult.textRepairs`); absent when none. */
  textRepairs?: LoadResult['textRepairs'];
  /** Where the Parquet file went (`staging/<name>.parquet`) and its URI and size. */
  lakeKey?: string;
  lakeUri?: string;
  lakeBytes?: number;
  disposition: WriteDisposition;
}

function isFrame(x: Frame | AsyncIterable<Frame>): x is Frame {
  return !(Symbol.asyncIterator in (x as object));
}

/**
 * Write tables to the lake as Parquet (`staging/<name>.parquet`, each object atomically), then load them into the
 * warehouse all-or-nothing: several tables go through `warehouse.loadMany` (one transaction with their load state
 * on PostgreSQL and Redshift; staged tables applied in one multi-statement transaction on BigQuery), so when one
 * fails none of them changes. A table given as a stream is written once to a temporary Parquet file (bounded
 * memory), uploaded, and loaded from that file's row groups (without a lake it streams straight into the
 * warehouse). The lake objects are written before the warehouse load and stay when it fails.
 *
 * @throws RetailKitError `SQL_IDENTIFIER` for a table name that is not an allow-listed identifier, and whatever
 *   the lake or warehouse throws (`LOAD_REJECTED` and `LOAD_NON_FINITE` name the table, row and column).
 * @example
 * const report = await loadTables({ lake, warehouse, tables: { transactions: frame }, disposition: 'replace' });
 * // { tables: [{ name: 'transactions', rowsWritten: 541909, rowsLoaded: 541909, rowsInTable: 541909,
 * //             lakeKey: 'staging/transactions.parquet', lakeUri: '…', lakeBytes: 3812345, disposition: 'replace' }] }
 */
export async function loadTables(options: LoadTablesOptions): Promise<{ tables: LoadTableReport[] }> {
  const fn = 'loadTables';
  if (!options || typeof options.tables !== 'object' || options.tables === null)
    throw invalidArgument(fn, 'tables', options?.tables, 'an object of table name → Frame');
  const disposition = options.disposition ?? 'replace';
  const prefix = options.lakePrefix ?? LAKE_PREFIXES.staging;
  for (const name of Object.keys(options.tables)) quoteIdent(name, fn, 'table name');
  const pick = <T>(
    v: T | Readonly<Record<string, T>> | undefined,
    name: string,
    isValue: (x: unknown) => boolean,
  ): T | undefined => (v === undefined ? undefined : isValue(v) ? (v as T) : (v as Record<string, T>)[name]);
  const report: LoadTableReport[] = [];
  const loads: { table: string; data: Frame | AsyncIterable<Frame>; options: LoadOptions }[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  try {
    for (const [name, data] of Object.entries(options.tables)) {
      const row: LoadTableReport = { name, rowsWritten: 0, rowsLoaded: 0, disposition };
      let source: Frame | AsyncIterable<Frame> = data;
      if (options.lake) {
        const key = validateKey(`${prefix}${name}.parquet`, fn);
        let put: PutResult;
        if (isFrame(data)) {
          put = await options.lake.put(key, await writeParquet(data, { rowGroupSize: options.rowGroupSize }));
          row.rowsWritten = data.length;
        } else {
          // Stream → temporary Parquet file (bounded memory) → lake; the warehouse then reads the file's row groups.
          const dir = await mkdtemp(join(tmpdir(), 'retailkit-load-'));
          const file = join(dir, `${name}.parquet`);
          cleanups.push(() => rm(dir, { recursive: true, force: true }));
          const w = await writeParquetFile(file, data, { rowGroupSize: options.rowGroupSize });
          row.rowsWritten = w.rows;
          put = await options.lake.put(key, createReadStream(file));
          source = readParquetBatches(file);
        }
        row.lakeKey = key;
        row.lakeUri = options.lake.uriOf(key);
        row.lakeBytes = put.bytes;
      }
      const primaryKey = pick(options.primaryKey as readonly string[] | undefined, name, Array.isArray);
      const incremental = pick(
        options.incremental,
        name,
        (x) => typeof (x as { cursorColumn?: unknown }).cursorColumn === 'string',
      );
      loads.push({ table: name, data: source, options: { disposition, primaryKey, incremental } });
      report.push(row);
    }
    const wh = options.warehouse;
    if (wh) {
      // Several tables: all or none (one transaction, or staged tables swapped in one transaction).
      // A warehouse without `loadMany` (a custom one) loads table by table.
      let results: LoadResult[] = [];
      if (wh.loadMany && loads.length > 1) results = await wh.loadMany(loads);
      else for (const l of loads) results.push(await wh.load(l.table, l.data, l.options));
      for (const [i, r] of results.entries()) {
        const row = report[i];
        row.rowsLoaded = r.rowsLoaded;
        row.rowsInTable = r.rowsInTable;
        if (r.rowsSkipped) row.rowsSkipped = r.rowsSkipped;
        if (r.textRepairs) row.textRepairs = r.textRepairs;
      }
    }
  } finally {
    for (const c of cleanups) await c();
  }
  return { tables: report };
}
