import { invalidArgument } from '@retailkit/core';
import type { SeriesData } from '../series-data.js';
import { type ArimaOrder, checkOrder, difference, fitArima, minimumLength } from './arima.js';
import { type FittedModel, type ForecastModel, memoisedFit } from './model.js';

/** Options of {@link arimax}. */
export interface ArimaxOptions {
  readonly order: ArimaOrder;
  /** Names of `SeriesData.exog` columns used as regressors (e.g. `['price']`). */
  readonly regressors: readonly string[];
  /** Applied to every regressor before the regression: `'log'` (default, log price: β is an elasticity-like slope) or `'identity'`. */
  readonly transform?: 'log' | 'identity';
  /** An intercept (d + D = 0) or drift (d + D ≥ 1) in the regression. Default true. */
  readonly includeConstant?: boolean;
  /** Default `ARIMAX(p,d,q)(P,D,Q)[s]`. */
  readonly alias?: string;
}

/**
 * Regression with ARIMA errors, two-step: y(t) = Σ β_j g(x_j(t)) + u(t), u ~ ARIMA(p,d,q)(P,D,Q)[s] (+ constant).
 * 1. β by OLS of the differenced y on the differenced regressors (∇^d ∇_s^D, as R's `arima` with `xreg` starts),
 *    with an intercept column when `includeConstant` (the drift, or the mean when d + D = 0);
 * 2. the ARIMA (exact ML by `fitArima`) fitted on u = y − Σ β_j g(x_j): when d + D = 0 on u minus the OLS
 *    intercept, held fixed; otherwise with an ML constant (drift) when `includeConstant`.
 * Forecasts: the ARIMA forecast of u plus Σ β_j g(x_j(T + h)), where the future regressors are the planned path
 * passed to `predict(horizon, { price: [...] })` (series-major, `horizon` values per series) or, without one, the
 * last value held. A series whose regressor is not finite and positive (log) everywhere, or constant after
 * differencing, gets β = 0 (a plain ARIMA); a constant u is forecast as that constant. Params per series: `beta`, `intercept`, the ARIMA coefficients.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an empty `regressors` list or a regressor missing from the data's
 *   `exog` (build the series with `buildSeries(..., { price: true })`); `FORECAST_SERIES_TOO_SHORT` for a series
 *   shorter than the ARIMA needs.
 * @example
 * const data = buildSeries(lines, { freq: 'W', by: ['stockCode'], price: true });
 * const m = arimax({ order: { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 1 }, regressors: ['price'] }).fit(data);
 * m.predict(4, { price: [2.1, 2.1, 1.9, 1.9] }); // demand under a planned 10 % price cut from week 3
 */
export function arimax(options: ArimaxOptions): ForecastModel {
  const fn = 'arimax';
  const o = checkOrder(fn, options.order);
  const regressors = options.regressors;
  if (!Array.isArray(regressors) || regressors.length === 0 || !regressors.every((r) => typeof r === 'string'))
    throw invalidArgument(fn, 'regressors', regressors, "a non-empty list of exog column names, e.g. ['price']");
  const transform = options.transform ?? 'log';
  if (transform !== 'log' && transform !== 'identity')
    throw invalidArgument(fn, 'transform', transform, "'log' or 'identity'");
  const constant = options.includeConstant ?? true;
  const alias = options.alias ?? `ARIMAX(${o.p},${o.d},${o.q})(${o.P},${o.D},${o.Q})[${o.s}]`;
  const g = (v: number) => (transform === 'log' ? Math.log(v) : v);
  const spec = {
    type: 'ARIMAX',
    alias,
    options: { order: o, regressors: [...regressors], transform, includeConstant: constant },
  };
  const fitRaw = (data: SeriesData): FittedModel => {
    const fits = data.ids.map((id, i) => {
      const from = data.offsets[i];
      const to = data.offsets[i + 1];
      const y = data.y.subarray(from, to);
      const xs = regressors.map((r) => {
        const col = data.exog?.[r];
        if (!col)
          throw invalidArgument(
            `${alias}.fit`,
            'exog',
            Object.keys(data.exog ?? {}),
            `a column "${r}"`,
            'Build the series with buildSeries(frame, { price: true }) or add the column to SeriesData.exog.',
          );
        return Float64Array.from(col.subarray(from, to), g);
      });
      const usable = xs.map((x) => x.every(Number.isFinite));
      const beta = regressionCoefficients(y, xs, usable, o, constant);
      const u = Float64Array.from(y, (v, t) => {
        let r = v;
        for (let j = 0; j < xs.length; j++) if (beta.slope[j] !== 0) r -= beta.slope[j] * xs[j][t];
        return r;
      });
      // without differencing the OLS intercept is the mean of u and stays fixed; with it, the ARIMA's constant (drift)
      const level = o.d + o.D === 0 ? beta.intercept : 0;
      if (level !== 0) for (let t = 0; t < u.length; t++) u[t] -= level;
      const arimaFit = constantSeries(u)
        ? {
            coefficients: { flat: u[u.length - 1] },
            forecast: (h: number) => new Float64Array(h).fill(u[u.length - 1]),
          }
        : fitArima(u, { order: o, includeConstant: constant && level === 0 && o.d + o.D > 0 });
      const last = xs.map((x) => x[x.length - 1]);
      return {
        id,
        params: { beta: beta.slope, intercept: beta.intercept, ...arimaFit.coefficients },
        predict(h: number, future: ArrayLike<number>[] | undefined): Float64Array {
          const out = arimaFit.forecast(h);
          for (let k = 0; k < h; k++) out[k] += level;
          for (let j = 0; j < xs.length; j++) {
            if (beta.slope[j] === 0) continue;
            for (let k = 0; k < h; k++) out[k] += beta.slope[j] * (future ? g(future[j][k]) : last[j]);
          }
          return out;
        },
      };
    });
    return {
      alias,
      ids: data.ids,
      params: fits.map((f) => f.params),
      predict(horizon: number, future?: Readonly<Record<string, ArrayLike<number>>>): Float64Array {
        const out = new Float64Array(fits.length * horizon);
        for (let i = 0; i < fits.length; i++) {
          const path = future
            ? regressors.map((r) => {
                const v = future[r];
                if (!v || v.length !== fits.length * horizon)
                  throw invalidArgument(
                    `${alias}.predict`,
                    `future.${r}`,
                    v?.length,
                    `${fits.length * horizon} values (horizon per series, series-major)`,
                  );
                return Array.prototype.slice.call(v, i * horizon, (i + 1) * horizon) as number[];
              })
            : undefined;
          out.set(fits[i].predict(horizon, path), i * horizon);
        }
        return out;
      },
    };
  };
  const fit = memoisedFit(spec, fitRaw, minimumLength(o));
  return Object.freeze({ alias, spec, fit, forecast: (data: SeriesData, h: number) => fit(data).predict(h) });
}

/** True when every value equals the first (nothing for an ARIMA to fit: the forecast is that value). */
function constantSeries(u: Float64Array): boolean {
  for (let t = 1; t < u.length; t++) if (u[t] !== u[0]) return false;
  return true;
}

/** OLS of ∇y on the usable ∇x_j (and an intercept): slopes (0 for unusable or degenerate regressors). */
function regressionCoefficients(
  y: Float64Array,
  xs: Float64Array[],
  usable: boolean[],
  o: ArimaOrder,
  constant: boolean,
): { slope: number[]; intercept: number } {
  const slope = xs.map(() => 0);
  const cols: Float64Array[] = [];
  const which: number[] = [];
  const w = difference(y, o.d, o.D, o.s);
  for (let j = 0; j < xs.length; j++) {
    if (!usable[j]) continue;
    const dx = difference(xs[j], o.d, o.D, o.s);
    let ss = 0;
    let mean = 0;
    for (const v of dx) mean += v / dx.length;
    for (const v of dx) ss += (v - mean) ** 2;
    if (!(ss > 1e-12 * dx.length)) continue; // constant regressor: not identified beside the intercept
    cols.push(dx);
    which.push(j);
  }
  if (constant) cols.push(new Float64Array(w.length).fill(1));
  const b = leastSquares(cols, w);
  if (!b) return { slope, intercept: 0 };
  which.forEach((j, k) => {
    slope[j] = b[k];
  });
  return { slope, intercept: constant ? b[b.length - 1] : 0 };
}

/** β minimising ‖w − Σ β_k c_k‖² by the normal equations (Gaussian elimination with pivoting); null when singular. */
function leastSquares(cols: Float64Array[], w: Float64Array): number[] | null {
  const k = cols.length;
  if (k === 0) return [];
  const a = Array.from({ length: k }, (_, r) => {
    const row = new Array(k + 1).fill(0);
    for (let c = 0; c < k; c++) for (let t = 0; t < w.length; t++) row[c] += cols[r][t] * cols[c][t];
    for (let t = 0; t < w.length; t++) row[k] += cols[r][t] * w[t];
    return row;
  });
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    if (!(Math.abs(a[p][c]) > 1e-12)) return null;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let q = c; q <= k; q++) a[r][q] -= f * a[c][q];
    }
  }
  return a.map((row, r) => row[k] / row[r]);
}
