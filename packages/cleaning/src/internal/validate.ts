import { type ColumnType, type Frame, invalidArgument } from '@retailkit/core';
import { missingColumnError } from '../errors.js';

/** Check that `f` has each named column with one of the allowed types. */
export function requireColumns(
  fn: string,
  f: Frame,
  spec: Readonly<Record<string, ColumnType | readonly ColumnType[]>>,
): void {
  if (f == null || typeof f !== 'object' || typeof f.length !== 'number' || f.columns == null)
    throw invalidArgument(fn, 'frame', f, 'a Frame ({ length, columns })', 'Build one with fromRows or readCsv.');
  for (const [name, t] of Object.entries(spec)) {
    const allowed = typeof t === 'string' ? [t] : t;
    const col = f.columns[name];
    if (!col || !allowed.includes(col.type)) throw missingColumnError(fn, name, allowed.join(' or '), col?.type);
  }
}

/** Check a finite number option within [min, max] (or (min, ...) when `exclusiveMin`). */
export function checkNumber(
  fn: string,
  name: string,
  v: unknown,
  range: { min?: number; max?: number; exclusiveMin?: boolean },
): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (range.min === undefined || (range.exclusiveMin ? v > range.min : v >= range.min)) &&
    (range.max === undefined || v <= range.max);
  if (!ok) {
    const lo = range.min === undefined ? '-∞' : String(range.min);
    const hi = range.max === undefined ? '∞' : String(range.max);
    throw invalidArgument(fn, name, v, `a finite number in ${range.exclusiveMin ? '(' : '['}${lo}, ${hi}]`);
  }
  return v as number;
}
