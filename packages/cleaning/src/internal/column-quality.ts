import type { Column } from '@retailkit/core';

/**
 * Missing and distinct counts of a column. Strings: code -1 is missing, distinct = dictionary codes in use
 * (O(rows + dictionary)). Numbers/timestamps: NaN is missing, distinct by value (0 and −0 equal) through an
 * open-addressing hash set of doubles (O(rows) expected). Booleans: never missing.
 */
export function columnQuality(col: Column): { missing: number; distinct: number } {
  if (col.type === 'string') return stringQuality(col.codes, col.values.length);
  if (col.type === 'boolean' || col.type === 'int') {
    const d = col.data;
    const set = new Set<number>();
    for (let i = 0; i < d.length; i++) set.add(d[i]);
    return { missing: 0, distinct: set.size };
  }
  return numberQuality(col.data);
}

function stringQuality(codes: Int32Array, width: number): { missing: number; distinct: number } {
  const seen = new Uint8Array(width);
  let missing = 0;
  let distinct = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0) missing++;
    else if (seen[c] === 0) {
      seen[c] = 1;
      distinct++;
    }
  }
  return { missing, distinct };
}

function numberQuality(d: Float64Array): { missing: number; distinct: number } {
  let size = 1024;
  let mask = size - 1;
  let keys = new Float64Array(size);
  let used = new Uint8Array(size);
  let count = 0;
  let missing = 0;
  let prev = Number.NaN;
  const scratch = new Float64Array(1);
  const bits = new Int32Array(scratch.buffer);
  for (let i = 0; i < d.length; i++) {
    let v = d[i];
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (v === prev) continue;
    prev = v;
    if (v === 0) v = 0;
    scratch[0] = v;
    let h = Math.imul(bits[0] ^ Math.imul(bits[1], 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    let slot = h & mask;
    while (used[slot] !== 0 && keys[slot] !== v) slot = (slot + 1) & mask;
    if (used[slot] !== 0) continue;
    used[slot] = 1;
    keys[slot] = v;
    count++;
    if (count * 2 > size) {
      // grow and rehash
      const oldKeys = keys;
      const oldUsed = used;
      size *= 2;
      mask = size - 1;
      keys = new Float64Array(size);
      used = new Uint8Array(size);
      for (let s = 0; s < oldKeys.length; s++) {
        if (oldUsed[s] === 0) continue;
        const k = oldKeys[s];
        scratch[0] = k;
        let g = Math.imul(bits[0] ^ Math.imul(bits[1], 0x85ebca6b), 0x9e3779b1);
        g ^= g >>> 15;
        let t = g & mask;
        while (used[t] !== 0) t = (t + 1) & mask;
        used[t] = 1;
        keys[t] = k;
      }
    }
  }
  return { missing, distinct: count };
}
