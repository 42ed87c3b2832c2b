import type { ColumnType, Frame } from '@retailkit/core';

/** How a load treats rows already in the table (dlt's write dispositions). */
export type WriteDisposition = 'append' | 'replace' | 'merge';

/** Column types by column name, in column order. */
export type TableSchema = Readonly<Record<string, ColumnType>>;

/**
 * Incremental-load state: the highest cursor value loaded (epoch ms for a timestamp cursor) and the keys of the
 * rows loaded at exactly that value, so a re-run skips them without losing rows that share the cursor value.
 */
export interface LoadState {
  readonly cursorColumn: string;
  readonly cursor: number | null;
  readonly keysAtCursor: readonly string[];
  readonly rowsLoaded: number;
}

/** Options of `Warehouse.load`. */
export interface LoadOptions {
  /** Default `'append'`. */
  disposition?: WriteDisposition;
  /** Key columns: required by `merge`; for `replace` they become the table's primary key. */
  primaryKey?: readonly string[];
  /**
   * Incremental loading: rows at or before the saved cursor are skipped (except new keys at the cursor itself)
   * and the new state is committed in the same transaction as the rows.
   */
  incremental?: {
    /** Timestamp or number column, e.g. `invoiceDate`. */
    cursorColumn: string;
    /** Columns identifying a row at the cursor. Default: `primaryKey`, else every column. */
    keyColumns?: readonly string[];
    /** Name of the state record (default: the table name). */
    pipeline?: string;
  };
  /** Column types when `data` is an empty stream (default: from the first batch). */
  schema?: TableSchema;
}

/** What a load did; `rowsReceived = rowsLoaded + rowsSkipped`. */
export interface LoadResult {
  table: string;
  disposition: WriteDisposition;
  /** Rows given to `load`. */
  rowsReceived: number;
  /** Rows skipped by the incremental cursor (already loaded before). */
  rowsSkipped: number;
  /** Rows sent to the warehouse. */
  rowsLoaded: number;
  /** For `merge`: rows inserted and rows updated. */
  rowsInserted?: number;
  rowsUpdated?: number;
  /** Rows in the table after the load. */
  rowsInTable: number;
  /** The committed load state, for incremental loads. */
  state?: LoadState;
  /**
   * Text the load changed, by column (absent when none): cells whose U+0000 characters were removed and cells
   * whose lone UTF-16 surrogates were replaced by U+FFFD — no warehouse stores either (every writer applies this).
   */
  textRepairs?: Readonly<Record<string, { readonly nulRemoved: number; readonly surrogatesReplaced: number }>>;
}

/** What a destination can do, declared up front (dlt style). */
export interface WarehouseCapabilities {
  readonly dispositions: readonly WriteDisposition[];
  /** Rows and load state commit atomically. */
  readonly transactionalState: boolean;
  /** Accepts a stream of Frame batches in bounded memory. */
  readonly streaming: boolean;
  /** Loads from objects in a lake (`gs://`, `s3://`) instead of uploading. */
  readonly loadsFromLake: boolean;
}

/** A destination. Heavy drivers are loaded lazily by the `open…` functions. */
export interface Warehouse {
  readonly kind: 'postgres' | 'bigquery' | 'redshift' | 'duckdb';
  readonly capabilities: WarehouseCapabilities;
  /**
   * Load a Frame or a stream of Frame batches into `table`. A ±Infinity in a number or timestamp column is refused
   * (`LOAD_NON_FINITE`, naming the table, row and column); NaN loads as NULL.
   */
  load(table: string, data: Frame | AsyncIterable<Frame>, options?: LoadOptions): Promise<LoadResult>;
  /**
   * Load several tables all-or-nothing, in order: when one fails, none of them changes. (Optional for custom
   * warehouses; the built-in ones all have it.)
   */
  loadMany?(
    loads: readonly { table: string; data: Frame | AsyncIterable<Frame>; options?: LoadOptions }[],
  ): Promise<LoadResult[]>;
  /** Run a query with positional parameters (`$1`… in PostgreSQL); rows as plain objects. */
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Number of rows of a table (0 when it does not exist). */
  rowCount(table: string): Promise<number>;
  /** The committed load state of a pipeline, if any. */
  loadState(pipeline: string): Promise<LoadState | undefined>;
  close(): Promise<void>;
}
