import type { StringColumn } from '@retailkit/core';

/** Indices where `mask[i]` is zero (the complement of core's `maskToIndices`). */
export function indicesWhereZero(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) n++;
  const out = new Int32Array(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i] === 0) out[j++] = i;
  return out;
}

/** Number of non-zero bytes. */
export function countOnes(mask: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) c++;
  return c;
}

/**
 * Re-encode a string column through a function on its dictionary values (for example upper-casing), merging
 * values that become equal. Codes stay -1 for missing. Returns `col` itself when nothing changes.
 * O(rows + dictionary).
 */
export function mapDictionary(col: StringColumn, fn: (v: string) => string): StringColumn {
  const values: string[] = [];
  const index = new Map<string, number>();
  const remap = new Int32Array(col.values.length);
  let identity = true;
  for (let c = 0; c < col.values.length; c++) {
    const v = fn(col.values[c]);
    let k = index.get(v);
    if (k === undefined) {
      k = values.length;
      values.push(v);
      index.set(v, k);
    }
    remap[c] = k;
    if (k !== c || v !== col.values[c]) identity = false;
  }
  if (identity) return col;
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    codes[i] = c < 0 ? -1 : remap[c];
  }
  return { type: 'string', codes, values };
}

/** Missing codes (-1) replaced by `value`, added to a copy of the dictionary when absent; `col` itself when none is missing. */
export function fillMissing(col: StringColumn, value: string): StringColumn {
  let missing = 0;
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] < 0) missing++;
  if (missing === 0) return col;
  let code = col.values.indexOf(value);
  const values = code < 0 ? [...col.values, value] : col.values;
  if (code < 0) code = values.length - 1;
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    codes[i] = c < 0 ? code : c;
  }
  return { type: 'string', codes, values };
}

/** One byte per dictionary value: 1 where `test(value)` holds. O(dictionary); the per-row work is a lookup. */
export function dictionaryTest(values: readonly string[], test: (v: string) => boolean): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let c = 0; c < values.length; c++) out[c] = test(values[c]) ? 1 : 0;
  return out;
}

/** `out[i] = table[codes[i]]`, or `missing` where the code is -1. */
export function markByCode(codes: Int32Array, table: Uint8Array, missing: 0 | 1, out: Uint8Array): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c < 0 ? missing : table[c];
  }
}

/** Rows with reason 0 (trusted) whose code is marked in `table`. */
export function countTrustedByCode(codes: Int32Array, table: Uint8Array, missing: 0 | 1, reason: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    if (reason[i] !== 0) continue;
    const c = codes[i];
    if ((c < 0 ? missing : table[c]) !== 0) n++;
  }
  return n;
}

/** `out[i] = 1` where `values[i]` is missing (NaN) or infinite. */
export function markNotFinite(values: Float64Array, out: Uint8Array): void {
  for (let i = 0; i < values.length; i++) out[i] = Number.isFinite(values[i]) ? 0 : 1;
}

/** The largest finite double, as an SQL literal. */
export const MAX_DOUBLE_SQL = '1.7976931348623157e308';

/** `markNotFinite` in SQL: NULL, NaN or ±Infinity (NaN fails the range test in every dialect). */
export const notFiniteSql = (expr: string): string =>
  `(${expr} IS NULL OR NOT (${expr} BETWEEN -${MAX_DOUBLE_SQL} AND ${MAX_DOUBLE_SQL}))`;
