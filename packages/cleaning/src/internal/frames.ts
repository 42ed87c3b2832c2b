import { type Column, type Frame, maskToIndices, type StringColumn, takeColumn } from '@retailkit/core';

/** Rows of `f` at `indices` (no bounds checks: indices come from masks over `f`). String dictionaries are shared. */
export function gather(f: Frame, indices: Int32Array): Frame {
  const out: Record<string, Column> = {};
  for (const [name, col] of Object.entries(f.columns)) out[name] = takeColumn(col, indices);
  return { length: indices.length, columns: out };
}

/** Split `f` by a removal mask (1 = removed) into the kept rows and the removed rows, both in file order. */
export function splitByMask(f: Frame, removeMask: Uint8Array): { kept: Frame; removed: Frame } {
  const n = f.length;
  let r = 0;
  for (let i = 0; i < n; i++) r += removeMask[i];
  const keep = new Int32Array(n - r);
  const drop = new Int32Array(r);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (removeMask[i]) drop[b++] = i;
    else keep[a++] = i;
  }
  return { kept: gather(f, keep), removed: gather(f, drop) };
}

/** Rows where `mask[i]` is 1. */
export function keepMask(f: Frame, mask: Uint8Array): Frame {
  return gather(f, maskToIndices(mask));
}

/**
 * Re-encode a string column through a function on its dictionary values (for example upper-casing), merging
 * values that become equal. Codes stay -1 for missing. O(rows + dictionary).
 */
export function mapDictionary(col: StringColumn, fn: (v: string) => string): StringColumn {
  const values: string[] = [];
  const index = new Map<string, number>();
  const remap = new Int32Array(col.values.length);
  for (let c = 0; c < col.values.length; c++) {
    const v = fn(col.values[c]);
    let k = index.get(v);
    if (k === undefined) {
      k = values.length;
      values.push(v);
      index.set(v, k);
    }
    remap[c] = k;
  }
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    codes[i] = c < 0 ? -1 : remap[c];
  }
  return { type: 'string', codes, values };
}

/** Fill missing codes (-1) with `value`, adding it to a copy of the dictionary when absent. Returns the count filled. */
export function fillString(col: StringColumn, value: string): { column: StringColumn; filled: number } {
  let code = col.values.indexOf(value);
  let values = col.values;
  let filled = 0;
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] < 0) filled++;
  if (filled === 0) return { column: col, filled };
  if (code < 0) {
    values = [...col.values, value];
    code = values.length - 1;
  }
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    codes[i] = c < 0 ? code : c;
  }
  return { column: { type: 'string', codes, values }, filled };
}

/** Add a string column of one repeated value (for reason columns). */
export function constantString(length: number, value: string): StringColumn {
  return { type: 'string', codes: new Int32Array(length), values: [value] };
}
