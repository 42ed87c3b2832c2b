/** Quantile of sorted values, linear interpolation between order statistics (type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A sorted Float64Array copy of the finite values. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}
