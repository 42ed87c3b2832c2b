import { invalidArgument, isoDayOfWeek } from '@retailkit/core';
import { Matrix, solve } from 'ml-matrix';
import { checkPositiveInt } from '../errors.js';
import { constant, type ForecastModel, type LocalContext, type LocalFit, localModel } from './model.js';

/** Ridge regression: β = (XᵀX + λ D)⁻¹ Xᵀy with D = I except 0 for the intercept (column 0). Uses ml-matrix. */
export function ridgeSolve(X: Matrix, y: ArrayLike<number>, lambda: number): Float64Array {
  const p = X.columns;
  const xt = X.transpose();
  const xtx = xt.mmul(X);
  for (let j = 1; j < p; j++) xtx.set(j, j, xtx.get(j, j) + lambda);
  xtx.set(0, 0, xtx.get(0, 0) + 1e-12);
  const xty = xt.mmul(Matrix.columnVector(Array.from(y)));
  const beta = solve(xtx, xty, true);
  return Float64Array.from(beta.getColumn(0));
}

/** Options of {@link ridge}. */
export interface RidgeOptions {
  /** Fit on the last `windowSize` observations only (a local trend). Default: all. */
  readonly windowSize?: number;
  /** Include a linear time trend. Default true. */
  readonly trend?: boolean;
  /**
   * Seasonal terms: `'dayOfWeek'` (calendar dummies from the dates), `'position'` (dummies of t mod seasonLength),
   * or `'none'`. Default `'dayOfWeek'` for daily series, else `'none'`.
   */
  readonly seasonal?: 'dayOfWeek' | 'position' | 'none';
  readonly seasonLength?: number;
  /** Fourier pairs sin/cos(2πkt/period), k = 1..K, per period. */
  readonly fourier?: readonly { period: number; k: number }[];
  /** Target transform: `'log1p'` fits log(1 + y) and inverts exactly with expm1. Default `'identity'`. */
  readonly target?: 'identity' | 'log1p';
  /** Ridge penalty λ on every coefficient except the intercept. Default 0 (least squares). */
  readonly lambda?: number;
  readonly alias?: string;
}

/**
 * A linear model on deterministic features of time (intercept, linear trend, day-of-week or positional seasonal
 * dummies, Fourier terms), fitted by ridge least squares over a trailing window, extrapolated to the horizon:
 * ŷ = x(T+h)ᵀβ (back-transformed). Alias `Ridge` (with window/target in the default alias). Series with fewer than
 * 3 points forecast their mean. O(window × features²).
 *
 * `FittedModel.update` (`crossValidation` with `refit: false | n`) keeps β and the feature layout learned in the fit:
 * the trend's origin and scale ((t − windowStart) / window length, t counted from the first observation) and the
 * seasonal dummy levels. Features are then computed at the end of the new history of length n′:
 * ŷ(n′ + i) = x(n′ + i, date)ᵀβ. The features are functions of time only, so this extrapolates the fitted line and
 * seasonal pattern to the new origin; the new values themselves do not move it.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad windowSize, lambda or option value.
 * @example
 * ridge({ windowSize: 60, seasonal: 'none' }).forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4] }]), 2) // [5.000000000000501, 6.000000000000801]
 */
export function ridge(options: RidgeOptions = {}): ForecastModel {
  const fn = 'ridge';
  const w = options.windowSize === undefined ? undefined : checkPositiveInt(fn, 'windowSize', options.windowSize, 2);
  const lambda = options.lambda ?? 0;
  if (!(lambda >= 0)) throw invalidArgument(fn, 'lambda', lambda, 'a number >= 0');
  const target = options.target ?? 'identity';
  if (target !== 'identity' && target !== 'log1p') throw invalidArgument(fn, 'target', target, "'identity' or 'log1p'");
  const useTrend = options.trend ?? true;
  const alias = options.alias ?? `Ridge${w ? `_w${w}` : ''}${target === 'log1p' ? '_log1p' : ''}`;
  return localModel({ type: 'Ridge', alias, options: { ...options, alias } }, (y, ctx): LocalFit => {
    const n = y.length;
    if (n < 3) return meanFit(y);
    if (target === 'log1p' && y.some((v) => v <= -1)) {
      throw invalidArgument(fn, 'target', 'log1p', 'used with values > -1', 'Use target "identity" for this series.');
    }
    const seasonal = options.seasonal ?? (ctx.freq === 'D' ? 'dayOfWeek' : 'none');
    const m = options.seasonLength ?? 7;
    const start = w ? Math.max(0, n - w) : 0;
    const len = n - start;
    const levelOf = (t: number, date: number): number =>
      seasonal === 'dayOfWeek' ? isoDayOfWeek(date) : seasonal === 'position' ? t % m : 0;
    // seasonal levels present in the window (the most frequent one is the baseline)
    const counts = new Map<number, number>();
    if (seasonal !== 'none')
      for (let t = start; t < n; t++) counts.set(levelOf(t, ctx.ds[t]), (counts.get(levelOf(t, ctx.ds[t])) ?? 0) + 1);
    const levels = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([k]) => k);
    const dummies = levels.slice(1);
    const fourier = options.fourier ?? [];
    const row = (t: number, date: number): number[] => {
      const r = [1];
      if (useTrend) r.push((t - start) / Math.max(1, len));
      const lv = levelOf(t, date);
      for (const d of dummies) r.push(lv === d ? 1 : 0);
      for (const f of fourier)
        for (let k = 1; k <= f.k; k++) {
          const a = (2 * Math.PI * k * t) / f.period;
          r.push(Math.sin(a), Math.cos(a));
        }
      return r;
    };
    const rows: number[][] = [];
    const ys: number[] = [];
    for (let t = start; t < n; t++) {
      rows.push(row(t, ctx.ds[t]));
      ys.push(target === 'log1p' ? Math.log1p(y[t]) : y[t]);
    }
    const beta = ridgeSolve(new Matrix(rows), ys, lambda);
    const params = { beta: Array.from(beta), dummies, windowStart: start };
    // ŷ(end + i) = x(end + i)ᵀβ past a history of length `end`; an update keeps β and the feature layout
    const fitted = (end: number, c: LocalContext): LocalFit => ({
      predict: (h) => {
        const fut = c.futureDs(h);
        const out = new Float64Array(h);
        for (let i = 0; i < h; i++) {
          const r = row(end + i, fut[i]);
          let v = 0;
          for (let j = 0; j < r.length; j++) v += r[j] * beta[j];
          out[i] = target === 'log1p' ? Math.expm1(v) : v;
        }
        return out;
      },
      params,
      update: (y2, c2) => fitted(y2.length, c2),
    });
    return fitted(n, ctx);
  });
}

/** Fewer than 3 values: their mean; a history update does the same on the new history. */
function meanFit(y: Float64Array): LocalFit {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  return { predict: (h) => constant(mean, h), params: { fallback: 'mean' }, update: meanFit };
}
