import { invalidArgument } from '@retailkit/core';
import { nonFinite } from '../errors.js';
import type { SeriesData } from '../series-data.js';
import {
  type ArimaCoefficients,
  type ArimaOrder,
  arimaForecaster,
  checkOrder,
  difference,
  fitArima,
  minimumLength,
} from './arima.js';
import { type FittedModel, type ForecastModel, memoisedFit } from './model.js';

/** One series' fitted regression with ARIMA errors (see {@link arimax}). */
interface SeriesFit {
  readonly id: string;
  readonly params: Readonly<Record<string, unknown>>;
  predict(h: number, future: ArrayLike<number>[] | undefined): Float64Array;
  update(y: Float64Array, xs: Float64Array[]): SeriesFit;
}

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
 * differencing, gets β = 0 (a plain ARIMA); a constant u is forecast as that constant. Params per series: `beta`,
 * `intercept`, the ARIMA coefficients. `FittedModel.update` keeps β, the intercept and the ARIMA coefficients and
 * filters u of the new history (its `exog` columns are needed too; nothing is re-estimated).
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
  /** The transformed regressors of series i of `data`. */
  const regressorsOf = (data: SeriesData, i: number, where: string): Float64Array[] => {
    const from = data.offsets[i];
    const to = data.offsets[i + 1];
    return regressors.map((r) => {
      const col = data.exog?.[r];
      if (!col)
        throw invalidArgument(
          `${alias}.${where}`,
          'exog',
          Object.keys(data.exog ?? {}),
          `a column "${r}"`,
          'Build the series with buildSeries(frame, { price: true }) or add the column to SeriesData.exog.',
        );
      return Float64Array.from(col.subarray(from, to), g);
    });
  };
  /** u = y − Σ β_j g(x_j) − level, the series the ARIMA part sees. */
  const residuals = (y: Float64Array, xs: Float64Array[], slope: number[], level: number): Float64Array => {
    const u = Float64Array.from(y, (v, t) => {
      let r = v;
      for (let j = 0; j < xs.length; j++) if (slope[j] !== 0) r -= slope[j] * xs[j][t];
      return r;
    });
    if (level !== 0) for (let t = 0; t < u.length; t++) u[t] -= level;
    return u;
  };
  const fitSeries = (id: string, y: Float64Array, xs: Float64Array[]): SeriesFit => {
    const usable = xs.map((x) => x.every(Number.isFinite));
    const beta = regressionCoefficients(y, xs, usable, o, constant);
    // without differencing the OLS intercept is the mean of u and stays fixed; with it, the ARIMA's constant (drift)
    const level = o.d + o.D === 0 ? beta.intercept : 0;
    const u = residuals(y, xs, beta.slope, level);
    if (constantSeries(u)) return seriesFit(id, xs, beta, level, u, undefined);
    const arimaFit = fitArima(u, { order: o, includeConstant: constant && level === 0 && o.d + o.D > 0 });
    return seriesFit(id, xs, beta, level, u, { coefficients: arimaFit.coefficients, forecast: arimaFit.forecast });
  };
  /**
   * One series' fit: forecasts of u plus the regression on the future regressors; `update` keeps β, the level and
   * the ARIMA coefficients and filters the new history's u (a constant u stays a flat forecast of its last value).
   */
  const seriesFit = (
    id: string,
    xs: Float64Array[],
    beta: { slope: number[]; intercept: number },
    level: number,
    u: Float64Array,
    arma: { coefficients: ArimaCoefficients; forecast: (h: number) => Float64Array } | undefined,
  ): SeriesFit => {
    const flat = u[u.length - 1];
    const forecastU = arma ? arma.forecast : (h: number) => new Float64Array(h).fill(flat);
    const last = xs.map((x) => x[x.length - 1]);
    return {
      id,
      params: { beta: beta.slope, intercept: beta.intercept, ...(arma ? arma.coefficients : { flat }) },
      predict(h: number, future: ArrayLike<number>[] | undefined): Float64Array {
        const out = forecastU(h);
        for (let k = 0; k < h; k++) out[k] += level;
        for (let j = 0; j < xs.length; j++) {
          if (beta.slope[j] === 0) continue;
          for (let k = 0; k < h; k++) out[k] += beta.slope[j] * (future ? g(future[j][k]) : last[j]);
        }
        return out;
      },
      update(y2: Float64Array, xs2: Float64Array[]): SeriesFit {
        for (let j = 0; j < xs2.length; j++) {
          if (beta.slope[j] === 0) continue;
          const bad = xs2[j].findIndex((v) => !Number.isFinite(v));
          if (bad >= 0)
            throw nonFinite(
              `${alias}.update`,
              id,
              bad,
              xs2[j][bad],
              `Pass a finite${transform === 'log' ? ', positive' : ''} ${regressors[j]} for every value of the history.`,
            );
        }
        const u2 = residuals(y2, xs2, beta.slope, level);
        const next = arma && {
          coefficients: arma.coefficients,
          forecast: arimaForecaster(u2, o, arma.coefficients),
        };
        return seriesFit(id, xs2, beta, level, u2, next);
      },
    };
  };
  const build = (data: SeriesData, fits: SeriesFit[]): FittedModel => ({
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
    update(next: SeriesData): FittedModel {
      const index = new Map(data.ids.map((id, i) => [id, i]));
      const nextFits = next.ids.map((id, i) => {
        const y = next.y.subarray(next.offsets[i], next.offsets[i + 1]);
        const xs = regressorsOf(next, i, 'update');
        const k = index.get(id);
        return k === undefined ? fitSeries(id, y, xs) : fits[k].update(y, xs);
      });
      return build(next, nextFits);
    },
  });
  const fitRaw = (data: SeriesData): FittedModel =>
    build(
      data,
      data.ids.map((id, i) =>
        fitSeries(id, data.y.subarray(data.offsets[i], data.offsets[i + 1]), regressorsOf(data, i, 'fit')),
      ),
    );
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
