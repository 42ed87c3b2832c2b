import { invalidArgument, missingColumn, RetailKitError } from './errors.js';

/** Numbers as `Float64Array`; `NaN` means missing. */
export interface NumberColumn {
  readonly type: 'number';
  readonly data: Float64Array;
}
/** Integer codes or counts as `Int32Array`; no missing value. */
export interface IntColumn {
  readonly type: 'int';
  readonly data: Int32Array;
}
/**
 * Timestamps as epoch milliseconds in a `Float64Array` (`NaN` = missing). Source timestamps are naive
 * wall-clock times encoded as if they were UTC; every calendar operation is done in UTC.
 */
export interface TimestampColumn {
  readonly type: 'timestamp';
  readonly data: Float64Array;
}
/** Dictionary-encoded strings: `values[codes[i]]`, code `-1` = missing. Dictionaries may hold unused values. */
export interface StringColumn {
  readonly type: 'string';
  readonly codes: Int32Array;
  readonly values: readonly string[];
}
/** Booleans as `Uint8Array` of 0/1. */
export interface BooleanColumn {
  readonly type: 'boolean';
  readonly data: Uint8Array;
}

export type Column = NumberColumn | IntColumn | TimestampColumn | StringColumn | BooleanColumn;
export type ColumnType = Column['type'];

/** A columnar table: equal-length columns by name, in insertion order. */
export interface Frame {
  readonly length: number;
  readonly columns: Readonly<Record<string, Column>>;
}

/** Length of a column. */
export function columnLength(col: Column): number {
  return col.type === 'string' ? col.codes.length : col.data.length;
}

/**
 * Build a Frame from columns, checking that every column has the same length.
 *
 * @throws RetailKitError `FRAME_LENGTH_MISMATCH` when columns differ in length.
 * @example
 * frame({ q: numberColumn([1, 2]) }).length // 2
 */
export function frame(columns: Record<string, Column>): Frame {
  let length = -1;
  for (const [name, col] of Object.entries(columns)) {
    const n = columnLength(col);
    if (length === -1) length = n;
    else if (n !== length)
      throw new RetailKitError(
        'FRAME_LENGTH_MISMATCH',
        `frame: column "${name}" has ${n} rows but the others have ${length}. Give every column the same length.`,
        { details: { column: name, length: n, expected: length } },
      );
  }
  return { length: Math.max(length, 0), columns };
}

/** Make a number column from values (`null`/`undefined` become `NaN`). */
export function numberColumn(values: ArrayLike<number | null | undefined> | Float64Array): NumberColumn {
  if (values instanceof Float64Array) return { type: 'number', data: values };
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    data[i] = v == null ? Number.NaN : v;
  }
  return { type: 'number', data };
}

/** Make an int column. */
export function intColumn(values: ArrayLike<number> | Int32Array): IntColumn {
  return { type: 'int', data: values instanceof Int32Array ? values : Int32Array.from(values) };
}

/** Make a boolean column. */
export function booleanColumn(values: ArrayLike<boolean | number> | Uint8Array): BooleanColumn {
  if (values instanceof Uint8Array) return { type: 'boolean', data: values };
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i] ? 1 : 0;
  return { type: 'boolean', data };
}

/** Make a timestamp column from epoch-ms numbers or `Date`s (`null` = missing). */
export function timestampColumn(values: ArrayLike<number | Date | null | undefined> | Float64Array): TimestampColumn {
  if (values instanceof Float64Array) return { type: 'timestamp', data: values };
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    data[i] = v == null ? Number.NaN : v instanceof Date ? v.getTime() : v;
  }
  return { type: 'timestamp', data };
}

/**
 * Dictionary-encode strings (`null`/`undefined` = missing). Dictionary order is first appearance.
 *
 * @example
 * stringColumn(['a', null, 'a']) // { type: 'string', codes: [0, -1, 0], values: ['a'] }
 */
export function stringColumn(values: ArrayLike<string | null | undefined>): StringColumn {
  const b = new StringDictionary();
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = v == null ? -1 : b.code(v);
  }
  return { type: 'string', codes, values: b.values };
}

/** An append-only string → code dictionary, shared by builders and readers. */
export class StringDictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  /** The code of `value`, adding it when new. */
  code(value: string): number {
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index.set(value, c);
    }
    return c;
  }
  /** The code of `value` or -1 when absent (never adds). */
  lookup(value: string): number {
    return this.index.get(value) ?? -1;
  }
  get size(): number {
    return this.values.length;
  }
}

/**
 * The column named `name`. `fn` names the calling function in the error (default `'column'`).
 *
 * @throws RetailKitError `MISSING_COLUMN` listing the columns that exist.
 */
export function column(f: Frame, name: string, fn = 'column'): Column {
  if (!Object.hasOwn(f.columns, name)) throw missingColumn(fn, f, name, 'any');
  return f.columns[name];
}

/**
 * The column `name`, checked to be of `type`.
 *
 * @throws RetailKitError `MISSING_COLUMN` when it is absent or of another type.
 */
export function typedColumn<T extends ColumnType>(
  f: Frame,
  name: string,
  type: T,
  fn = 'typedColumn',
): Extract<Column, { type: T }> {
  const col = Object.hasOwn(f.columns, name) ? f.columns[name] : undefined;
  if (col?.type !== type) throw missingColumn(fn, f, name, type);
  return col as Extract<Column, { type: T }>;
}

/**
 * `Float64Array` of a number or timestamp column (int and boolean columns are converted).
 *
 * @throws RetailKitError `MISSING_COLUMN` when it is absent or a string column.
 */
export function numbers(f: Frame, name: string, fn = 'numbers'): Float64Array {
  const col = Object.hasOwn(f.columns, name) ? f.columns[name] : undefined;
  if (col === undefined || col.type === 'string') throw missingColumn(fn, f, name, 'numeric');
  if (col.type === 'number' || col.type === 'timestamp') return col.data;
  return Float64Array.from(col.data);
}

/**
 * The string column `name`.
 *
 * @throws RetailKitError `MISSING_COLUMN` when it is absent or of another type.
 */
export function strings(f: Frame, name: string, fn = 'strings'): StringColumn {
  return typedColumn(f, name, 'string', fn);
}

/** The value at row `i` of a column, as a row value (`null` for missing; timestamps as epoch ms). */
export function valueAt(col: Column, i: number): string | number | boolean | null {
  switch (col.type) {
    case 'string': {
      const c = col.codes[i];
      return c < 0 ? null : col.values[c];
    }
    case 'boolean':
      return col.data[i] === 1;
    case 'int':
      return col.data[i];
    default: {
      const v = col.data[i];
      return Number.isNaN(v) ? null : v;
    }
  }
}

/** Names of the columns, in order. */
export function columnNames(f: Frame): string[] {
  return Object.keys(f.columns);
}

/** A frame with only the named columns (shared, not copied). */
export function select(f: Frame, names: readonly string[]): Frame {
  const out: Record<string, Column> = {};
  for (const n of names) out[n] = column(f, n);
  return { length: f.length, columns: out };
}

/** A frame with `name` set to `col` (added or replaced); other columns are shared. */
export function withColumn(f: Frame, name: string, col: Column): Frame {
  const n = columnLength(col);
  if (n !== f.length && Object.keys(f.columns).length > 0)
    throw new RetailKitError(
      'FRAME_LENGTH_MISMATCH',
      `withColumn: column "${name}" has ${n} rows, the frame has ${f.length}.`,
      { details: { column: name, length: n, expected: f.length } },
    );
  return { length: n, columns: { ...f.columns, [name]: col } };
}

/**
 * Gather one column at `indices` (an `Int32Array`, or any array of integers, converted once). Dictionaries are
 * shared, not copied. Indices are not checked here (`take` checks them).
 */
export function takeColumn(col: Column, indices: ArrayLike<number>): Column {
  const idx = indices instanceof Int32Array ? indices : Int32Array.from(indices);
  switch (col.type) {
    case 'string':
      return { type: 'string', codes: gatherInt32(col.codes, idx), values: col.values };
    case 'int':
      return { type: 'int', data: gatherInt32(col.data, idx) };
    case 'boolean':
      return { type: 'boolean', data: gatherUint8(col.data, idx) };
    default:
      return { type: col.type, data: gatherFloat64(col.data, idx) } as Column;
  }
}

// One gather loop per typed-array type, so that each stays monomorphic (the view-building hot path of cleaning).
function gatherInt32(src: Int32Array, idx: Int32Array): Int32Array {
  const out = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  return out;
}
function gatherUint8(src: Uint8Array, idx: Int32Array): Uint8Array {
  const out = new Uint8Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  return out;
}
function gatherFloat64(src: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = src[idx[i]];
  return out;
}

/**
 * Rows at `indices`, in that order (repeats allowed). O(rows × columns); string dictionaries are shared.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an index outside [0, length).
 */
export function take(f: Frame, indices: ArrayLike<number>): Frame {
  const idx = checkedIndices(indices, f.length);
  const out: Record<string, Column> = {};
  for (const [name, col] of Object.entries(f.columns)) out[name] = takeColumn(col, idx);
  return { length: idx.length, columns: out };
}

/** `indices` as an `Int32Array`, every one an integer in [0, length). */
function checkedIndices(indices: ArrayLike<number>, length: number): Int32Array {
  if (indices instanceof Int32Array) {
    for (let i = 0; i < indices.length; i++)
      if (indices[i] < 0 || indices[i] >= length) throw badIndex(i, indices[i], length);
    return indices;
  }
  const idx = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!(k >= 0 && k < length && Number.isInteger(k))) throw badIndex(i, k, length);
    idx[i] = k;
  }
  return idx;
}

function badIndex(i: number, k: number, length: number): RetailKitError {
  return invalidArgument('take', `indices[${i}]`, k, `an integer in [0, ${length})`);
}

/** Rows `[start, end)` as zero-copy views of the same buffers. */
export function slice(f: Frame, start = 0, end = f.length): Frame {
  const s = Math.max(0, Math.min(f.length, start));
  const e = Math.max(s, Math.min(f.length, end));
  const out: Record<string, Column> = {};
  for (const [name, col] of Object.entries(f.columns)) {
    if (col.type === 'string') out[name] = { type: 'string', codes: col.codes.subarray(s, e), values: col.values };
    else out[name] = { type: col.type, data: col.data.subarray(s, e) } as Column;
  }
  return { length: e - s, columns: out };
}

/** Indices of the rows where `mask[i]` is truthy. */
export function maskToIndices(mask: ArrayLike<number | boolean>): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[j++] = i;
  return out;
}

/**
 * Rows where `mask[i]` is truthy (a `Uint8Array` mask or a predicate on the row index).
 *
 * @example
 * filter(f, (i) => q[i] > 0)
 */
export function filter(f: Frame, mask: ArrayLike<number | boolean> | ((row: number) => boolean)): Frame {
  let idx: Int32Array;
  if (typeof mask === 'function') {
    const m = new Uint8Array(f.length);
    for (let i = 0; i < f.length; i++) m[i] = mask(i) ? 1 : 0;
    idx = maskToIndices(m);
  } else {
    if (mask.length !== f.length) throw invalidArgument('filter', 'mask.length', mask.length, `${f.length}`);
    idx = maskToIndices(mask);
  }
  const out: Record<string, Column> = {};
  for (const [name, col] of Object.entries(f.columns)) out[name] = takeColumn(col, idx);
  return { length: idx.length, columns: out };
}

/**
 * Stack frames with the same column names and types. String dictionaries are merged; codes remapped.
 *
 * @throws RetailKitError `FRAME_SCHEMA_MISMATCH` when names or types differ.
 */
export function concat(frames: readonly Frame[]): Frame {
  if (frames.length === 0) return { length: 0, columns: {} };
  const names = columnNames(frames[0]);
  for (const f of frames) {
    const other = columnNames(f);
    const same = other.length === names.length && names.every((n) => f.columns[n]?.type === frames[0].columns[n].type);
    if (!same)
      throw new RetailKitError(
        'FRAME_SCHEMA_MISMATCH',
        `concat: frames differ in columns or types (${names.join(',')} vs ${other.join(',')}). Select the same columns first.`,
        { details: { expected: names, received: other } },
      );
  }
  const total = frames.reduce((s, f) => s + f.length, 0);
  const out: Record<string, Column> = {};
  for (const name of names) {
    const type = frames[0].columns[name].type;
    if (type === 'string') {
      const first = frames[0].columns[name] as StringColumn;
      const sharedDict = frames.every((f) => (f.columns[name] as StringColumn).values === first.values);
      const codes = new Int32Array(total);
      let off = 0;
      if (sharedDict) {
        for (const f of frames) {
          codes.set((f.columns[name] as StringColumn).codes, off);
          off += f.length;
        }
        out[name] = { type: 'string', codes, values: first.values };
      } else {
        const dict = new StringDictionary();
        for (const f of frames) {
          const col = f.columns[name] as StringColumn;
          const remap = col.values.map((v) => dict.code(v));
          for (let i = 0; i < f.length; i++) {
            const c = col.codes[i];
            codes[off + i] = c < 0 ? -1 : remap[c];
          }
          off += f.length;
        }
        out[name] = { type: 'string', codes, values: dict.values };
      }
    } else {
      const Ctor = type === 'int' ? Int32Array : type === 'boolean' ? Uint8Array : Float64Array;
      const data = new Ctor(total);
      let off = 0;
      for (const f of frames) {
        data.set((f.columns[name] as NumberColumn).data as never, off);
        off += f.length;
      }
      out[name] = { type, data } as Column;
    }
  }
  return { length: total, columns: out };
}
