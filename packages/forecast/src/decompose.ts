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

/** Tricube-weighted local linear fit (LOESS) of (x, v) evaluated at `at`, span `q` points. */
function loessAt(xs: ArrayLike<number>, vs: ArrayLike<number>, w: ArrayLike<number>, at: number, q: number): number {
  const n = xs.length;
  // nearest q points by distance in x (xs sorted)
  let lo = 0;
  let hi = n - 1;
  while (hi - lo + 1 > q) {
    if (at - xs[lo] > xs[hi] - at) lo++;
    else hi--;
  }
  const maxDist = Math.max(at - xs[lo], xs[hi] - at, 1e-12) * (q > n ? q / n : 1) * 1.000001;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = lo; i <= hi; i++) {
    const u = Math.abs(xs[i] - at) / maxDist;
    const tw = u < 1 ? (1 - u ** 3) ** 3 * w[i] : 0;
    sw += tw;
    sx += tw * xs[i];
    sy += tw * vs[i];
    sxx += tw * xs[i] * xs[i];
    sxy += tw * xs[i] * vs[i];
  }
  if (sw <= 0) return Number.NaN;
  const mx = sx / sw;
  const my = sy / sw;
  const vx = sxx / sw - mx * mx;
  if (vx <= 1e-12) return my;
  return my + ((sxy / sw - mx * my) / vx) * (at - mx);
}

/**
 * STL-style decomposition (Cleveland et al. 1990, simplified): inner loops alternate a LOESS smooth of each
 * cycle-subseries (span `seasonalWindow`, default 7), a low-pass removal, and a LOESS trend of the deseasonalised
 * series (span `trendWindow`, default the next odd integer ≥ 1.5m / (1 − 1.5 / seasonalWindow)); `robust` adds
 * bisquare outer iterations. Additive only (log the data first for a multiplicative split). O(iterations × n × span).
 *
 * @throws RetailKitError `FORECAST_SERIES_TOO_SHORT` when n < 2m.
 * @example
 * stlDecomposition(y, { seasonLength: 7 }).seasonal
 */
export function stlDecomposition(
  y: ArrayLike<number>,
  options: {
    seasonLength: number;
    seasonalWindow?: number;
    trendWindow?: number;
    robust?: boolean;
    innerIterations?: number;
  },
): Decomposition {
  const m = checkPositiveInt('stlDecomposition', 'seasonLength', options.seasonLength, 2);
  const n = y.length;
  if (n < 2 * m) throw seriesTooShort('stlDecomposition', n, 2 * m, 'Pass at least two full seasons.');
  const ns = options.seasonalWindow ?? 7;
  let nt = options.trendWindow ?? Math.ceil((1.5 * m) / (1 - 1.5 / ns));
  if (nt % 2 === 0) nt++;
  const inner = options.innerIterations ?? 2;
  const outer = options.robust ? 5 : 1;
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const rw = new Float64Array(n).fill(1);
  const xs = Float64Array.from({ length: n }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let it = 0; it < inner; it++) {
      // 1. detrend, 2. cycle-subseries smoothing (extended one period each side)
      const detr = new Float64Array(n);
      for (let t = 0; t < n; t++) detr[t] = y[t] - trend[t];
      const c = new Float64Array(n + 2 * m);
      for (let k = 0; k < m; k++) {
        const px: number[] = [];
        const pv: number[] = [];
        const pw: number[] = [];
        for (let t = k; t < n; t += m) {
          px.push(px.length);
          pv.push(detr[t]);
          pw.push(rw[t]);
        }
        const q = Math.min(ns, px.length);
        for (let j = -1; j <= px.length; j++) {
          const pos = j * m + k + m;
          if (pos >= 0 && pos < n + 2 * m) c[pos] = loessAt(px, pv, pw, j, Math.max(2, q));
        }
      }
      // 3. low-pass of c: MA m, MA m, MA 3, then LOESS — simplified to the three moving averages
      const ma = (v: Float64Array, w: number): Float64Array => {
        const out = new Float64Array(v.length - w + 1);
        let s = 0;
        for (let i = 0; i < w; i++) s += v[i];
        out[0] = s / w;
        for (let i = w; i < v.length; i++) {
          s += v[i] - v[i - w];
          out[i - w + 1] = s / w;
        }
        return out;
      };
      const low = ma(ma(ma(c, m), m), 3);
      for (let t = 0; t < n; t++) seasonal[t] = c[t + m] - low[t];
      // 4. trend by LOESS of the deseasonalised series
      const des = new Float64Array(n);
      for (let t = 0; t < n; t++) des[t] = y[t] - seasonal[t];
      for (let t = 0; t < n; t++) trend[t] = loessAt(xs, des, rw, t, Math.min(nt, n));
    }
    if (options.robust) {
      const res = Array.from({ length: n }, (_, t) => Math.abs(y[t] - trend[t] - seasonal[t]));
      const sorted = [...res].sort((a, b) => a - b);
      const h = 6 * (sorted[Math.floor((n - 1) / 2)] + sorted[Math.ceil((n - 1) / 2)]) * 0.5 || 1e-12;
      for (let t = 0; t < n; t++) {
        const u = res[t] / h;
        rw[t] = u < 1 ? (1 - u * u) ** 2 : 0;
      }
    }
  }
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = y[t] - trend[t] - seasonal[t];
  const seasonalIndex = new Float64Array(m);
  const cnt = new Float64Array(m);
  for (let t = 0; t < n; t++) {
    seasonalIndex[t % m] += seasonal[t];
    cnt[t % m]++;
  }
  for (let k = 0; k < m; k++) seasonalIndex[k] /= cnt[k];
  return { trend, seasonal, remainder, seasonalIndex, model: 'additive' };
}
