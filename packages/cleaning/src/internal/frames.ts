import type { Column, Frame, StringColumn } from '@retailkit/core';

function takeF64(src: Float64Array, idx: Int32Array): Float64Array {
  const n = idx.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  return out;
}
function takeI32(src: Int32Array, idx: Int32Array): Int32Array {
  const n = idx.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  return out;
}
function takeU8(src: Uint8Array, idx: Int32Array): Uint8Array {
  const n = idx.length;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = src[idx[i]];
  return out;
}

/** One column at `indices` (monomorphic loops per array type; string dictionaries shared). */
export function takeColumnFast(col: Column, idx: Int32Array): Column {
  switch (col.type) {
    case 'string':
      return { type: 'string', codes: takeI32(col.codes, idx), values: col.values };
    case 'int':
      return { type: 'int', data: takeI32(col.data, idx) };
    case 'boolean':
      return { type: 'boolean', data: takeU8(col.data, idx) };
    case 'number':
      return { type: 'number', data: takeF64(col.data, idx) };
    default:
      return { type: 'timestamp', data: takeF64(col.data, idx) };
  }
}

/** Rows of `f` at `indices` (no bounds checks: indices come from masks over `f`). String dictionaries are shared. */
export function gather(f: Frame, indices: Int32Array): Frame {
  const out: Record<string, Column> = {};
  for (const [name, col] of Object.entries(f.columns)) out[name] = takeColumnFast(col, indices);
  return { length: indices.length, columns: out };
}

/** Indices where `mask[i]` is non-zero. */
export function indicesWhere(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  const out = new Int32Array(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i] !== 0) out[j++] = i;
  return out;
}

/** Indices where `mask[i]` is zero. */
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

/** Split `f` by a removal mask (1 = removed) into the kept rows and the removed rows, both in file order. */
export function splitByMask(f: Frame, removeMask: Uint8Array): { kept: Frame; removed: Frame } {
  return { kept: gather(f, indicesWhereZero(removeMask)), removed: gather(f, indicesWhere(removeMask)) };
}

/**
 * Re-encode a string column through a function on its dictionary values (for example upper-casing), merging
 * values that become equal. Codes stay -1 for missing. O(rows + dictionary).
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
    if (k !== c) identity = false;
  }
  if (identity && values.every((v, c) => v === col.values[c])) return col;
  return { type: 'string', codes: remapCodes(col.codes, remap), values };
}

/** `out[i] = remap[codes[i]]`, -1 stays -1. */
export function remapCodes(codes: Int32Array, remap: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c < 0 ? -1 : remap[c];
  }
  return out;
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

/** A string column of one repeated value (for reason columns). */
export function constantString(length: number, value: string): StringColumn {
  return { type: 'string', codes: new Int32Array(length), values: [value] };
}
