import type { Collector, Db } from './itemset-table.js';
import { buildTree, type FpTree } from './fp-tree.js';

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
  mine(tree, Int32Array.from(freq), prefix, 0, minCount, maxLen, out);
}

function mine(
  tree: FpTree,
  toGlobal: Int32Array,
  prefix: Int32Array,
  depth: number,
  minCount: number,
  maxLen: number,
  out: Collector,
): void {
  if (tree.singlePath) {
    minePath(tree, toGlobal, prefix, depth, maxLen, out);
    return;
  }
  const { rank, count, parent, headOff, headNodes, support, nRanks } = tree;
  const cond = new Int32Array(nRanks);
  const newRank = new Int32Array(nRanks);
  for (let r = nRanks - 1; r >= 0; r--) {
    out.emit(prefix, depth, toGlobal[r], support[r]);
    if (depth + 1 >= maxLen || r === 0) continue;
    // conditional pattern base of rank r: prefix paths of its nodes, weighted by the node counts
    const h0 = headOff[r];
    const h1 = headOff[r + 1];
    let total = 0;
    for (let h = h0; h < h1; h++) {
      const v = headNodes[h];
      const c = count[v];
      for (let u = parent[v]; u > 0; u = parent[u]) {
        cond[rank[u]] += c;
        total++;
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
    const nPaths = h1 - h0;
    const off = new Int32Array(nPaths + 1);
    const ranks = new Int32Array(total);
    const weights = new Int32Array(nPaths);
    let fill = 0;
    for (let h = h0; h < h1; h++) {
      const v = headNodes[h];
      const s = fill;
      for (let u = parent[v]; u > 0; u = parent[u]) {
        const nr = newRank[rank[u]];
        if (nr >= 0) ranks[fill++] = nr;
      }
      if (fill - s > 1) ranks.subarray(s, fill).sort();
      weights[h - h0] = count[v];
      off[h - h0 + 1] = fill;
    }
    const child = buildTree(off, ranks, weights, nPaths, kept.length);
    prefix[depth] = toGlobal[r];
    mine(child, childGlobal, prefix, depth + 1, minCount, maxLen, out);
  }
}

/** Every combination of a single path's nodes: support = count of the deepest chosen node. */
function minePath(tree: FpTree, toGlobal: Int32Array, prefix: Int32Array, depth: number, maxLen: number, out: Collector): void {
  const k = tree.nodes - 1;
  const room = maxLen - depth;
  if (room <= 0 || k === 0) return;
  const buf = new Int32Array(depth + Math.min(k, room));
  buf.set(prefix.subarray(0, depth));
  // deepest chosen node j (1-based), any subset of nodes 1..j-1 of size ≤ room-1 above it
  for (let j = 1; j <= k; j++) {
    const c = tree.count[j];
    const item = toGlobal[tree.rank[j]];
    const choose = (from: number, len: number): void => {
      out.emit(buf, depth + len, item, c);
      if (len + 1 >= room) return;
      for (let i = from; i < j; i++) {
        buf[depth + len] = toGlobal[tree.rank[i]];
        choose(i + 1, len + 1);
      }
    };
    choose(1, 0);
  }
}
