/** Number of values of ascending `a` below `x` (binary search, O(log n)). */
export function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Quantile bin edges per feature of a row-major matrix: value x goes to bin 1 + (number of edges < x), bin 0 holds
 * NaN. At most `maxBins − 1` bins for real values; with fewer distinct values than that, the edges are the midpoints
 * between consecutive distinct values (as scikit-learn and LightGBM do), so unseen values split sensibly.
 */
export function binEdges(X: ArrayLike<number>, rows: number, cols: number, maxBins: number): Float64Array[] {
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
export function binOf(edges: Float64Array, x: number): number {
  return Number.isNaN(x) ? 0 : lowerBound(edges, x) + 1;
}

/** Median of `v` with weights `w` (all 1: the ordinary median, mean of the middle two for an even count). */
export function weightedMedian(v: Float64Array, w: Float64Array): number {
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
