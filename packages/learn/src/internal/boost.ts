import { createRng } from '@retailkit/core';
import { binEdges, binOf, weightedMedian } from './bins.js';
import type { Objective } from './objectives.js';

/** A regression tree stored as flat arrays. Leaves have feature −1; a row goes left when x ≤ threshold or NaN. */
export interface TreeArrays {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Validated hyper-parameters of the boosting loop. */
export interface BoostParams {
  readonly nTrees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly maxBins: number;
  readonly lambda: number;
  /** Fraction of rows each tree is grown on (1: all rows, no randomness). */
  readonly subsample: number;
  readonly seed: number;
}

/**
 * Gradient, hessian and count histograms of a node's rows, interleaved per feature and bin (g, h, n at
 * 3·(feature·bins + bin)), so that one row's update of a feature touches one cache line instead of three.
 */
type Hist = Float64Array;

/**
 * Histogram gradient boosting (depth-wise growth, XGBoost gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), Newton
 * leaves −G/(H+λ) × learning rate, or median-residual leaves for absolute error) on a row-major matrix.
 * Kept as one kernel: the histogram pass is the hot loop. O(trees × depth × rows × cols).
 */
export function boost(
  X: ArrayLike<number>,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  p: BoostParams,
  obj: Objective,
  weights?: ArrayLike<number>,
): { base: number; trees: TreeArrays[] } {
  // sample weights (normalised to mean 1) scale gradients and hessians; unweighted rows have weight 1
  const wt = new Float64Array(rows).fill(1);
  if (weights) {
    let sw = 0;
    for (let i = 0; i < rows; i++) sw += weights[i];
    const k = sw > 0 ? rows / sw : 1;
    for (let i = 0; i < rows; i++) wt[i] = weights[i] * k;
  }
  const edges = binEdges(X, rows, cols, p.maxBins);
  const nb = p.maxBins;
  const codes = new Uint8Array(rows * cols); // row-major: a row's bins are contiguous for the histogram pass
  for (let r = 0, k = 0; r < rows; r++) for (let f = 0; f < cols; f++, k++) codes[k] = binOf(edges[f], X[k]);
  const base = obj.init(y, wt, weights !== undefined);
  const pred = new Float64Array(rows).fill(base);
  const g = new Float64Array(rows);
  const hs = new Float64Array(rows);
  const trees: TreeArrays[] = [];
  const buildHist = (idx: Int32Array): Hist => {
    const hist: Hist = new Float64Array(3 * cols * nb);
    for (let k = 0; k < idx.length; k++) {
      const r = idx[k];
      const gr = g[r];
      const hr = hs[r];
      const rowBase = r * cols;
      for (let f = 0, hoff = 0; f < cols; f++, hoff += 3 * nb) {
        const b = hoff + 3 * codes[rowBase + f];
        hist[b] += gr;
        hist[b + 1] += hr;
        hist[b + 2]++;
      }
    }
    return hist;
  };
  /** The sibling's histograms by subtraction (LightGBM's trick): parent − child, in place on the parent. */
  const subtract = (parent: Hist, child: Hist): Hist => {
    for (let j = 0; j < parent.length; j++) parent[j] -= child[j];
    return parent;
  };
  const splittable = (count: number, depth: number): boolean => depth < p.maxDepth && count >= 2 * p.minSamplesLeaf;
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  const sampled = p.subsample < 1;
  const rng = createRng(p.seed);
  const perm = sampled ? Int32Array.from(all) : all;
  const sampleSize = Math.max(1, Math.round(p.subsample * rows));
  const splitBin: number[] = [];
  for (let t = 0; t < p.nTrees; t++) {
    obj.gradients(y, pred, wt, g, hs);
    const tree: TreeArrays = { feature: [], threshold: [], left: [], right: [], value: [] };
    const leafRows: Int32Array[] = [];
    const grow = (idx: Int32Array, depth: number, given?: Hist): number => {
      const node = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      let G = 0;
      let H = 0;
      for (let k = 0; k < idx.length; k++) {
        G += g[idx[k]];
        H += hs[idx[k]];
      }
      const count = idx.length;
      let bestGain = 0;
      let bestF = -1;
      let bestB = -1;
      let hist: Hist | undefined;
      if (splittable(count, depth)) {
        hist = given ?? buildHist(idx);
        const parent = (G * G) / (H + p.lambda);
        for (let f = 0; f < cols; f++) {
          const hoff = 3 * f * nb;
          let gl = 0;
          let hl = 0;
          let nl = 0;
          const last = edges[f].length + 1;
          for (let b = 0; b < last; b++) {
            const at = hoff + 3 * b;
            gl += hist[at];
            hl += hist[at + 1];
            nl += hist[at + 2];
            if (nl < p.minSamplesLeaf) continue;
            if (count - nl < p.minSamplesLeaf) break;
            const gr = G - gl;
            const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (H - hl + p.lambda) - parent;
            if (gain > bestGain + 1e-12) {
              bestGain = gain;
              bestF = f;
              bestB = b;
            }
          }
        }
      }
      if (bestF < 0) {
        leafRows[node] = idx;
        tree.value[node] = H + p.lambda > 0 ? (-G / (H + p.lambda)) * p.learningRate : 0;
        return node;
      }
      let nl = 0;
      for (let k = 0; k < idx.length; k++) if (codes[idx[k] * cols + bestF] <= bestB) nl++;
      const li = new Int32Array(nl);
      const ri = new Int32Array(idx.length - nl);
      let a = 0;
      let c = 0;
      for (let k = 0; k < idx.length; k++) {
        const r = idx[k];
        if (codes[r * cols + bestF] <= bestB) li[a++] = r;
        else ri[c++] = r;
      }
      tree.feature[node] = bestF;
      splitBin[node] = bestB;
      tree.threshold[node] = bestB === 0 ? Number.NEGATIVE_INFINITY : edges[bestF][bestB - 1];
      // histograms: built for the smaller child, the larger one's by subtraction from the parent's
      let lh: Hist | undefined;
      let rh: Hist | undefined;
      const needL = splittable(li.length, depth + 1);
      const needR = splittable(ri.length, depth + 1);
      if (hist && (needL || needR)) {
        if (li.length <= ri.length) {
          lh = buildHist(li);
          if (needR) rh = subtract(hist, lh);
        } else {
          rh = buildHist(ri);
          if (needL) lh = subtract(hist, rh);
        }
      }
      const l = grow(li, depth + 1, needL ? lh : undefined);
      const r = grow(ri, depth + 1, needR ? rh : undefined);
      tree.left[node] = l;
      tree.right[node] = r;
      return node;
    };
    grow(sampled ? sampleRows(perm, sampleSize, rng) : all, 0);
    if (obj.medianLeaves) refitMedianLeaves(tree, leafRows, y, pred, wt, p.learningRate);
    if (sampled) {
      // every row, sampled or not, moves by its leaf's value (found through the bins, as the splits were)
      for (let r = 0; r < rows; r++) {
        let node = 0;
        while (tree.feature[node] >= 0)
          node = codes[r * cols + tree.feature[node]] <= splitBin[node] ? tree.left[node] : tree.right[node];
        pred[r] += tree.value[node];
      }
    } else
      for (let node = 0; node < tree.feature.length; node++) {
        const idx = leafRows[node];
        if (!idx || tree.feature[node] !== -1) continue;
        for (let k = 0; k < idx.length; k++) pred[idx[k]] += tree.value[node];
      }
    trees.push(tree);
  }
  return { base, trees };
}

/** LightGBM-style leaf refit for absolute error: each leaf's value is the weighted median residual of its rows. */
function refitMedianLeaves(
  tree: TreeArrays,
  leafRows: Int32Array[],
  y: ArrayLike<number>,
  pred: Float64Array,
  wt: Float64Array,
  learningRate: number,
): void {
  for (let node = 0; node < tree.feature.length; node++) {
    const idx = leafRows[node];
    if (!idx || tree.feature[node] !== -1) continue;
    const res = new Float64Array(idx.length);
    const rw = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) {
      res[k] = y[idx[k]] - pred[idx[k]];
      rw[k] = wt[idx[k]];
    }
    tree.value[node] = weightedMedian(res, rw) * learningRate;
  }
}

/** `k` rows drawn without replacement (partial Fisher–Yates over `perm`, which keeps its state), in ascending order. */
function sampleRows(perm: Int32Array, k: number, rng: { int(n: number): number }): Int32Array {
  const n = perm.length;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const v = perm[i];
    perm[i] = perm[j];
    perm[j] = v;
  }
  return perm.slice(0, k).sort();
}
