/**
 * Quantile of already sorted values by linear interpolation between order statistics: Hyndman & Fan type 7,
 * the default of numpy, pandas and R. With h = (n − 1)·q: x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * When h is whole the result is x[h] itself (numpy's formula gives NaN there when a neighbour is ±Infinity: 0 · ∞).
 * NaN for an empty input. O(1).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25) // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  if (h === lo) return sorted[lo];
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * A sorted `Float64Array` copy of the finite values (NaN and ±Infinity left out). O(n log n).
 *
 * @example
 * sortedFinite([3, NaN, 1]) // Float64Array [1, 3]
 */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}
