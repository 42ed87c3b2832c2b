import { invalidArgument, quantileSorted } from '@retailkit/core';
import type { Matrix } from './matrix.js';

/** Scaling methods: `robust` (median / IQR, scikit-learn RobustScaler), `standard` (mean / population σ), `none`. */
export type ScalerMethod = 'robust' | 'standard' | 'none';

/** A fitted scaler: plain data, JSON-friendly. `x' = (T(x) − center) / scale`, T = signed log1p when `log`. */
export interface Scaler {
  readonly method: ScalerMethod;
  readonly features: readonly string[];
  /** Per feature: apply the signed log transform `sign(x) · ln(1 + |x|)` first. */
  readonly log: readonly boolean[];
  readonly center: readonly number[];
  readonly scale: readonly number[];
}

/** Options of `fitScaler`. */
export interface ScalerOptions {
  /** Default `robust`. */
  readonly method?: ScalerMethod;
  /** Log-transform every feature (`true`), none (`false`, default) or the named ones. */
  readonly log1p?: boolean | readonly string[];
}

/** The signed log transform `sign(x) · ln(1 + |x|)`: log1p for x ≥ 0, defined for refunds (x < 0) too. */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/**
 * Fit a feature scaler on a row-major matrix whose columns are `features`.
 * `robust`: center = median, scale = Q3 − Q1 (quantiles type 7, like scikit-learn's RobustScaler);
 * `standard`: center = mean, scale = population standard deviation (StandardScaler); a zero scale becomes 1
 * (scikit-learn's convention), so constant features map to 0. Optional signed log1p first (`log1p`), which
 * keeps a few extreme customers from owning clusters of their own.
 *
 * Complexity O(n d log n).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown method or a log1p feature not in `features`.
 * @example
 * fitScaler({ n: 3, d: 1, data: Float64Array.of(1, 2, 4) }, ['x'], { method: 'robust' })
 * // { method: 'robust', features: ['x'], log: [false], center: [2], scale: [1.5] }
 */
export function fitScaler(x: Matrix, features: readonly string[], options: ScalerOptions = {}): Scaler {
  const method = options.method ?? 'robust';
  if (!['robust', 'standard', 'none'].includes(method))
    throw invalidArgument('fitScaler', 'method', method, '"robust", "standard" or "none"');
  const logOpt = options.log1p ?? false;
  if (Array.isArray(logOpt))
    for (const f of logOpt)
      if (!features.includes(f)) throw invalidArgument('fitScaler', 'log1p', f, `one of ${features.join(', ')}`);
  const log = features.map((f) => (typeof logOpt === 'boolean' ? logOpt : (logOpt as readonly string[]).includes(f)));
  const center: number[] = [];
  const scale: number[] = [];
  const col = new Float64Array(x.n);
  for (let j = 0; j < x.d; j++) {
    for (let i = 0; i < x.n; i++) {
      const v = x.data[i * x.d + j];
      col[i] = log[j] ? signedLog1p(v) : v;
    }
    if (method === 'robust') {
      const s = Float64Array.from(col).sort();
      center.push(quantileSorted(s, 0.5));
      const iqr = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
      scale.push(iqr > 0 ? iqr : 1);
    } else if (method === 'standard') {
      let m = 0;
      for (let i = 0; i < x.n; i++) m += col[i];
      m /= x.n || 1;
      let v = 0;
      for (let i = 0; i < x.n; i++) v += (col[i] - m) ** 2;
      const sd = Math.sqrt(v / (x.n || 1));
      center.push(m);
      scale.push(sd > 0 ? sd : 1);
    } else {
      center.push(0);
      scale.push(1);
    }
  }
  return { method, features: [...features], log, center, scale };
}

/**
 * Apply a fitted scaler to a matrix (same column order as `scaler.features`): x' = (T(x) − center) / scale, with
 * T the signed log1p for the features fitted with it. O(n d).
 *
 * @example
 * const s = fitScaler({ n: 3, d: 1, data: Float64Array.of(1, 2, 4) }, ['x']); // center 2, scale 1.5
 * applyScaler(s, { n: 2, d: 1, data: Float64Array.of(2, 5) }).data // Float64Array [0, 2]
 */
export function applyScaler(scaler: Scaler, x: Matrix): Matrix {
  const out = new Float64Array(x.n * x.d);
  for (let i = 0; i < x.n; i++)
    for (let j = 0; j < x.d; j++) {
      const v = x.data[i * x.d + j];
      out[i * x.d + j] = ((scaler.log[j] ? signedLog1p(v) : v) - scaler.center[j]) / scaler.scale[j];
    }
  return { n: x.n, d: x.d, data: out };
}

/** Scale one feature vector (`applyScaler` for one row). */
export function scaleVector(scaler: Scaler, v: ArrayLike<number>): Float64Array {
  const d = scaler.features.length;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const x = v[j];
    out[j] = ((scaler.log[j] ? signedLog1p(x) : x) - scaler.center[j]) / scaler.scale[j];
  }
  return out;
}
