import { invalidArgument } from './errors.js';
import {
  booleanColumn,
  type Column,
  type ColumnType,
  type Frame,
  frame,
  numberColumn,
  stringColumn,
  timestampColumn,
  valueAt,
} from './frame.js';

/** A row at the edges: plain values, `null` for missing, timestamps as `Date` (or epoch ms, see `toRows`). */
export type RowValue = string | number | boolean | Date | null;
export type Row = Record<string, RowValue | undefined>;

/** Declared column types, by column name. */
export type Schema = Record<string, ColumnType>;

/**
 * Build a Frame from row objects. Column types come from `schema` or are inferred from the first
 * non-null value of each column: `number`, `boolean`, `Date` → `timestamp`, anything else → `string`.
 * Missing keys and `null`/`undefined` are missing values. Columns are ordered by first appearance.
 *
 * Complexity O(rows × columns).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a value does not fit its column's type.
 * @example
 * fromRows([{ a: 1, b: 'x' }, { a: null, b: 'y' }]).columns.a // { type: 'number', data: Float64Array [1, NaN] }
 */
export function fromRows(rows: readonly Row[], schema: Schema = {}): Frame {
  const names: string[] = Object.keys(schema);
  const seen = new Set(names);
  for (const r of rows)
    for (const k of Object.keys(r))
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
  const cols: Record<string, Column> = {};
  for (const name of names) {
    let type = schema[name];
    if (!type) {
      type = 'string';
      for (const r of rows) {
        const v = r[name];
        if (v == null) continue;
        type =
          typeof v === 'number'
            ? 'number'
            : typeof v === 'boolean'
              ? 'boolean'
              : v instanceof Date
                ? 'timestamp'
                : 'string';
        break;
      }
    }
    const vals = rows.map((r) => r[name]);
    cols[name] = buildColumn(name, type, vals);
  }
  const f = frame(cols);
  return names.length === 0 ? { length: rows.length, columns: {} } : f;
}

function buildColumn(name: string, type: ColumnType, vals: (RowValue | undefined)[]): Column {
  const bad = (i: number, v: unknown): never => {
    throw invalidArgument(
      'fromRows',
      `row ${i} column "${name}"`,
      v,
      `a ${type} or null`,
      'Fix the value or the schema.',
    );
  };
  switch (type) {
    case 'string':
      return stringColumn(vals.map((v, i) => (v == null ? null : typeof v === 'string' ? v : bad(i, v))));
    case 'number':
    case 'int':
      return numberColumn(vals.map((v, i) => (v == null ? null : typeof v === 'number' ? v : bad(i, v))));
    case 'boolean':
      return booleanColumn(vals.map((v, i) => (v == null ? false : typeof v === 'boolean' ? v : bad(i, v))));
    case 'timestamp':
      return timestampColumn(
        vals.map((v, i) => (v == null ? null : v instanceof Date ? v : typeof v === 'number' ? v : bad(i, v))),
      );
  }
}

/**
 * Rows from a Frame: missing values are `null`; timestamps are `Date`s (default) or epoch ms or ISO strings.
 *
 * @example
 * toRows(fromRows([{ a: 1 }])) // [{ a: 1 }]
 */
export function toRows(f: Frame, options: { timestamps?: 'date' | 'ms' | 'iso' } = {}): Row[] {
  const ts = options.timestamps ?? 'date';
  const entries = Object.entries(f.columns);
  const out: Row[] = new Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const row: Row = {};
    for (const [name, col] of entries) {
      const v = valueAt(col, i);
      if (col.type === 'timestamp' && v !== null) {
        row[name] = ts === 'ms' ? v : ts === 'iso' ? new Date(v as number).toISOString() : new Date(v as number);
      } else row[name] = v;
    }
    out[i] = row;
  }
  return out;
}
