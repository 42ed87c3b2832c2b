import type { Rng } from '@retailkit/core';
import type { TreeNode } from '../decision-tree.js';
import type { Matrix } from './matrix.js';

export interface CartOptions {
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly minSamplesSplit: number;
  readonly criterion: 'gini' | 'entropy';
  /** Features tried per node (random subset when < d). */
  readonly maxFeatures: number;
  readonly rng?: Rng;
}

/** Row indices of `x` sorted by each feature (computed once, reused by every fold and tree). */
export function presort(x: Matrix): Int32Array[] {
  const out: Int32Array[] = [];
  const col = new Float64Array(x.n);
  for (let j = 0; j < x.d; j++) {
    for (let i = 0; i < x.n; i++) col[i] = x.data[i * x.d + j];
    const idx = Int32Array.from({ length: x.n }, (_, i) => i);
    idx.sort((a, b) => col[a] - col[b] || a - b);
    out.push(idx);
  }
  return out;
}

/**
 * Fit a CART classification tree (Breiman et al. 1984) on the rows with weight > 0, using presorted feature
 * orders: each node is a contiguous range of every feature's order, split stably, so a level costs O(n d) and
 * the best threshold of a feature is found in one scan with incremental impurity. Thresholds are midpoints
 * between consecutive distinct values (scikit-learn's convention). Ties between features go to the first.
 */
export function fitCart(
  x: Matrix,
  y: Int32Array,
  classes: number,
  weights: Float64Array,
  sorted: readonly Int32Array[],
  options: CartOptions,
): TreeNode[] {
  const { d, data } = x;
  let m = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] > 0) m++;
  // per feature: the kept rows in value order, and their values alongside (sequential reads in the scan)
  const orders: Int32Array[] = [];
  const vals: Float64Array[] = [];
  sorted.forEach((s, f) => {
    const o = new Int32Array(m);
    const v = new Float64Array(m);
    let k = 0;
    for (let p = 0; p < s.length; p++)
      if (weights[s[p]] > 0) {
        o[k] = s[p];
        v[k++] = data[s[p] * d + f];
      }
    orders.push(o);
    vals.push(v);
  });
  const tmpV = new Float64Array(m);
  const nodes: TreeNode[] = [];
  const goLeft = new Uint8Array(x.n);
  const tmp = new Int32Array(m);
  const feats = Int32Array.from({ length: d }, (_, j) => j);
  // x·ln x for integer weights (0/1 folds, bootstrap counts): entropy splits without logarithms in the scan
  let table: Float64Array | null = null;
  if (options.criterion === 'entropy' && weights.every((v) => Number.isInteger(v))) {
    let totalW = 0;
    for (let i = 0; i < weights.length; i++) totalW += weights[i];
    table = new Float64Array(totalW + 1);
    for (let k = 1; k < table.length; k++) table[k] = k * Math.log(k);
  }
  const scan: Scan = {
    gini: options.criterion === 'gini',
    y,
    weights,
    classes,
    minLeaf: options.minSamplesLeaf,
    leftC: new Float64Array(classes),
    rightC: new Float64Array(classes),
    out: new Float64Array(3),
    table,
  };
  const impurity = (c: Float64Array | number[], w: number): number => {
    if (w <= 0) return 0;
    let s = 0;
    if (options.criterion === 'gini') {
      for (let k = 0; k < classes; k++) s += c[k] * c[k];
      return w - s / w; // w × gini
    }
    for (let k = 0; k < classes; k++) if (c[k] > 0) s -= c[k] * Math.log2(c[k] / w);
    return s; // w × entropy
  };
  /** Grow the node of positions [lo, hi) (every order partitioned for it) with its class counts and weight. */
  const build = (lo: number, hi: number, depth: number, counts: number[], w: number): number => {
    const id = nodes.length;
    nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, counts, samples: w });
    const parentImp = impurity(counts, w);
    if (
      depth >= options.maxDepth ||
      w < options.minSamplesSplit ||
      w < 2 * options.minSamplesLeaf ||
      parentImp <= 1e-12
    )
      return id;
    let bestF = -1;
    let bestPos = -1;
    let bestImp = parentImp - 1e-12;
    let bestThr = 0;
    if (options.maxFeatures < d && options.rng) options.rng.shuffle(feats);
    const tryCount = Math.min(options.maxFeatures, d);
    for (let t = 0; t < tryCount; t++) {
      const f = options.maxFeatures < d ? feats[t] : t;
      if (!(vals[f][hi - 1] > vals[f][lo])) continue; // constant in this node: no split
      scan.out[0] = bestImp;
      const found = scanSplits(scan, orders[f], vals[f], lo, hi, counts, w);
      if (found) {
        bestImp = scan.out[0];
        bestPos = scan.out[1];
        bestThr = scan.out[2];
        bestF = f;
      }
    }
    if (bestF < 0) return id;
    // which rows go left, and each child's class counts and weight, in the split feature's order
    const o = orders[bestF];
    const mid = bestPos + 1;
    const countsL = new Array<number>(classes).fill(0);
    const countsR = new Array<number>(classes).fill(0);
    let wL = 0;
    let wR = 0;
    for (let p = lo; p < mid; p++) {
      const r = o[p];
      goLeft[r] = 1;
      countsL[y[r]] += weights[r];
      wL += weights[r];
    }
    for (let p = mid; p < hi; p++) {
      const r = o[p];
      goLeft[r] = 0;
      countsR[y[r]] += weights[r];
      wR += weights[r];
    }
    // children that will be leaves need no partitioned orders: partition only when a child can split again
    const canSplit = (wc: number) =>
      depth + 1 < options.maxDepth && wc >= options.minSamplesSplit && wc >= 2 * options.minSamplesLeaf;
    if (canSplit(wL) || canSplit(wR))
      for (let f = 0; f < d; f++)
        // a feature constant in this node stays constant in its children, where no scan reads its order
        if (f !== bestF && vals[f][hi - 1] > vals[f][lo]) partitionRange(orders[f], vals[f], goLeft, lo, hi, tmp, tmpV);
    const left = build(lo, mid, depth + 1, countsL, wL);
    const right = build(mid, hi, depth + 1, countsR, wR);
    nodes[id] = { feature: bestF, threshold: bestThr, left, right, counts, samples: w };
    return id;
  };
  const rootCounts = new Array<number>(classes).fill(0);
  let rootW = 0;
  for (let p = 0; p < m; p++) {
    const r = orders[0][p];
    rootCounts[y[r]] += weights[r];
    rootW += weights[r];
  }
  build(0, m, 0, rootCounts, rootW);
  return nodes;
}

/**
 * Stable partition of positions [lo, hi) of one feature's order (and its values alongside): rows going left
 * first, each side keeping its value order. `tmp`/`tmpV` are scratch of at least hi − lo entries.
 */
function partitionRange(
  of: Int32Array,
  vf: Float64Array,
  goLeft: Uint8Array,
  lo: number,
  hi: number,
  tmp: Int32Array,
  tmpV: Float64Array,
): void {
  let a = lo;
  let b = 0;
  for (let p = lo; p < hi; p++) {
    const r = of[p];
    if (goLeft[r]) {
      vf[a] = vf[p];
      of[a++] = r;
    } else {
      tmpV[b] = vf[p];
      tmp[b++] = r;
    }
  }
  for (let q = 0; q < b; q++) {
    of[a + q] = tmp[q];
    vf[a + q] = tmpV[q];
  }
}

/** The leaf reached by row `i` of `x` (or a plain vector). */
export function leafOf(nodes: readonly TreeNode[], v: ArrayLike<number>, offset = 0): number {
  let id = 0;
  for (;;) {
    const node = nodes[id];
    if (node.feature < 0) return id;
    id = v[offset + node.feature] <= node.threshold ? node.left : node.right;
  }
}

/** Majority class of a node (ties → lowest class). */
export function majority(node: TreeNode): number {
  let best = 0;
  for (let k = 1; k < node.counts.length; k++) if (node.counts[k] > node.counts[best]) best = k;
  return best;
}

/** What the split scans share within one tree: labels, weights, scratch and the best split found (`out`). */
interface Scan {
  /** Gini (true) or entropy. */
  readonly gini: boolean;
  readonly y: Int32Array;
  readonly weights: Float64Array;
  readonly classes: number;
  readonly minLeaf: number;
  /** Class weights left and right of the current position (scratch). */
  readonly leftC: Float64Array;
  readonly rightC: Float64Array;
  /** [impurity, position, threshold] of the best split so far; out[0] is the impurity to beat. */
  readonly out: Float64Array;
  /** v ln v for integer weights v (entropy), or null. */
  readonly table: Float64Array | null;
}

/**
 * Best split of one feature over positions [lo, hi) of its order, in one pass with the impurity of both sides
 * updated in O(1) per row: gini as weighted impurity w − Σc²/w per side; entropy in nats, w ln w − Σ c ln c per
 * side, reported in bits (with integer weights `table[v]` holds v ln v, so no logarithm is taken in the scan).
 * Thresholds are midpoints between consecutive distinct values. Writes [impurity, position, threshold] to
 * `scan.out` and returns true when a split beats out[0]. A hot loop: one function on purpose.
 */
function scanSplits(
  scan: Scan,
  o: Int32Array,
  vf: Float64Array,
  lo: number,
  hi: number,
  counts: number[],
  w: number,
): boolean {
  const { y, weights, classes, minLeaf, leftC, rightC, out, gini, table } = scan;
  let sumL = 0;
  let sumR = 0;
  for (let k = 0; k < classes; k++) {
    leftC[k] = 0;
    rightC[k] = counts[k];
    sumR += gini ? counts[k] * counts[k] : table !== null ? table[counts[k]] : xlogx(counts[k]);
  }
  let best = out[0];
  let found = false;
  let wl = 0;
  for (let p = lo; p < hi - 1; p++) {
    const r = o[p];
    const c = y[r];
    const wr = weights[r];
    const lc = leftC[c];
    const rc = rightC[c];
    if (gini) {
      sumL += wr * (2 * lc + wr);
      sumR -= wr * (2 * rc - wr);
    } else if (table !== null) {
      sumL += table[lc + wr] - table[lc];
      sumR += table[rc - wr] - table[rc];
    } else {
      sumL += xlogx(lc + wr) - xlogx(lc);
      sumR += xlogx(rc - wr) - xlogx(rc);
    }
    leftC[c] = lc + wr;
    rightC[c] = rc - wr;
    wl += wr;
    const v = vf[p];
    const vn = vf[p + 1];
    if (!(vn > v)) continue;
    const wR = w - wl;
    if (wl < minLeaf || wR < minLeaf) continue;
    const imp = gini
      ? wl - sumL / wl + (wR - sumR / wR)
      : (table !== null ? table[wl] - sumL + table[wR] - sumR : xlogx(wl) - sumL + xlogx(wR) - sumR) / Math.LN2;
    if (imp < best) {
      best = imp;
      found = true;
      out[0] = imp;
      out[1] = p;
      const thr = (v + vn) / 2;
      out[2] = thr >= vn ? v : thr;
    }
  }
  return found;
}

/** x ln x (0 at 0). */
function xlogx(v: number): number {
  return v > 0 ? v * Math.log(v) : 0;
}
