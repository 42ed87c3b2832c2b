import { dayNumber, invalidArgument, isoDayOfWeek, MS_PER_DAY, parseIsoDate, quantileSorted } from '@retailkit/core';

/**
 * A lag transform (like mlforecast's `lag_transforms`): a small parameter object whose feature name is generated
 * from its parameters. Every transform reads only y(t − lag) and earlier (lag ≥ 1), so it cannot see y(t).
 */
export type LagTransform =
  | { readonly type: 'lag'; readonly lag: number }
  | {
      readonly type: 'rollingMean' | 'rollingStd' | 'rollingMin' | 'rollingMax';
      readonly lag: number;
      readonly windowSize: number;
    }
  /** Quantile `q` (type 7, linear interpolation) of the window; q = 0.5 is the rolling median. */
  | { readonly type: 'rollingQuantile'; readonly lag: number; readonly windowSize: number; readonly q: number }
  /** Share of exact zeros in the window (intermittency). */
  | { readonly type: 'rollingZeroShare'; readonly lag: number; readonly windowSize: number }
  | { readonly type: 'expandingMean'; readonly lag: number }
  | { readonly type: 'ewm'; readonly lag: number; readonly alpha: number }
  | {
      readonly type: 'seasonalRollingMean';
      readonly lag: number;
      readonly seasonLength: number;
      readonly windowSize: number;
    };

/** Calendar features of the target date (known in advance, so never a leak). */
export type DateFeature =
  | 'dayOfWeek'
  | 'dayOfMonth'
  | 'week'
  | 'month'
  | { readonly type: 'daysTo'; readonly date: string }
  | { readonly type: 'holiday'; readonly dates: readonly string[] }
  | { readonly type: 'fourier'; readonly period: number; readonly k: number };

/**
 * The generated name of a transform: `lag7`, `rolling_mean_lag1_window7`, `expanding_mean_lag1`,
 * `ewm_lag1_alpha0.5`, `seasonal_rolling_mean_lag1_season7_window4`, `rolling_quantile_lag1_window8_q0.4`,
 * `rolling_zero_share_lag1_window8`.
 *
 * @example
 * featureName({ type: 'rollingMean', lag: 1, windowSize: 7 }) // 'rolling_mean_lag1_window7'
 */
export function featureName(t: LagTransform): string {
  switch (t.type) {
    case 'lag':
      return `lag${t.lag}`;
    case 'expandingMean':
      return `expanding_mean_lag${t.lag}`;
    case 'ewm':
      return `ewm_lag${t.lag}_alpha${t.alpha}`;
    case 'seasonalRollingMean':
      return `seasonal_rolling_mean_lag${t.lag}_season${t.seasonLength}_window${t.windowSize}`;
    case 'rollingQuantile':
      return `rolling_quantile_lag${t.lag}_window${t.windowSize}_q${t.q}`;
    case 'rollingZeroShare':
      return `rolling_zero_share_lag${t.lag}_window${t.windowSize}`;
    default:
      return `${t.type.replace('rolling', 'rolling_').toLowerCase()}_lag${t.lag}_window${t.windowSize}`;
  }
}

/** Names of date features; Fourier terms give `sin{k}_{period}` and `cos{k}_{period}`. */
export function dateFeatureNames(f: DateFeature): string[] {
  if (typeof f === 'string') return [f];
  if (f.type === 'daysTo') return [`days_to_${f.date}`];
  if (f.type === 'holiday') return ['holiday'];
  const out: string[] = [];
  for (let k = 1; k <= f.k; k++) out.push(`sin${k}_${f.period}`, `cos${k}_${f.period}`);
  return out;
}

/** Validate transforms once (lag ≥ 1, windows ≥ 1, α in (0, 1]). */
export function checkTransforms(fn: string, transforms: readonly LagTransform[]): void {
  for (const t of transforms) {
    if (!Number.isInteger(t.lag) || t.lag < 1)
      throw invalidArgument(fn, `${t.type}.lag`, t.lag, 'an integer >= 1', 'A lag of 0 would read y(t) itself.');
    if ('windowSize' in t && (!Number.isInteger(t.windowSize) || t.windowSize < 1))
      throw invalidArgument(fn, `${t.type}.windowSize`, t.windowSize, 'an integer >= 1');
    if (t.type === 'ewm' && !(t.alpha > 0 && t.alpha <= 1))
      throw invalidArgument(fn, 'ewm.alpha', t.alpha, 'in (0, 1]');
    if (t.type === 'rollingQuantile' && !(t.q >= 0 && t.q <= 1))
      throw invalidArgument(fn, 'rollingQuantile.q', t.q, 'in [0, 1]');
  }
}

/**
 * Value of one transform for the next time step, computed from the history `prefix` = y(0 … t−1) only (the
 * function never receives y(t), which is what makes features leak-proof by construction). NaN when the history is
 * too short.
 */
export function lagTransformValue(prefix: ArrayLike<number>, t: LagTransform): number {
  const end = prefix.length - t.lag; // index of y(t − lag)
  if (end < 0) return Number.NaN;
  switch (t.type) {
    case 'lag':
      return prefix[end];
    case 'expandingMean': {
      let s = 0;
      for (let i = 0; i <= end; i++) s += prefix[i];
      return s / (end + 1);
    }
    case 'ewm': {
      // pandas ewm(alpha, adjust=False).mean() at y(t − lag)
      let v = prefix[0];
      for (let i = 1; i <= end; i++) v = t.alpha * prefix[i] + (1 - t.alpha) * v;
      return v;
    }
    case 'seasonalRollingMean': {
      let s = 0;
      let n = 0;
      for (let k = 0; k < t.windowSize; k++) {
        const i = end - k * t.seasonLength;
        if (i < 0) break;
        s += prefix[i];
        n++;
      }
      return n === t.windowSize ? s / n : Number.NaN;
    }
    case 'rollingQuantile': {
      const start = end - t.windowSize + 1;
      if (start < 0) return Number.NaN;
      const w = new Float64Array(t.windowSize);
      for (let i = start; i <= end; i++) w[i - start] = prefix[i];
      return quantileSorted(w.sort(), t.q);
    }
    case 'rollingZeroShare': {
      const start = end - t.windowSize + 1;
      if (start < 0) return Number.NaN;
      let z = 0;
      for (let i = start; i <= end; i++) if (prefix[i] === 0) z++;
      return z / t.windowSize;
    }
    default: {
      const start = end - t.windowSize + 1;
      if (start < 0) return Number.NaN;
      let s = 0;
      let mn = Number.POSITIVE_INFINITY;
      let mx = Number.NEGATIVE_INFINITY;
      for (let i = start; i <= end; i++) {
        s += prefix[i];
        mn = Math.min(mn, prefix[i]);
        mx = Math.max(mx, prefix[i]);
      }
      const mean = s / t.windowSize;
      if (t.type === 'rollingMean') return mean;
      if (t.type === 'rollingMin') return mn;
      if (t.type === 'rollingMax') return mx;
      if (t.windowSize < 2) return Number.NaN;
      let ss = 0;
      for (let i = start; i <= end; i++) ss += (prefix[i] - mean) ** 2;
      return Math.sqrt(ss / (t.windowSize - 1)); // sample std (pandas default ddof = 1)
    }
  }
}

/** Values of date features for a target date `ds` (epoch ms). */
export function dateFeatureValues(ds: number, f: DateFeature): number[] {
  const d = new Date(ds);
  if (f === 'dayOfWeek') return [isoDayOfWeek(ds)];
  if (f === 'dayOfMonth') return [d.getUTCDate()];
  if (f === 'month') return [d.getUTCMonth() + 1];
  if (f === 'week') return [isoWeek(ds)];
  if (f.type === 'daysTo') return [dayNumber(parseIsoDate(f.date)) - dayNumber(ds)];
  if (f.type === 'holiday') return [f.dates.some((h) => dayNumber(parseIsoDate(h)) === dayNumber(ds)) ? 1 : 0];
  const out: number[] = [];
  const t = dayNumber(ds);
  for (let k = 1; k <= f.k; k++) {
    const a = (2 * Math.PI * k * t) / f.period;
    out.push(Math.sin(a), Math.cos(a));
  }
  return out;
}

/** ISO 8601 week number (1–53). */
export function isoWeek(ms: number): number {
  const day = dayNumber(ms);
  const thursday = day - isoDayOfWeek(ms) + 4;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const jan1 = dayNumber(Date.UTC(year, 0, 1));
  return Math.floor((thursday - jan1) / 7) + 1;
}

/** A feature table: row-major values and names. */
export interface FeatureTable {
  readonly names: readonly string[];
  /** rows × names.length, row-major. */
  readonly values: Float64Array;
  readonly rows: number;
  /** Series index and time index of each row. */
  readonly series: Int32Array;
  readonly time: Int32Array;
}

/**
 * Features of every observation of one series: row t holds the lag transforms computed from y(0 … t−1) and the
 * date features of ds(t). O(n × Σ window).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a lag < 1 or a bad window.
 * @example
 * seriesFeatures([1, 2, 3], [0, 864e5, 1728e5], { transforms: [{ type: 'lag', lag: 1 }] }).values // [NaN, 1, 2]
 */
export function seriesFeatures(
  y: ArrayLike<number>,
  ds: ArrayLike<number>,
  options: { transforms?: readonly LagTransform[]; dateFeatures?: readonly DateFeature[] },
): FeatureTable {
  const transforms = options.transforms ?? [];
  const dateFeatures = options.dateFeatures ?? [];
  checkTransforms('seriesFeatures', transforms);
  const names = [...transforms.map(featureName), ...dateFeatures.flatMap(dateFeatureNames)];
  const n = y.length;
  const values = new Float64Array(n * names.length);
  const arr = Float64Array.from(y);
  for (let t = 0; t < n; t++) {
    const prefix = arr.subarray(0, t);
    let j = t * names.length;
    for (const tr of transforms) values[j++] = lagTransformValue(prefix, tr);
    for (const f of dateFeatures) for (const v of dateFeatureValues(ds[t], f)) values[j++] = v;
  }
  return { names, values, rows: n, series: new Int32Array(n), time: Int32Array.from({ length: n }, (_, i) => i) };
}
