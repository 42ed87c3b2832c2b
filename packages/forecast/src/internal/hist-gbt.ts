import { lowerBound } from './lower-bound.js';

/** A regression tree stored as flat arrays (JSON-friendly). Leaves have feature −1. */
export interface TreeArrays {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** A fitted gradient-boosted ensemble: ŷ = base + Σ trees. */
export interface GbtEnsemble {
  base: number;
  trees: TreeArrays[];
}

/** Hyper-parameters of the histogram gradient-boosted regressor. */
export interface GbtParams {
  readonly nTrees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  readonly maxBins: number;
  readonly lambda: number;
  /** `l2` (squared error; leaf = −G/(H+λ)) or `l1` (absolute error; sign gradients, leaf = median residual). */
  readonly loss: 'l2' | 'l1';
}

/**
 * Quantile bin edges per feature: value x goes to bin 1 + (number of edges < x), bin 0 holds NaN.
 * At most maxBins − 1 bins for real values.
 */
export function binEdges(X: Float64Array, rows: number, cols: number, maxBins: number): Float64Array[] {
  const edges: Float64Array[] = [];
  const buf = new Float64Array(rows);
  for (let f = 0; f < cols; f++) {
    let k = 0;
    for (let r = 0; r < rows; r++) {
      const v = X[r * cols + f];
      if (!Number.isNaN(v)) buf[k++] = v;
    }
    const vals = buf.slice(0, k).sort();
    const uniq: number[] = [];
    for (let i = 0; i < vals.length; i++) if (i === 0 || vals[i] !== vals[i - 1]) uniq.push(vals[i]);
    const nb = maxBins - 1;
    if (uniq.length <= nb) {
      // midpoints between distinct values (as scikit-learn and LightGBM do), so unseen values split sensibly
      edges.push(Float64Array.from(uniq.slice(0, -1), (v, i) => (v + uniq[i + 1]) / 2));
      continue;
    }
    const e: number[] = [];
    for (let b = 1; b < nb; b++) {
      const v = vals[Math.floor((b * vals.length) / nb)];
      if (e.length === 0 || v > e[e.length - 1]) e.push(v);
    }
    edges.push(Float64Array.from(e));
  }
  return edges;
}

/** Bin of `x`: 0 for missing, else 1 + the edges below it. */
function binOf(edges: Float64Array, x: number): number {
  return Number.isNaN(x) ? 0 : lowerBound(edges, x) + 1;
}

/**
 * Fit a histogram gradient-boosted regression tree ensemble (depth-wise growth, XGBoost gain
 * G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)) on a row-major feature matrix. NaN features go left.
 * O(trees × depth × rows × features).
 */
export function fitGbt(
  X: Float64Array,
  rows: number,
  cols: number,
  y: ArrayLike<number>,
  p: GbtParams,
  weights?: ArrayLike<number>,
): GbtEnsemble {
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
  let base: number;
  if (p.loss === 'l1' && weights)
    base = weightedMedian(
      Float64Array.from({ length: rows }, (_, i) => y[i]),
      wt,
    );
  else if (p.loss === 'l1') {
    const sorted = Float64Array.from(y).sort();
    base = sorted.length ? sorted[(sorted.length - 1) >> 1] : 0;
  } else {
    let s = 0;
    for (let i = 0; i < rows; i++) s += y[i] * wt[i];
    base = rows ? s / rows : 0;
  }
  const pred = new Float64Array(rows).fill(base);
  const g = new Float64Array(rows);
  const trees: TreeArrays[] = [];
  /** Gradient, hessian and count histograms of the rows `idx`, per feature and bin. O(|idx| × cols). */
  interface Hist {
    g: Float64Array;
    h: Float64Array;
    n: Int32Array;
  }
  const buildHist = (idx: Int32Array): Hist => {
    const hist: Hist = {
      g: new Float64Array(cols * nb),
      h: new Float64Array(cols * nb),
      n: new Int32Array(cols * nb),
    };
    const { g: hg, h: hh, n: hn } = hist;
    for (let k = 0; k < idx.length; k++) {
      const r = idx[k];
      const gr = g[r];
      const wr = wt[r];
      const base = r * cols;
      for (let f = 0, hoff = 0; f < cols; f++, hoff += nb) {
        const b = hoff + codes[base + f];
        hg[b] += gr;
        hh[b] += wr;
        hn[b]++;
      }
    }
    return hist;
  };
  /** The sibling's histograms by subtraction (LightGBM's trick): parent − child, in place on the parent. */
  const subtract = (parent: Hist, child: Hist): Hist => {
    for (let j = 0; j < parent.g.length; j++) {
      parent.g[j] -= child.g[j];
      parent.h[j] -= child.h[j];
      parent.n[j] -= child.n[j];
    }
    return parent;
  };
  const splittable = (count: number, depth: number): boolean => depth < p.maxDepth && count >= 2 * p.minSamplesLeaf;
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  for (let t = 0; t < p.nTrees; t++) {
    for (let i = 0; i < rows; i++) {
      const e = pred[i] - y[i];
      g[i] = (p.loss === 'l1' ? (e > 0 ? 1 : e < 0 ? -1 : 0) : e) * wt[i];
    }
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
        H += wt[idx[k]];
      }
      const count = idx.length;
      let bestGain = 0;
      let bestF = -1;
      let bestB = -1;
      let hist: Hist | undefined;
      if (splittable(count, depth)) {
        hist = given ?? buildHist(idx);
        const { g: histG, h: histH, n: histN } = hist;
        const parent = (G * G) / (H + p.lambda);
        for (let f = 0; f < cols; f++) {
          const hoff = f * nb;
          let gl = 0;
          let hl = 0;
          let nl = 0;
          const last = edges[f].length + 1;
          for (let b = 0; b < last; b++) {
            gl += histG[hoff + b];
            hl += histH[hoff + b];
            nl += histN[hoff + b];
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
        tree.value[node] = (-G / (H + p.lambda)) * p.learningRate;
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
    grow(all, 0);
    if (p.loss === 'l1') {
      // LightGBM-style leaf refit: the median residual of the leaf
      for (let node = 0; node < tree.feature.length; node++) {
        const idx = leafRows[node];
        if (!idx || tree.feature[node] !== -1) continue;
        const res = new Float64Array(idx.length);
        const rw = new Float64Array(idx.length);
        for (let k = 0; k < idx.length; k++) {
          res[k] = y[idx[k]] - pred[idx[k]];
          rw[k] = wt[idx[k]];
        }
        tree.value[node] = weightedMedian(res, rw) * p.learningRate;
      }
    }
    for (let node = 0; node < tree.feature.length; node++) {
      const idx = leafRows[node];
      if (!idx || tree.feature[node] !== -1) continue;
      for (let k = 0; k < idx.length; k++) pred[idx[k]] += tree.value[node];
    }
    trees.push(tree);
  }
  return { base, trees };
}

/** Median of `v` with weights `w` (all 1: the ordinary median, mean of the middle two for an even count). */
function weightedMedian(v: Float64Array, w: Float64Array): number {
  const n = v.length;
  if (n === 0) return 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i];
  let acc = 0;
  for (let k = 0; k < n; k++) {
    acc += w[order[k]];
    if (Math.abs(acc - total / 2) <= 1e-9 * total && k + 1 < n) return (v[order[k]] + v[order[k + 1]]) / 2;
    if (acc > total / 2) return v[order[k]];
  }
  return v[order[n - 1]];
}

/** Predict one row (feature values in the training column order). */
export function predictGbt(model: GbtEnsemble, x: ArrayLike<number>): number {
  let s = model.base;
  for (const t of model.trees) {
    let node = 0;
    while (t.feature[node] >= 0) {
      const v = x[t.feature[node]];
      node = Number.isNaN(v) || v <= t.threshold[node] ? t.left[node] : t.right[node];
    }
    s += t.value[node];
  }
  return s;
}
