import { invalidArgument } from '@retailkit/core';

/** Autocorrelations with their confidence band. */
export interface AcfResult {
  /** r(0) = 1, r(1), …, r(maxLag). */
  readonly values: Float64Array;
  /** Half-width of the band per lag (0 at lag 0): Bartlett's formula for the ACF, 1/√n for the PACF. */
  readonly band: Float64Array;
  /** Lags whose value lies outside the band. */
  readonly significant: number[];
}

/** z quantile for a two-sided level (0.95 → 1.959964). Acklam's inverse normal approximation. */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let q: number;
  let r: number;
  if (p < pl) {
    q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p <= 1 - pl) {
    q = p - 0.5;
    r = q * q;
    return (
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    );
  }
  q = Math.sqrt(-2 * Math.log(1 - p));
  return (
    -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  );
}

/**
 * Sample autocorrelation function (statsmodels `acf(x, nlags, fft=False)` convention):
 * r(k) = Σ_{t=k}^{n−1} (y_t − ȳ)(y_{t−k} − ȳ) / Σ (y_t − ȳ)², with Bartlett's band
 * z·√((1 + 2 Σ_{j<k} r(j)²)/n) at level `alpha` (default 0.05). O(n × maxLag).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when maxLag is not in [1, n − 1].
 * @example
 * acf([1, 2, 3, 4, 5], { maxLag: 1 }).values // Float64Array [1, 0.4]
 */
export function acf(y: ArrayLike<number>, options: { maxLag: number; alpha?: number }): AcfResult {
  const n = y.length;
  const maxLag = options.maxLag;
  if (!Number.isInteger(maxLag) || maxLag < 1 || maxLag >= n)
    throw invalidArgument(
      'acf',
      'maxLag',
      maxLag,
      `an integer in [1, ${n - 1}]`,
      'Use a shorter lag or a longer series.',
    );
  const z = normalQuantile(1 - (options.alpha ?? 0.05) / 2);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (y[i] - mean) ** 2;
  const values = new Float64Array(maxLag + 1);
  values[0] = 1;
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += (y[t] - mean) * (y[t - k] - mean);
    values[k] = c0 > 0 ? s / c0 : 0;
  }
  const band = new Float64Array(maxLag + 1);
  let cum = 0;
  const significant: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    band[k] = z * Math.sqrt((1 + 2 * cum) / n);
    cum += values[k] * values[k];
    if (Math.abs(values[k]) > band[k]) significant.push(k);
  }
  return { values, band, significant };
}

/**
 * Partial autocorrelations by the Durbin–Levinson recursion on the sample ACF (statsmodels `pacf(method='ldb')`),
 * band z/√n. O(maxLag²).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when maxLag is not in [1, n − 1].
 * @example
 * pacf([1, 3, 2, 4, 3, 5, 4, 6], { maxLag: 2 }).values // Float64Array [1, 0.125, 0.4638447971781305]
 */
export function pacf(y: ArrayLike<number>, options: { maxLag: number; alpha?: number }): AcfResult {
  const r = acf(y, { maxLag: options.maxLag }).values;
  const maxLag = options.maxLag;
  const z = normalQuantile(1 - (options.alpha ?? 0.05) / 2);
  const values = new Float64Array(maxLag + 1);
  values[0] = 1;
  let phi: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = r[k];
    let den = 1;
    for (let j = 0; j < k - 1; j++) {
      num -= phi[j] * r[k - 1 - j];
      den -= phi[j] * r[j + 1];
    }
    const pk = den !== 0 ? num / den : 0;
    const next = new Array(k);
    next[k - 1] = pk;
    for (let j = 0; j < k - 1; j++) next[j] = phi[j] - pk * phi[k - 2 - j];
    phi = next;
    values[k] = pk;
  }
  const band = new Float64Array(maxLag + 1).fill(z / Math.sqrt(y.length));
  band[0] = 0;
  const significant: number[] = [];
  for (let k = 1; k <= maxLag; k++) if (Math.abs(values[k]) > band[k]) significant.push(k);
  return { values, band, significant };
}
