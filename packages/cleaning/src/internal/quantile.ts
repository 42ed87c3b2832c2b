/**
 * Quantile by linear interpolation between order statistics — Hyndman & Fan type 7, the default of numpy
 * `percentile`/`quantile`, pandas `Series.quantile` and R `quantile`: with the n non-missing values sorted
 * ascending as x[0..n-1], h = (n − 1)·p and Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * NaN values are skipped (like pandas). Works on one scratch copy of the non-missing values, selected in place
 * with quickselect: O(n) expected time, one Float64Array of n values. Returns NaN when no value is present.
 */
export function quantiles7(values: ArrayLike<number>, ps: readonly number[], rowFilter?: Uint8Array): number[] {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]) && (!rowFilter || rowFilter[i])) n++;
  const a = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v) && (!rowFilter || rowFilter[i])) a[j++] = v;
  }
  if (n === 0) return ps.map(() => Number.NaN);
  // Select the needed order statistics in ascending order of rank so each selection narrows the next range.
  const need = ps.map((p, k) => ({ k, h: (n - 1) * p })).sort((x, y) => x.h - y.h);
  const out = new Array<number>(ps.length);
  let lo = 0;
  for (const { k, h } of need) {
    const f = Math.floor(h);
    if (f >= lo) {
      select(a, f, lo, n - 1);
      lo = f;
    }
    const xf = a[f];
    let xc = xf;
    const frac = h - f;
    if (frac > 0 && f + 1 < n) {
      // the next order statistic is the minimum of the right part
      let m = a[f + 1];
      for (let i = f + 2; i < n; i++) if (a[i] < m) m = a[i];
      xc = m;
    }
    out[k] = frac > 0 ? xf + frac * (xc - xf) : xf;
  }
  return out;
}

/** Hoare-style quickselect (median of three): afterwards a[k] is the k-th smallest of a[left..right], smaller ones left. */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three to pivot position
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
