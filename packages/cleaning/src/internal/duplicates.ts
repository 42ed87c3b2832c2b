import type { Column } from '@retailkit/core';

/**
 * Mark rows equal, in every given column, to an earlier row (pandas `duplicated(keep='first')`): string columns
 * compare dictionary codes (one dictionary per column, so equal codes ⇔ equal strings — dictionaries built by
 * core never repeat a value), numbers compare by value with NaN equal to NaN.
 *
 * Open-addressing hash table of row indices (2^k ≥ 2·rows slots): O(rows × columns) expected, no strings built.
 * Returns the number of rows marked; `out[i] = 1` for each.
 */
export function markDuplicates(cols: readonly Column[], n: number, out: Uint8Array): number {
  const hashes = new Int32Array(n);
  for (const col of cols) {
    if (col.type === 'string') {
      const c = col.codes;
      for (let i = 0; i < n; i++) hashes[i] = Math.imul(hashes[i] ^ (c[i] + 1), 0x9e3779b1) ^ (hashes[i] >>> 15);
    } else if (col.type === 'number' || col.type === 'timestamp') {
      // hash the IEEE bits through an Int32 view of the same buffer (no copy); −0 and 0 hash apart (and NaN
      // payloads could), so such rows may be missed as duplicates — CSV readers never produce them.
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
  let size = 1;
  while (size < 2 * n) size <<= 1;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  let marked = 0;
  for (let i = 0; i < n; i++) {
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
  return marked;
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
