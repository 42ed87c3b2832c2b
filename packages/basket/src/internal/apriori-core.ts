import type { Collector, Db } from './miner-run.js';

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Apriori (Agrawal & Srikant 1994), level-wise. Level 1 counts items; level 2 counts every pair of frequent items
 * in one pass over the transactions (a triangular count array); level k ≥ 3 generates candidates by the
 * F(k−1) × F(k−1) join of itemsets sharing their first k−2 items, prunes every candidate that has an infrequent
 * (k−1)-subset (downward closure), and counts survivors on vertical tid bitsets (AND of the two joined parents,
 * the AprioriTid idea), so each level costs O(candidates × transactions / 32).
 */
export function aprioriCore(db: Db, minCount: number, maxLen: number, out: Collector, triLimit = 1 << 26): void {
  const { n, nItems, offsets, items } = db;
  const counts = new Int32Array(nItems);
  for (let j = 0; j < items.length; j++) counts[items[j]]++;
  const f1: number[] = [];
  for (let i = 0; i < nItems; i++) if (counts[i] >= minCount) f1.push(i);
  for (const i of f1) out.emit(f1, 0, i, counts[i]);
  const m = f1.length;
  if (maxLen < 2 || m < 2) return;
  const idx = new Int32Array(nItems).fill(-1);
  for (let a = 0; a < m; a++) idx[f1[a]] = a;

  // level 2: all pairs of frequent items are candidates; count them in one pass
  const pairs = (m * (m - 1)) / 2;
  out.checkCandidates(pairs);
  const row: number[] = [];
  let l2: number[] = [];
  let l2counts: number[] = [];
  if (pairs <= triLimit) {
    const tri = new Int32Array(pairs);
    const base = (a: number): number => a * m - (a * (a + 1)) / 2 - a - 1;
    for (let t = 0; t < n; t++) {
      row.length = 0;
      for (let j = offsets[t]; j < offsets[t + 1]; j++) {
        const a = idx[items[j]];
        if (a >= 0) row.push(a);
      }
      for (let x = 0; x < row.length; x++) {
        const bx = base(row[x]);
        for (let y = x + 1; y < row.length; y++) tri[bx + row[y]]++;
      }
    }
    for (let a = 0; a < m; a++) {
      const bx = base(a);
      for (let b = a + 1; b < m; b++) {
        const c = tri[bx + b];
        if (c >= minCount) {
          l2.push(f1[a], f1[b]);
          l2counts.push(c);
        }
      }
    }
  } else {
    const map = new Map<number, number>();
    for (let t = 0; t < n; t++) {
      row.length = 0;
      for (let j = offsets[t]; j < offsets[t + 1]; j++) if (idx[items[j]] >= 0) row.push(items[j]);
      for (let x = 0; x < row.length; x++)
        for (let y = x + 1; y < row.length; y++) {
          const key = row[x] * nItems + row[y];
          map.set(key, (map.get(key) ?? 0) + 1);
        }
    }
    const keys = [...map.entries()].filter(([, c]) => c >= minCount).sort((p, q) => p[0] - q[0]);
    l2 = [];
    l2counts = [];
    for (const [key, c] of keys) {
      l2.push(Math.floor(key / nItems), key % nItems);
      l2counts.push(c);
    }
  }
  const pair = [0];
  for (let p = 0; p < l2counts.length; p++) {
    pair[0] = l2[2 * p];
    out.emit(pair, 1, l2[2 * p + 1], l2counts[p]);
  }
  if (maxLen < 3 || l2counts.length < 3) return;

  // tid bitsets: items, then frequent pairs
  const W = (n + 31) >>> 5;
  const itemBits = new Uint32Array(m * W);
  for (let t = 0; t < n; t++) {
    const word = t >>> 5;
    const bit = 1 << (t & 31);
    for (let j = offsets[t]; j < offsets[t + 1]; j++) {
      const a = idx[items[j]];
      if (a >= 0) itemBits[a * W + word] |= bit;
    }
  }
  let k = 2;
  let level = Int32Array.from(l2);
  let levelCount = l2counts.length;
  let bits = new Uint32Array(levelCount * W);
  for (let p = 0; p < levelCount; p++) {
    const a = idx[level[2 * p]] * W;
    const b = idx[level[2 * p + 1]] * W;
    const o = p * W;
    for (let w = 0; w < W; w++) bits[o + w] = itemBits[a + w] & itemBits[b + w];
  }

  while (k < maxLen && levelCount >= k + 1) {
    out.checkTime();
    // index of level k itemsets for the prune step
    const index = new Set<string>();
    for (let p = 0; p < levelCount; p++) index.add(level.subarray(p * k, p * k + k).join(','));
    // count candidates per prefix block to apply the budget before allocating
    let candidates = 0;
    for (let s = 0; s < levelCount; ) {
      let e = s + 1;
      while (e < levelCount && samePrefix(level, s, e, k)) e++;
      candidates += ((e - s) * (e - s - 1)) / 2;
      s = e;
    }
    out.checkCandidates(candidates);
    const next: number[] = [];
    const nextCounts: number[] = [];
    const nextBits: Uint32Array[] = [];
    const cand = new Int32Array(k + 1);
    const sub: number[] = [];
    const tmp = new Uint32Array(W);
    for (let s = 0; s < levelCount; ) {
      let e = s + 1;
      while (e < levelCount && samePrefix(level, s, e, k)) e++;
      for (let i = s; i < e; i++) {
        for (let j = i + 1; j < e; j++) {
          cand.set(level.subarray(i * k, i * k + k));
          cand[k] = level[j * k + k - 1];
          // prune: every k-subset must be frequent (dropping one of the first k−1 items; the two parents are)
          let ok = true;
          for (let drop = 0; drop < k - 1 && ok; drop++) {
            sub.length = 0;
            for (let x = 0; x <= k; x++) if (x !== drop) sub.push(cand[x]);
            ok = index.has(sub.join(','));
          }
          if (!ok) continue;
          const oi = i * W;
          const oj = j * W;
          let c = 0;
          for (let w = 0; w < W; w++) {
            const v = bits[oi + w] & bits[oj + w];
            tmp[w] = v;
            if (v !== 0) c += popcount(v);
          }
          if (c >= minCount) {
            for (let x = 0; x <= k; x++) next.push(cand[x]);
            nextCounts.push(c);
            nextBits.push(tmp.slice());
            out.emit(cand, k + 1, -1, c);
          }
        }
      }
      s = e;
    }
    k++;
    level = Int32Array.from(next);
    levelCount = nextCounts.length;
    bits = new Uint32Array(levelCount * W);
    for (let p = 0; p < levelCount; p++) bits.set(nextBits[p], p * W);
  }
}

function samePrefix(level: Int32Array, a: number, b: number, k: number): boolean {
  for (let x = 0; x < k - 1; x++) if (level[a * k + x] !== level[b * k + x]) return false;
  return true;
}
