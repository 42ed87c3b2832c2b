import { type ColumnType, type Frame, invalidArgument, missingColumn } from '@retailkit/core';
import { connectorError } from '../errors.js';
import { IncrementalTracker } from '../internal/incremental.js';
import { quoteIdent } from '../internal/sql.js';
import type { TextRepairs } from './guard.js';
import type { LoadOptions, LoadResult, LoadState, TableSchema, WriteDisposition } from './types.js';

/** The write dispositions of the transactional warehouses (PostgreSQL, DuckDB). */
export const DISPOSITIONS: readonly WriteDisposition[] = ['append', 'replace', 'merge'];

/** A load's options, checked before anything is sent (every load of a `loadMany` before the first). */
export interface LoadPlan {
  readonly table: string;
  readonly loadOptions: LoadOptions;
  readonly disposition: WriteDisposition;
  readonly pk: readonly string[];
  readonly inc: LoadOptions['incremental'];
  /** The load-state record's name. */
  readonly pipeline: string;
}

/** Check `loadOptions` for a load into `table`: disposition, identifiers, a key for merge. */
export function planLoad(fn: string, table: string, loadOptions: LoadOptions): LoadPlan {
  const disposition = loadOptions.disposition ?? 'append';
  if (!DISPOSITIONS.includes(disposition))
    throw invalidArgument(fn, 'disposition', disposition, "'append', 'replace' or 'merge'");
  quoteIdent(table, fn, 'table');
  const pk = loadOptions.primaryKey ?? [];
  for (const k of pk) quoteIdent(k, fn, 'primary key column');
  if (disposition === 'merge' && pk.length === 0)
    throw invalidArgument(
      fn,
      'primaryKey',
      loadOptions.primaryKey,
      'one or more key columns for merge',
      "Pass primaryKey: ['invoiceNo', 'stockCode'] or use 'append'.",
    );
  const inc = loadOptions.incremental;
  if (inc) quoteIdent(inc.cursorColumn, fn, 'cursor column');
  return { table, loadOptions, disposition, pk, inc, pipeline: inc?.pipeline ?? table };
}

/** A Frame or a stream of Frames, as a stream. */
export async function* asBatches(data: Frame | AsyncIterable<Frame>): AsyncGenerator<Frame> {
  if (Symbol.asyncIterator in (data as object)) yield* data as AsyncIterable<Frame>;
  else yield data as Frame;
}

/** Column types of a Frame, in column order. */
export function schemaOf(f: Frame): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const [n, c] of Object.entries(f.columns)) out[n] = c.type;
  return out;
}

/**
 * The load's schema (the first batch's, else `loadOptions.schema`), its column names checked against the
 * allow-list, with every primary-key column present.
 */
export function loadSchema(fn: string, plan: LoadPlan, first: Frame | undefined): TableSchema | undefined {
  const schema = first ? schemaOf(first) : plan.loadOptions.schema;
  if (!schema) return undefined;
  const names = Object.keys(schema);
  for (const n of names) quoteIdent(n, fn, 'column');
  for (const k of plan.pk)
    if (!Object.hasOwn(schema, k))
      throw missingColumn(
        fn,
        { columns: Object.fromEntries(names.map((n) => [n, { type: schema[n] }])) },
        k,
        'primary-key',
      );
  return schema;
}

/** `LOAD_SCHEMA_MISMATCH` unless batch `f` has exactly the columns and types of `schema`. */
export function checkBatch(fn: string, schema: TableSchema, f: Frame): void {
  const s = schemaOf(f);
  const names = Object.keys(schema);
  if (Object.keys(s).length === names.length && names.every((n) => s[n] === schema[n])) return;
  throw connectorError(
    'LOAD_SCHEMA_MISMATCH',
    `${fn}: a batch has columns ${JSON.stringify(s)}, the first had ${JSON.stringify(schema)}. Give every batch the same columns.`,
    { details: { expected: schema, received: s } },
  );
}

/** `LOAD_SCHEMA_MISMATCH` when an existing table lacks columns an `append` or `merge` would write. */
export function checkTableColumns(
  fn: string,
  plan: LoadPlan,
  existing: { has(name: string): boolean } | undefined,
  schema: TableSchema | undefined,
): void {
  if (!existing || !schema || plan.disposition === 'replace') return;
  const missing = Object.keys(schema).filter((n) => !existing.has(n));
  if (missing.length)
    throw connectorError(
      'LOAD_SCHEMA_MISMATCH',
      `${fn}: table ${plan.table} has no column(s) ${missing.join(', ')}. Load with disposition 'replace' or add the columns.`,
      { details: { table: plan.table, missing } },
    );
}

/** The cursor filter of an incremental load (a `replace` starts from no state), or undefined. */
export function trackerFor(fn: string, plan: LoadPlan, prev: LoadState | undefined): IncrementalTracker | undefined {
  const { inc, pk, disposition } = plan;
  if (!inc) return undefined;
  return new IncrementalTracker(
    fn,
    disposition === 'replace' ? undefined : prev,
    inc.cursorColumn,
    inc.keyColumns ?? (pk.length ? pk : undefined),
  );
}

/** The load state to commit after the rows: the tracker's, or the previous one unchanged when nothing was new. */
export function stateAfter(tracker: IncrementalTracker, prev: LoadState | undefined, plan: LoadPlan): LoadState {
  if (prev && plan.disposition !== 'replace' && tracker.rowsLoaded === 0) return { ...prev };
  return tracker.state(plan.disposition === 'replace' ? 0 : (prev?.rowsLoaded ?? 0));
}

/** What a load did, as `Warehouse.load` reports it. */
export function loadResult(
  plan: LoadPlan,
  counts: { received: number; loaded: number; inserted?: number; updated?: number; rowsInTable: number },
  state: LoadState | undefined,
  repairs: TextRepairs | undefined,
): LoadResult {
  return {
    table: plan.table,
    disposition: plan.disposition,
    rowsReceived: counts.received,
    rowsSkipped: counts.received - counts.loaded,
    rowsLoaded: counts.loaded,
    ...(counts.inserted !== undefined ? { rowsInserted: counts.inserted, rowsUpdated: counts.updated } : {}),
    rowsInTable: counts.rowsInTable,
    ...(state ? { state } : {}),
    ...(repairs && Object.keys(repairs).length ? { textRepairs: repairs } : {}),
  };
}
