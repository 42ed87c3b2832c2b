import { buildTree, type FpTree } from './fp-tree.js';
import type { Collector, Db } from './itemset-table.js';

/** Largest number of frequent items for which the top-level pair-count array is used (≈ 32 MB). */
const MAX_FP_ARRAY_ITEMS = 4096;

/**
 * FP-growth (Han, Pei & Yin 2000) over CSR transactions: one FP-tree of the frequent items ordered by descending
 * support, then recursive conditional FP-trees per item, with the single-path shortcut.
 */
export function fpGrowthCore(db: Db, minCount: number, maxLen: number, out: Collector): void {
  const counts = new Int32Array(db.nItems);
  for (let j = 0; j < db.items.length; j++) counts[db.items[j]]++;
  const freq: number[] = [];
  for (let i = 0; i < db.nItems; i++) if (counts[i] >= minCount) freq.push(i);
  if (freq.length === 0) return;
  freq.sort((a, b) => counts[b] - counts[a] || a - b);
  const rankOf = new Int32Array(db.nItems).fill(-1);
  for (let r = 0; r < freq.length; r++) rankOf[freq[r]] = r;
  const off = new Int32Array(db.n + 1);
  const ranks = new Int32Array(db.items.length);
  let fill = 0;
  for (let t = 0; t < db.n; t++) {
    const s = fill;
    for (let j = db.offsets[t]; j < db.offsets[t + 1]; j++) {
      const r = rankOf[db.items[j]];
      if (r >= 0) ranks[fill++] = r;
    }
    ranks.subarray(s, fill).sort();
    off[t + 1] = fill;
  }
  const weights = new Int32Array(db.n).fill(1);
  const tree = buildTree(off, ranks, weights, db.n, freq.length);
  const prefix = new Int32Array(Math.min(maxLen, freq.length) + 1);
  // FP-array (Grahne & Zhu 2005): pair counts in one sequential pass over the transactions, so the top level
  // knows each item's conditionally frequent items without walking the tree, and skips items that have none.
  const m = freq.length;
  let pairs: Int32Array | null = null;
  if (maxLen >= 2 && m <= MAX_FP_ARRAY_ITEMS) {
    pairs = new Int32Array((m * (m - 1)) / 2);
    for (let t = 0; t < db.n; t++) {
      const s = off[t];
      const e = off[t + 1];
      for (let j = s + 1; j < e; j++) {
        const b = ranks[j];
        const base = (b * (b - 1)) / 2;
        for (let i = s; i < j; i++) pairs[base + ranks[i]]++;
      }
    }
  }
  mine(tree, Int32Array.from(freq), prefix, 0, minCount, maxLen, out, pairs);
}

function mine(
  tree: FpTree,
  toGlobal: Int32Array,
  prefix: Int32Array,
  depth: number,
  minCount: number,
  maxLen: number,
  out: Collector,
  pairs: Int32Array | null,
): void {
  if (tree.singlePath) {
    minePath(tree, toGlobal, prefix, depth, maxLen, out);
    return;
  }
  const { link, count, headOff, headNodes, support, nRanks } = tree;
  const cond = new Int32Array(nRanks);
  const newRank = new Int32Array(nRanks);
  const walk = new Int32Array(nRanks);
  let buf = new Int32Array(1024);
  for (let r = nRanks - 1; r >= 0; r--) {
    out.emit(prefix, depth, toGlobal[r], support[r]);
    if (depth + 1 >= maxLen || r === 0) continue;
    // conditional pattern base of rank r: prefix paths of its nodes (walked once, kept in buf, root side last),
    // weighted by the node counts
    const h0 = headOff[r];
    const h1 = headOff[r + 1];
    const nPaths = h1 - h0;
    const ends = new Int32Array(nPaths);
    let total = 0;
    if (pairs) {
      const base = (r * (r - 1)) / 2;
      for (let q = 0; q < r; q++) {
        cond[q] = pairs[base + q];
        total += cond[q];
      }
    } else {
      for (let h = h0; h < h1; h++) {
        const v = headNodes[h];
        const c = count[v];
        for (let u = link[2 * v]; u > 0; u = link[2 * u]) {
          const q = link[2 * u + 1];
          cond[q] += c;
          if (total === buf.length) {
            const grown = new Int32Array(buf.length * 2);
            grown.set(buf);
            buf = grown;
          }
          buf[total++] = q;
        }
        ends[h - h0] = total;
      }
    }
    if (total === 0) continue;
    const kept: number[] = [];
    for (let q = 0; q < r; q++) if (cond[q] >= minCount) kept.push(q);
    if (kept.length === 0) {
      cond.fill(0, 0, r);
      continue;
    }
    kept.sort((a, b) => cond[b] - cond[a] || a - b);
    newRank.fill(-1, 0, r);
    const childGlobal = new Int32Array(kept.length);
    for (let i = 0; i < kept.length; i++) {
      newRank[kept[i]] = i;
      childGlobal[i] = toGlobal[kept[i]];
    }
    cond.fill(0, 0, r);
    const off = new Int32Array(nPaths + 1);
    const weights = new Int32Array(nPaths);
    let ranks: Int32Array;
    if (pairs) {
      // walk the tree once, keeping only the conditionally frequent ranks (the walk yields descending old ranks)
      let fill = 0;
      ranks = new Int32Array(1024);
      for (let p = 0; p < nPaths; p++) {
        const v = headNodes[h0 + p];
        let t = 0;
        for (let u = link[2 * v]; u > 0; u = link[2 * u]) {
          const nr = newRank[link[2 * u + 1]];
          if (nr >= 0) walk[t++] = nr;
        }
        if (fill + t > ranks.length) {
          const grown = new Int32Array(Math.max(ranks.length * 2, fill + t));
          grown.set(ranks.subarray(0, fill));
          ranks = grown;
        }
        fill = insertSorted(walk, t - 1, 0, ranks, fill);
        weights[p] = count[v];
        off[p + 1] = fill;
      }
    } else {
      ranks = new Int32Array(total);
      let fill = 0;
      let start = 0;
      for (let p = 0; p < nPaths; p++) {
        let t = 0;
        for (let x = start; x < ends[p]; x++) {
          const nr = newRank[buf[x]];
          if (nr >= 0) walk[t++] = nr;
        }
        fill = insertSorted(walk, t - 1, 0, ranks, fill);
        start = ends[p];
        weights[p] = count[headNodes[h0 + p]];
        off[p + 1] = fill;
      }
    }
    const child = buildTree(off, ranks, weights, nPaths, kept.length);
    prefix[depth] = toGlobal[r];
    mine(child, childGlobal, prefix, depth + 1, minCount, maxLen, out, null);
  }
}

/**
 * Append `src[from], src[from − 1], …, src[to]` to `dst` at `fill`, keeping that run ascending (insertion sort:
 * the walk order is nearly descending, so reading it backwards is nearly sorted). Returns the new fill.
 */
function insertSorted(src: Int32Array, from: number, to: number, dst: Int32Array, fill: number): number {
  const s = fill;
  for (let x = from; x >= to; x--) {
    const v = src[x];
    let j = fill++;
    while (j > s && dst[j - 1] > v) {
      dst[j] = dst[j - 1];
      j--;
    }
    dst[j] = v;
  }
  return fill;
}

/** Every combination of a single path's nodes: support = count of the deepest chosen node. */
function minePath(
  tree: FpTree,
  toGlobal: Int32Array,
  prefix: Int32Array,
  depth: number,
  maxLen: number,
  out: Collector,
): void {
  const k = tree.nodes - 1;
  const room = maxLen - depth;
  if (room <= 0 || k === 0) return;
  const buf = new Int32Array(depth + Math.min(k, room));
  buf.set(prefix.subarray(0, depth));
  // deepest chosen node j (1-based), any subset of nodes 1..j-1 of size ≤ room-1 above it
  for (let j = 1; j <= k; j++) {
    const c = tree.count[j];
    const item = toGlobal[tree.link[2 * j + 1]];
    const choose = (from: number, len: number): void => {
      out.emit(buf, depth + len, item, c);
      if (len + 1 >= room) return;
      for (let i = from; i < j; i++) {
        buf[depth + len] = toGlobal[tree.link[2 * i + 1]];
        choose(i + 1, len + 1);
      }
    };
    choose(1, 0);
  }
}
