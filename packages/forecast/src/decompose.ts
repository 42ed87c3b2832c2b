import { checkPositiveInt, seriesTooShort } from './errors.js';

/** A decomposition y = trend ⊕ seasonal ⊕ remainder (⊕ = + or ×). */
export interface Decomposition {
  readonly trend: Float64Array;
  readonly seasonal: Float64Array;
  readonly remainder: Float64Array;
  /** The seasonal index per position in the season (length seasonLength). */
  readonly seasonalIndex: Float64Array;
  readonly model: 'additive' | 'multiplicative';
}

/** Centred moving average of window m (2×m for even m), NaN at the ends (statsmodels `convolution_filter`). */
export function centredMovingAverage(y: ArrayLike<number>, m: number): Float64Array {
  const n = y.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (m % 2 === 0) {
      s = 0.5 * y[t - half] + 0.5 * y[t + half];
      for (let k = -half + 1; k < half; k++) s += y[t + k];
    } else for (let k = -half; k <= half; k++) s += y[t + k];
    out[t] = s / m;
  }
  return out;
}

/**
 * Classical decomposition (statsmodels `seasonal_decompose`): trend = centred moving average; seasonal index =
 * mean of the detrended values per position t mod m, centred to mean 0 (additive) or 1 (multiplicative);
 * remainder = y ⊖ trend ⊖ seasonal (NaN where the trend is undefined). O(n × m).
 *
 * @throws RetailKitError `FORECAST_SERIES_TOO_SHORT` when n < 2m.
 * @example
 * classicalDecomposition([1, 3, 1, 3, 1, 3], { seasonLength: 2 }).seasonalIndex // [-1, 1]
 */
export function classicalDecomposition(
  y: ArrayLike<number>,
  options: { seasonLength: number; model?: 'additive' | 'multiplicative' },
): Decomposition {
  const m = checkPositiveInt('classicalDecomposition', 'seasonLength', options.seasonLength, 2);
  const n = y.length;
  if (n < 2 * m) throw seriesTooShort('classicalDecomposition', n, 2 * m, 'Pass at least two full seasons.');
  const model = options.model ?? 'additive';
  const mul = model === 'multiplicative';
  const trend = centredMovingAverage(y, m);
  const sum = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = 0; t < n; t++)
    if (!Number.isNaN(trend[t])) {
      sum[t % m] += mul ? y[t] / trend[t] : y[t] - trend[t];
      cnt[t % m]++;
    }
  const idx = new Float64Array(m);
  let mean = 0;
  for (let k = 0; k < m; k++) {
    idx[k] = sum[k] / cnt[k];
    mean += idx[k] / m;
  }
  for (let k = 0; k < m; k++) idx[k] = mul ? idx[k] / mean : idx[k] - mean;
  const seasonal = new Float64Array(n);
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    seasonal[t] = idx[t % m];
    remainder[t] = mul ? y[t] / (trend[t] * seasonal[t]) : y[t] - trend[t] - seasonal[t];
  }
  return { trend, seasonal, remainder, seasonalIndex: idx, model };
}
