import { acf } from '../acf.js';
import { classicalDecomposition } from '../decompose.js';
import { sesAlphaKnownLevel, sesLevel } from './ets.js';
import { constant, type ForecastModel, type LocalFit, localModel } from './model.js';

/**
 * The standard Theta method (Assimakopoulos & Nikolopoulos 2000; Hyndman & Billah 2003), as statsmodels
 * `ThetaModel(y, period=m).fit()` computes it: when the seasonality test passes
 * (n·r(m)² / Σ_{k<m} r(k)² > χ²₁(0.90) = 2.7055), the series is deseasonalised by classical multiplicative
 * decomposition (additive when values are ≤ 0); b₀ = OLS slope on t = 0…n−1; SES α by least squares with
 * l(0) = y(0); ŷ(T+h) = SES(T+1) + ½ b₀ (h − 1 + 1/α − (1 − α)^n / α), then reseasonalised. Alias `Theta`.
 *
 * @example
 * theta({ seasonLength: 1 }).forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4, 5, 6] }]), 1) // Float64Array [6.5]
 */
export function theta(options: { seasonLength?: number; alias?: string; theta?: number } = {}): ForecastModel {
  const m = options.seasonLength ?? 1;
  const th = options.theta ?? 2;
  const alias = options.alias ?? 'Theta';
  return localModel({ type: 'Theta', alias, options: { seasonLength: m, theta: th } }, (y) => {
    const n = y.length;
    if (n < 3) return naiveFit(y);
    let data: Float64Array = y;
    let index: Float64Array | null = null;
    let mul = true;
    if (m > 1 && n >= 2 * m + 1) {
      const r = acf(y, { maxLag: m }).values;
      let den = 0;
      for (let k = 0; k < m; k++) den += r[k] * r[k];
      const stat = (n * r[m] * r[m]) / den;
      if (stat > 2.705543454095404) {
        let min = Number.POSITIVE_INFINITY;
        for (let i = 0; i < n; i++) min = Math.min(min, y[i]);
        mul = min > 0;
        let dec = classicalDecomposition(y, { seasonLength: m, model: mul ? 'multiplicative' : 'additive' });
        if (mul && dec.seasonalIndex.some((v) => v <= 0)) {
          mul = false;
          dec = classicalDecomposition(y, { seasonLength: m, model: 'additive' });
        }
        index = dec.seasonalIndex;
        data = new Float64Array(n);
        for (let t = 0; t < n; t++) data[t] = mul ? y[t] / index[t % m] : y[t] - index[t % m];
      }
    }
    // OLS slope on t = 0..n-1
    let st = 0;
    let sy = 0;
    for (let t = 0; t < n; t++) {
      st += t;
      sy += data[t];
    }
    const mt = st / n;
    const my = sy / n;
    let sxy = 0;
    let sxx = 0;
    for (let t = 0; t < n; t++) {
      sxy += (t - mt) * (data[t] - my);
      sxx += (t - mt) ** 2;
    }
    const b0 = sxy / sxx;
    const { alpha, level } = sesAlphaKnownLevel(data);
    return thetaFit(n, alpha, b0, level, index, mul, th, m);
  });
}

/** Fewer than 3 values: the last value; a history update does the same on the new history. */
function naiveFit(y: Float64Array): LocalFit {
  const last = y[y.length - 1];
  return { predict: (h) => constant(last, h), params: { fallback: 'naive' }, update: naiveFit };
}

/**
 * The Theta forecast from its fitted pieces. A history update keeps α, b₀ and the seasonal index and runs the SES
 * recursion (l(0) = first value) over the new, deseasonalised history.
 */
function thetaFit(
  n: number,
  alpha: number,
  b0: number,
  level: number,
  index: Float64Array | null,
  mul: boolean,
  th: number,
  m: number,
): LocalFit {
  const w = (th - 1) / th;
  return {
    predict: (h) => {
      const out = new Float64Array(h);
      for (let i = 0; i < h; i++) {
        let hh = i;
        if (alpha > 0) hh += 1 / alpha - (1 - alpha) ** n / alpha;
        let v = w * b0 * hh + level;
        if (index) v = mul ? v * index[(n + i) % m] : v + index[(n + i) % m];
        out[i] = v;
      }
      return out;
    },
    params: {
      alpha,
      b0,
      seasonal: index ? Array.from(index) : null,
      method: index ? (mul ? 'multiplicative' : 'additive') : 'none',
    },
    update: (y2) => {
      const d = index ? y2.map((v, t) => (mul ? v / index[t % m] : v - index[t % m])) : y2;
      return thetaFit(y2.length, alpha, b0, sesLevel(d, alpha), index, mul, th, m);
    },
  };
}
