import { type Column, groupOffsets } from '@retailkit/core';

/**
 * Mark rows equal, in every given column, to an earlier row (pandas `duplicated(keep='first')`): string columns
 * compare dictionary codes (one dictionary per column, so equal codes ⇔ equal strings — dictionaries never repeat a
 * value), numbers compare by value with NaN equal to NaN.
 *
 * `cols[0]` must be a string column (the invoice number): equal rows share it, so rows are first bucketed by its
 * codes with core's stable counting sort (`groupOffsets`, missing = one more bucket), then each bucket is scanned in
 * file order against a small open-addressing table of row hashes (reused, cache-resident). O(rows × columns)
 * expected, no strings built. Number hashes read the IEEE bits through an Int32 view of the same buffer, so −0 and
 * 0 (or two NaN payloads) hash apart and are not matched — CSV readers never produce them.
 * Returns the number of rows marked; `out[i] = 1` for each.
 */
export function markDuplicates(cols: readonly Column[], n: number, out: Uint8Array): number {
  const key = cols[0];
  if (key === undefined || key.type !== 'string') throw new Error('markDuplicates: cols[0] must be a string column');
  const hashes = new Int32Array(n);
  for (let k = 1; k < cols.length; k++) hashColumn(cols[k], hashes, n);
  const width = key.values.length;
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = key.codes[i];
    ids[i] = c < 0 ? width : c;
  }
  const { order, offsets } = groupOffsets(ids, width + 1);
  let maxGroup = 0;
  for (let g = 0; g <= width; g++) maxGroup = Math.max(maxGroup, offsets[g + 1] - offsets[g]);
  let cap = 2;
  while (cap < 2 * maxGroup) cap <<= 1;
  const table = new Int32Array(cap);
  let marked = 0;
  for (let g = 0; g <= width; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    if (b - a < 2) continue;
    let size = 2;
    while (size < 2 * (b - a)) size <<= 1;
    const mask = size - 1;
    table.fill(-1, 0, size);
    for (let k = a; k < b; k++) {
      const i = order[k];
      let h = hashes[i];
      h ^= h >>> 16;
      h = Math.imul(h, 0x7feb352d);
      h ^= h >>> 15;
      let slot = h & mask;
      for (;;) {
        const j = table[slot];
        if (j < 0) {
          table[slot] = i;
          break;
        }
        if (hashes[j] === hashes[i] && rowsEqual(cols, i, j)) {
          out[i] = 1;
          marked++;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }
  return marked;
}

function hashColumn(col: Column, hashes: Int32Array, n: number): void {
  if (col.type === 'string') {
    const c = col.codes;
    for (let i = 0; i < n; i++) hashes[i] = Math.imul(hashes[i] ^ (c[i] + 1), 0x9e3779b1) ^ (hashes[i] >>> 15);
  } else if (col.type === 'number' || col.type === 'timestamp') {
    const d = col.data;
    const w = new Int32Array(d.buffer, d.byteOffset, d.length * 2);
    for (let i = 0; i < n; i++) {
      const h = w[2 * i] ^ Math.imul(w[2 * i + 1], 0x85ebca6b);
      hashes[i] = Math.imul(hashes[i] ^ h, 0x9e3779b1) ^ (hashes[i] >>> 15);
    }
  } else {
    const d = col.data;
    for (let i = 0; i < n; i++) hashes[i] = Math.imul(hashes[i] ^ (d[i] + 1), 0x9e3779b1) ^ (hashes[i] >>> 15);
  }
}

function rowsEqual(cols: readonly Column[], a: number, b: number): boolean {
  for (const col of cols) {
    if (col.type === 'string') {
      if (col.codes[a] !== col.codes[b]) return false;
    } else {
      const x = col.data[a];
      const y = col.data[b];
      if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
    }
  }
  return true;
}
