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
 * Write tables to the lake as Parquet (`staging/<name>.parquet`, atomically) and load them into the warehouse,
 * table by table, each warehouse load in one transaction with its load state. A table given as a stream is
 * written once to a temporary Parquet file (bounded memory), uploaded, and loaded from that file's row groups
 * (without a lake it streams straight into the warehouse).
 *
 * @throws RetailKitError `SQL_IDENTIFIER` for a table name that is not an allow-listed identifier, and whatever
 *   the lake or warehouse throws (nothing is half-loaded: see each warehouse's disposition).
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
  for (const [name, data] of Object.entries(options.tables)) {
    const row: LoadTableReport = { name, rowsWritten: 0, rowsLoaded: 0, disposition };
    let source: Frame | AsyncIterable<Frame> = data;
    let cleanup: (() => Promise<void>) | undefined;
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
        cleanup = () => rm(dir, { recursive: true, force: true });
        const w = await writeParquetFile(file, data, { rowGroupSize: options.rowGroupSize });
        row.rowsWritten = w.rows;
        put = await options.lake.put(key, createReadStream(file));
        source = readParquetBatches(file);
      }
      row.lakeKey = key;
      row.lakeUri = options.lake.uriOf(key);
      row.lakeBytes = put.bytes;
    }
    try {
      if (options.warehouse) {
        const primaryKey = pick(options.primaryKey as readonly string[] | undefined, name, Array.isArray);
        const incremental = pick(
          options.incremental,
          name,
          (x) => typeof (x as { cursorColumn?: unknown }).cursorColumn === 'string',
        );
        const r: LoadResult = await options.warehouse.load(name, source, { disposition, primaryKey, incremental });
        row.rowsLoaded = r.rowsLoaded;
        row.rowsInTable = r.rowsInTable;
        if (r.rowsSkipped) row.rowsSkipped = r.rowsSkipped;
      }
    } finally {
      await cleanup?.();
    }
    report.push(row);
  }
  return { tables: report };
}
