import { buildTree, type FpTree } from './fp-tree.js';
import type { Collector, Db } from './miner-run.js';

/** Largest number of frequent items for which the top-level pair-count array is used (≈ 32 MB). */
const MAX_FP_ARRAY_ITEMS = 4096;

/**
 * FP-growth (Han, Pei & Yin 2000) over CSR transactions, with two well-known refinements:
 *
 * - the FP-array (Grahne & Zhu 2005): pair counts of the frequent items in one sequential pass, so every item's
 *   conditionally frequent items are known before its conditional base is built, and items with none are skipped;
 * - the top level projects each item's conditional pattern base straight from the rank-sorted transactions (the
 *   prefix before the item), which is what walking the initial FP-tree yields, without building that tree: retail
 *   baskets share few prefixes, so the initial tree barely compresses and its pointer walks cost more than
 *   sequential reads.
 *
 * Every conditional base is then compressed into an FP-tree (flat typed arrays) and mined recursively, with the
 * single-path shortcut.
 */
export function fpGrowthCore(
  db: Db,
  minCount: number,
  maxLen: number,
  out: Collector,
  fpArrayLimit = MAX_FP_ARRAY_ITEMS,
): void {
  const counts = new Int32Array(db.nItems);
  for (let j = 0; j < db.items.length; j++) counts[db.items[j]]++;
  const freq: number[] = [];
  for (let i = 0; i < db.nItems; i++) if (counts[i] >= minCount) freq.push(i);
  if (freq.length === 0) return;
  freq.sort((a, b) => counts[b] - counts[a] || a - b);
  const m = freq.length;
  const rankOf = new Int32Array(db.nItems).fill(-1);
  for (let r = 0; r < m; r++) rankOf[freq[r]] = r;
  // transactions as ascending ranks (0 = most frequent), frequent items only, built by two transposes (no sort):
  // tid lists per rank, then rows filled rank by rank; the same pass records each rank's vertical index
  // (transaction start and position of the rank in it)
  const n = db.n;
  const off = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) {
    let k = 0;
    for (let j = db.offsets[t]; j < db.offsets[t + 1]; j++) if (rankOf[db.items[j]] >= 0) k++;
    off[t + 1] = off[t] + k;
  }
  const total = off[n];
  const vOff = new Int32Array(m + 1);
  for (let r = 0; r < m; r++) vOff[r + 1] = vOff[r] + counts[freq[r]];
  const at = vOff.slice(0, m);
  const tids = new Int32Array(total);
  for (let t = 0; t < n; t++)
    for (let j = db.offsets[t]; j < db.offsets[t + 1]; j++) {
      const r = rankOf[db.items[j]];
      if (r >= 0) tids[at[r]++] = t;
    }
  const ranks = new Int32Array(total);
  const cursor = off.slice(0, n);
  const vTx = new Int32Array(total);
  const vEnd = tids; // reused in place: tids[k] is read before vEnd[k] is written
  for (let r = 0; r < m; r++)
    for (let k = vOff[r]; k < vOff[r + 1]; k++) {
      const t = tids[k];
      const pos = cursor[t]++;
      ranks[pos] = r;
      vTx[k] = off[t];
      vEnd[k] = pos;
    }
  const toGlobal = Int32Array.from(freq);
  const support = new Int32Array(m);
  for (let r = 0; r < m; r++) support[r] = counts[freq[r]];
  let pairs: Int32Array | null = null;
  if (maxLen >= 2 && m <= fpArrayLimit) {
    pairs = new Int32Array((m * (m - 1)) / 2);
    for (let t = 0; t < n; t++) {
      const s = off[t];
      const e = off[t + 1];
      for (let j = s + 1; j < e; j++) {
        const b = ranks[j];
        const base = (b * (b - 1)) >> 1;
        for (let i = s; i < j; i++) pairs[base + ranks[i]]++;
      }
    }
  }

  const prefix = new Int32Array(Math.min(maxLen, m) + 1);
  const cond = new Int32Array(m);
  const newRank = new Int32Array(m).fill(-1);
  let buf = new Int32Array(1024);
  for (let r = m - 1; r >= 0; r--) {
    out.emit(prefix, 0, toGlobal[r], support[r]);
    if (maxLen < 2 || r === 0) continue;
    const v0 = vOff[r];
    const v1 = vOff[r + 1];
    if (pairs) {
      const base = (r * (r - 1)) >> 1;
      for (let q = 0; q < r; q++) cond[q] = pairs[base + q];
    } else {
      for (let v = v0; v < v1; v++) for (let j = vTx[v]; j < vEnd[v]; j++) cond[ranks[j]]++;
    }
    const kept = frequentRanks(cond, r, minCount);
    if (kept === null) continue;
    if (maxLen === 2) {
      // pairs only: their counts are the FP-array's (or the scan's)
      const pair = [toGlobal[r]];
      for (const q of kept) out.emit(pair, 1, toGlobal[q], cond[q]);
      cond.fill(0, 0, r);
      continue;
    }
    const childGlobal = new Int32Array(kept.length);
    for (let i = 0; i < kept.length; i++) {
      newRank[kept[i]] = i;
      childGlobal[i] = toGlobal[kept[i]];
    }
    cond.fill(0, 0, r);
    const nPaths = v1 - v0;
    const pOff = new Int32Array(nPaths + 1);
    const weights = new Int32Array(nPaths).fill(1);
    let pFill = 0;
    for (let p = 0; p < nPaths; p++) {
      const v = v0 + p;
      const need = pFill + (vEnd[v] - vTx[v]);
      if (need > buf.length) {
        const grown = new Int32Array(Math.max(need, buf.length * 2));
        grown.set(buf.subarray(0, pFill));
        buf = grown;
      }
      const s = pFill;
      for (let j = vTx[v]; j < vEnd[v]; j++) {
        const nr = newRank[ranks[j]];
        if (nr < 0) continue;
        let x = pFill++;
        while (x > s && buf[x - 1] > nr) {
          buf[x] = buf[x - 1];
          x--;
        }
        buf[x] = nr;
      }
      pOff[p + 1] = pFill;
    }
    for (const q of kept) newRank[q] = -1;
    const child = buildTree(pOff, buf, weights, nPaths, kept.length);
    prefix[0] = toGlobal[r];
    mine(child, childGlobal, prefix, 1, minCount, maxLen, out);
  }
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
  const { link, count, headOff, headNodes, support, nRanks } = tree;
  const cond = new Int32Array(nRanks);
  const newRank = new Int32Array(nRanks);
  const walk = new Int32Array(nRanks);
  let buf = new Int32Array(1024);
  for (let r = nRanks - 1; r >= 0; r--) {
    out.emit(prefix, depth, toGlobal[r], support[r]);
    if (depth + 1 >= maxLen || r === 0) continue;
    // conditional pattern base of rank r: prefix paths of its nodes (walked once, kept in buf), weighted by the
    // node counts
    const h0 = headOff[r];
    const h1 = headOff[r + 1];
    const nPaths = h1 - h0;
    const ends = new Int32Array(nPaths);
    let total = 0;
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
    if (total === 0) continue;
    const kept = frequentRanks(cond, r, minCount);
    if (kept === null) continue;
    newRank.fill(-1, 0, r);
    const childGlobal = new Int32Array(kept.length);
    for (let i = 0; i < kept.length; i++) {
      newRank[kept[i]] = i;
      childGlobal[i] = toGlobal[kept[i]];
    }
    cond.fill(0, 0, r);
    const off = new Int32Array(nPaths + 1);
    const weights = new Int32Array(nPaths);
    const ranks = new Int32Array(total);
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
    const child = buildTree(off, ranks, weights, nPaths, kept.length);
    prefix[depth] = toGlobal[r];
    mine(child, childGlobal, prefix, depth + 1, minCount, maxLen, out);
  }
}

/**
 * Append `src[from], src[from − 1], …, src[to]` to `dst` at `fill`, keeping that run ascending (insertion sort:
 * the walk order is nearly descending, so reading it backwards is nearly sorted). Returns the new fill.
 */
/**
 * The ranks q < r whose conditional count `cond[q]` reaches `minCount`, by descending count then rank (the order of
 * the conditional tree); when there is none, clears `cond[0..r)` for the next item and returns null.
 */
function frequentRanks(cond: Int32Array, r: number, minCount: number): number[] | null {
  const kept: number[] = [];
  for (let q = 0; q < r; q++) if (cond[q] >= minCount) kept.push(q);
  if (kept.length === 0) {
    cond.fill(0, 0, r);
    return null;
  }
  kept.sort((a, b) => cond[b] - cond[a] || a - b);
  return kept;
}

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
