import { invalidArgument, isoDayOfWeek } from '@retailkit/core';
import { checkPositiveInt } from '../errors.js';
import { fromBounded, minimize1d, nelderMead, toBounded } from '../internal/optimize.js';
import { constant, type ForecastModel, type LocalContext, type LocalFit, localModel } from './model.js';

/** Parameters of an additive-error exponential smoothing model (statsmodels `ExponentialSmoothing` conventions). */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level0: number;
  trend0: number;
  season0: number[];
}

/** Options shared by Holt and Holt-Winters. */
export interface EtsOptions {
  trend: 'none' | 'additive';
  seasonal: 'none' | 'additive' | 'multiplicative';
  seasonLength: number;
  damped: boolean;
}

/**
 * Run the smoothing recursions; returns SSE and the final states. Conventions (statsmodels, additive trend):
 * ŷ(t) = (l + φb) ⊕ s(t−m); l ← α(y ⊖ s) + (1−α)(l + φb); b ← β(l_new − l) + (1−β)φb;
 * s ← γ(y ⊖ (l + φb)) + (1−γ)s, where ⊕/⊖ are + / − (additive) or × / ÷ (multiplicative season).
 * The season slot of step t is t mod m, or `keys[t]` when given (a calendar season such as the day of week, so a
 * closed day or a missing holiday does not shift the seasonal pattern); keyed seasons are returned unrotated.
 */
export function etsFilter(
  y: ArrayLike<number>,
  o: EtsOptions,
  p: EtsParams,
  fitted?: Float64Array,
  keys?: Int32Array,
): { sse: number; level: number; trend: number; season: Float64Array } {
  const season = o.seasonal === 'none' ? new Float64Array(1) : Float64Array.from(p.season0);
  const keyed = keys !== undefined && o.seasonal !== 'none';
  const r = recursions(y, o, p.alpha, p.beta, p.gamma, p.phi, p.level0, p.trend0, season, fitted, keys);
  // keyed seasons stay indexed by key; positional ones rotate so season[0] applies to the first forecast step
  if (keyed) return { sse: r.sse, level: r.level, trend: r.trend, season };
  const n = y.length;
  const rotated = new Float64Array(season.length);
  for (let k = 0; k < season.length; k++) rotated[k] = season[(n + k) % season.length];
  return { sse: r.sse, level: r.level, trend: r.trend, season: rotated };
}

/** Final level and trend, and the SSE, of {@link etsFilter}'s recursions. */
interface Recursed {
  sse: number;
  level: number;
  trend: number;
}

/**
 * The recursions of {@link etsFilter} on `season` (the initial seasonal states, updated in place), with the
 * options' branches taken once outside the loop and nothing allocated: the least-squares objective runs this
 * thousands of times per fit. `out` receives the result (the objective passes one it reuses).
 */
function recursions(
  y: ArrayLike<number>,
  o: EtsOptions,
  alpha: number,
  beta: number,
  gamma: number,
  phi0: number,
  level0: number,
  trend0: number,
  season: Float64Array,
  fitted?: Float64Array,
  keys?: Int32Array,
  out: Recursed = { sse: 0, level: 0, trend: 0 },
): Recursed {
  const hasSeason = o.seasonal !== 'none';
  const m = hasSeason ? o.seasonLength : 1;
  const keyed = keys !== undefined && hasSeason;
  const mul = o.seasonal === 'multiplicative';
  const hasTrend = o.trend !== 'none';
  const phi = hasTrend ? (o.damped ? phi0 : 1) : 0;
  const a1 = 1 - alpha;
  const b1phi = (1 - beta) * phi;
  const g1 = 1 - gamma;
  let l = level0;
  let b = hasTrend ? trend0 : 0;
  let sse = 0;
  let pos = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const si = keyed ? (keys as Int32Array)[t] : pos;
    if (++pos === m) pos = 0;
    const s = hasSeason ? season[si] : 0;
    const yt = y[t];
    const base = l + phi * b;
    const yhat = mul ? base * s : base + s;
    if (fitted) fitted[t] = yhat;
    const e = yt - yhat;
    sse += e * e;
    const lNew = alpha * (mul ? yt / s : yt - s) + a1 * base;
    if (hasTrend) b = beta * (lNew - l) + b1phi * b;
    if (hasSeason) season[si] = gamma * (mul ? yt / base : yt - base) + g1 * s;
    l = lNew;
  }
  out.sse = sse;
  out.level = l;
  out.trend = b;
  return out;
}

/** h-step forecasts from final states: (l + (φ + … + φ^h) b) ⊕ s. */
export function etsForecast(
  o: EtsOptions,
  phi: number,
  state: { level: number; trend: number; season: Float64Array },
  h: number,
  futureKeys?: Int32Array,
): Float64Array {
  const out = new Float64Array(h);
  const hasTrend = o.trend !== 'none';
  const ph = hasTrend ? (o.damped ? phi : 1) : 0;
  let damp = 0;
  let pw = 1;
  for (let i = 0; i < h; i++) {
    pw *= ph;
    damp += pw;
    const base = state.level + (hasTrend ? damp * state.trend : 0);
    if (o.seasonal === 'none') out[i] = base;
    else {
      const s = state.season[futureKeys ? futureKeys[i] : i % state.season.length];
      out[i] = o.seasonal === 'multiplicative' ? base * s : base + s;
    }
  }
  return out;
}

/** Heuristic initial states (statsmodels "simple" initialisation; keyed: per-key means of the first 3 seasons). */
function initialStates(
  y: ArrayLike<number>,
  o: EtsOptions,
  keys?: Int32Array,
): { level0: number; trend0: number; season0: number[] } {
  const m = o.seasonal === 'none' ? 1 : o.seasonLength;
  const n = y.length;
  const mean = (a: number, b: number): number => {
    let s = 0;
    for (let i = a; i < b; i++) s += y[i];
    return s / (b - a);
  };
  if (keys && o.seasonal !== 'none') {
    const w = Math.min(n, 3 * m);
    const level0 = mean(0, w);
    const sum = new Float64Array(m);
    const cnt = new Float64Array(m);
    for (let t = 0; t < w; t++) {
      sum[keys[t]] += y[t];
      cnt[keys[t]]++;
    }
    const mul = o.seasonal === 'multiplicative';
    const season0 = Array.from(sum, (v, k) =>
      cnt[k] ? (mul ? v / cnt[k] / level0 : v / cnt[k] - level0) : mul ? 1 : 0,
    );
    return { level0, trend0: 0, season0 };
  }
  if (o.seasonal === 'none') {
    const level0 = y[0];
    const trend0 = n > 1 ? y[1] - y[0] : 0;
    return { level0, trend0, season0: [] };
  }
  const level0 = mean(0, m);
  const trend0 = n >= 2 * m ? (mean(m, 2 * m) - level0) / m : 0;
  const season0: number[] = [];
  for (let i = 0; i < m; i++) season0.push(o.seasonal === 'multiplicative' ? y[i] / level0 : y[i] - level0);
  return { level0, trend0, season0 };
}

/**
 * Fit an exponential smoothing model by least squares (SSE), optimising the smoothing parameters and the initial
 * states (statsmodels' `initialization_method='estimated'`), with β ≤ α, γ ≤ 1 − α and φ ∈ [0.8, 0.98].
 */
export function fitEts(y: ArrayLike<number>, o: EtsOptions, keys?: Int32Array): { params: EtsParams; sse: number } {
  const init = initialStates(y, o, keys);
  const hasTrend = o.trend !== 'none';
  const hasSeason = o.seasonal !== 'none';
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale += Math.abs(y[i]);
  scale = scale / y.length || 1;
  // x → parameters, written into `p` and `season` (one scratch each): the objective allocates nothing per evaluation
  const m = hasSeason ? o.seasonLength : 1;
  const season = new Float64Array(m);
  const p = { alpha: 0, beta: 0, gamma: 0, phi: 1, level0: 0, trend0: 0 };
  const unpackInto = (x: Float64Array): void => {
    let k = 0;
    p.alpha = toBounded(x[k++], 0, 1);
    p.beta = hasTrend ? p.alpha * toBounded(x[k++], 0, 1) : 0;
    p.gamma = hasSeason ? (1 - p.alpha) * toBounded(x[k++], 0, 1) : 0;
    p.phi = hasTrend && o.damped ? toBounded(x[k++], 0.8, 0.98) : 1;
    p.level0 = x[k++] * scale;
    p.trend0 = hasTrend ? x[k++] * scale : 0;
    if (hasSeason) for (let i = 0; i < m; i++) season[i] = o.seasonal === 'multiplicative' ? x[k++] : x[k++] * scale;
  };
  const unpack = (x: Float64Array): EtsParams => {
    unpackInto(x);
    return { ...p, season0: hasSeason ? Array.from(season) : [] };
  };
  const state: Recursed = { sse: 0, level: 0, trend: 0 };
  const sse = (x: Float64Array): number => {
    unpackInto(x);
    return recursions(y, o, p.alpha, p.beta, p.gamma, p.phi, p.level0, p.trend0, season, undefined, keys, state).sse;
  };
  const best: { x: Float64Array; fx: number } = { x: new Float64Array(0), fx: Number.POSITIVE_INFINITY };
  for (const [a0, b0, g0] of [
    [0.5, 0.1, 0.1],
    [0.2, 0.05, 0.05],
  ]) {
    const x0: number[] = [fromBounded(a0, 0, 1)];
    if (hasTrend) x0.push(fromBounded(b0 / a0, 0, 1));
    if (hasSeason) x0.push(fromBounded(g0 / (1 - a0), 0, 1));
    if (hasTrend && o.damped) x0.push(fromBounded(0.95, 0.8, 0.98));
    x0.push(init.level0 / scale);
    if (hasTrend) x0.push(init.trend0 / scale);
    if (hasSeason) for (const s of init.season0) x0.push(o.seasonal === 'multiplicative' ? s : s / scale);
    const res = nelderMead((x) => sse(x), x0, {
      maxIter: 300 * x0.length,
      restarts: 2,
    });
    if (res.fx < best.fx) {
      best.x = res.x;
      best.fx = res.fx;
    }
  }
  return { params: unpack(best.x), sse: best.fx };
}

/** How an ETS model is extended beyond {@link EtsOptions}. */
interface EtsExtras {
  /** `'position'`: season slot t mod m; `'dayOfWeek'`: the ISO weekday of the date (daily series only). */
  readonly seasonIndex?: 'position' | 'dayOfWeek';
  /** `'log1p'`: fit log(1 + y) and invert with expm1. */
  readonly target?: 'identity' | 'log1p';
}

/** Season slots by weekday: the weekdays present in `ds`, in ISO order, numbered 0…k−1 (−1 = not present). */
function weekdaySlots(ds: ArrayLike<number>): Int32Array {
  const slot = new Int32Array(8).fill(-1);
  for (let t = 0; t < ds.length; t++) slot[isoDayOfWeek(ds[t])] = 0;
  let k = 0;
  for (let d = 1; d <= 7; d++) if (slot[d] === 0) slot[d] = k++;
  return slot;
}

function etsModel(
  type: string,
  alias: string,
  o: EtsOptions,
  minLength: number,
  extras: EtsExtras = {},
): ForecastModel {
  const target = extras.target ?? 'identity';
  const options: Record<string, unknown> = { ...o };
  if (extras.seasonIndex) options.seasonIndex = extras.seasonIndex;
  if (extras.target) options.target = extras.target;
  /** Fit (or, with `fixed`, reuse the parameters of an earlier fit) on one series. */
  const fitOne = (raw: Float64Array, ctx: LocalContext, fixed?: EtsParams | 'fallback'): LocalFit => {
    if (target === 'log1p' && raw.some((v) => v <= -1))
      throw invalidArgument(type, 'target', 'log1p', 'used with values > -1', 'Use target "identity" for this series.');
    const y = target === 'log1p' ? raw.map(Math.log1p) : raw;
    const back = (f: Float64Array): Float64Array => (target === 'log1p' ? f.map(Math.expm1) : f);
    let oo = o;
    let keys: Int32Array | undefined;
    let slot: Int32Array | undefined;
    if (extras.seasonIndex === 'dayOfWeek' && ctx.freq === 'D' && o.seasonal !== 'none') {
      slot = weekdaySlots(ctx.ds);
      const k = slot.reduce((c, v) => c + (v >= 0 ? 1 : 0), 0);
      oo = { ...o, seasonLength: k };
      keys = Int32Array.from(ctx.ds, (d) => (slot as Int32Array)[isoDayOfWeek(d)]);
    }
    const tooShort =
      y.length < minLength ||
      (oo.seasonal !== 'none' && oo.seasonLength < 2) ||
      (oo.seasonal === 'multiplicative' && y.some((v) => v <= 0));
    if (fixed === 'fallback' || (fixed === undefined && tooShort)) {
      // too short (or non-positive data for a multiplicative season): fall back to the mean of the last values
      let s = 0;
      const k = Math.min(y.length, Math.max(1, o.seasonLength));
      for (let i = y.length - k; i < y.length; i++) s += y[i];
      const v = s / k;
      return {
        predict: (h) => back(constant(v, h)),
        params: { fallback: 'window-average' },
        update: (y2, c2) => fitOne(y2, c2, 'fallback'),
      };
    }
    const { params, sse } = fixed ? { params: fixed, sse: Number.NaN } : fitEts(y, oo, keys);
    const state = etsFilter(y, oo, params, undefined, keys);
    return {
      predict: (h) => {
        // a weekday absent from the training window (never, on a regular calendar) gets the neutral season
        const fk = slot ? Int32Array.from(ctx.futureDs(h), (d) => (slot as Int32Array)[isoDayOfWeek(d)]) : undefined;
        if (fk?.some((v) => v < 0)) {
          const neutral = oo.seasonal === 'multiplicative' ? 1 : 0;
          const season = Float64Array.of(...state.season, neutral);
          for (let i = 0; i < h; i++) if (fk[i] < 0) fk[i] = season.length - 1;
          return back(etsForecast(oo, params.phi, { ...state, season }, h, fk));
        }
        return back(etsForecast(oo, params.phi, state, h, fk));
      },
      params: { ...params, sse },
      // same smoothing parameters and initial states, filtered over the new history
      update: (y2, c2) => fitOne(y2, c2, params),
    };
  };
  return localModel({ type, alias, options }, (raw, ctx) => fitOne(raw, ctx));
}

/**
 * Simple exponential smoothing: l(0) = y(0), l(t) = α y(t) + (1 − α) l(t−1), ŷ(T+h) = l(T); α ∈ [0, 1] minimises the
 * SSE of the one-step errors (statsforecast's convention), unless `alpha` is given. Alias `SES`. O(n × iterations).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an `alpha` outside [0, 1].
 * @example
 * ses().forecast(seriesFromArrays([{ id: 'a', y: [3, 3, 3] }]), 1) // [3]
 */
export function ses(options: { alias?: string; alpha?: number } = {}): ForecastModel {
  const alias = options.alias ?? 'SES';
  const fixed = options.alpha;
  if (fixed !== undefined && !(fixed >= 0 && fixed <= 1)) throw invalidArgument('ses', 'alpha', fixed, 'in [0, 1]');
  // the forecast for a known α (see sesLevel); a history update keeps α
  const withAlpha = (alpha: number, y: Float64Array): LocalFit => {
    const l = sesLevel(y, alpha);
    return {
      predict: (h) => constant(l, h),
      params: { alpha, level0: y[0], level: l },
      update: (y2) => withAlpha(alpha, y2),
    };
  };
  return localModel({ type: 'SES', alias, options: { alpha: fixed } }, (y) => {
    if (fixed !== undefined) return withAlpha(fixed, y);
    if (y.length < 2) return withAlpha(1, y);
    // statsforecast's convention: l(0) = y(0), α by golden-section least squares (one dimension, fast);
    // fitEts gives statsmodels' joint optimisation of α and l(0)
    return withAlpha(sesAlphaKnownLevel(y).alpha, y);
  });
}

/**
 * Holt's linear trend method (optionally damped): ŷ(T+h) = l(T) + (φ + … + φ^h) b(T). Parameters by least
 * squares. Alias `Holt` (`HoltDamped`).
 *
 * @example
 * holt().forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4, 5] }]), 2) // Float64Array [6, 7]
 */
export function holt(options: { damped?: boolean; alias?: string } = {}): ForecastModel {
  const damped = options.damped ?? false;
  const alias = options.alias ?? (damped ? 'HoltDamped' : 'Holt');
  return etsModel('Holt', alias, { trend: 'additive', seasonal: 'none', seasonLength: 1, damped }, 3);
}

/** Options of {@link holtWinters}. */
export interface HoltWintersOptions {
  /** Season length m, an integer ≥ 2 (e.g. 7 for daily data with a weekly pattern). */
  readonly seasonLength: number;
  /** Default `additive`. */
  readonly seasonal?: 'additive' | 'multiplicative';
  /** Default `additive`. */
  readonly trend?: 'none' | 'additive';
  /** Damp the trend by φ ∈ [0.8, 0.98] (estimated). Default false. */
  readonly damped?: boolean;
  /** `position` (t mod m, default) or `dayOfWeek` (the ISO weekday of each date: gaps do not shift the season). */
  readonly seasonIndex?: 'position' | 'dayOfWeek';
  /** `identity` (default) or `log1p` (fit log(1 + y), invert with expm1). */
  readonly target?: 'identity' | 'log1p';
  readonly alias?: string;
}

/**
 * Holt-Winters (additive or multiplicative season, optional additive (damped) trend); parameters and initial states
 * by least squares. Alias `HoltWinters` (+ `Mul`, `Damped`, `Dow`, `Log1p`). Falls back to the last-season mean when
 * the series is shorter than two seasons (or has non-positive values for a multiplicative season).
 * `seasonIndex: 'dayOfWeek'` (daily series) indexes the season by the ISO weekday of each date instead of the position
 * t mod m: the season has one slot per weekday present in the data, so a holiday gap does not shift the pattern.
 * `target: 'log1p'` fits log(1 + y) (an additive season there is multiplicative on y) and inverts with expm1.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when seasonLength is not an integer ≥ 2, for a bad seasonIndex or target,
 *   or for values ≤ −1 with `target: 'log1p'`.
 * @example
 * const y = Array.from({ length: 24 }, (_, t) => 10 + t + [3, -1, -2, 0][t % 4]);
 * holtWinters({ seasonLength: 4 }).forecast(seriesFromArrays([{ id: 'a', y }]), 4) // [37, 34, 34, 37] (to 1e-6)
 */
export function holtWinters(options: HoltWintersOptions): ForecastModel {
  const fn = 'holtWinters';
  const m = checkPositiveInt(fn, 'seasonLength', options.seasonLength, 2);
  const seasonal = options.seasonal ?? 'additive';
  const trend = options.trend ?? 'additive';
  const damped = options.damped ?? false;
  const seasonIndex = options.seasonIndex ?? 'position';
  if (seasonIndex !== 'position' && seasonIndex !== 'dayOfWeek')
    throw invalidArgument(fn, 'seasonIndex', seasonIndex, "'position' or 'dayOfWeek'");
  const target = options.target ?? 'identity';
  if (target !== 'identity' && target !== 'log1p') throw invalidArgument(fn, 'target', target, "'identity' or 'log1p'");
  const alias =
    options.alias ??
    `HoltWinters${seasonal === 'multiplicative' ? 'Mul' : ''}${trend === 'none' ? 'NoTrend' : ''}${damped ? 'Damped' : ''}${seasonIndex === 'dayOfWeek' ? 'Dow' : ''}${target === 'log1p' ? 'Log1p' : ''}`;
  return etsModel('HoltWinters', alias, { trend, seasonal, seasonLength: m, damped }, 2 * m, {
    seasonIndex: options.seasonIndex,
    target: options.target,
  });
}

/**
 * In-sample one-step SSE of SES with ℓ(0) = x(0): Σ_{k≥1} (x(k) − ℓ(k − 1))². The recursion runs from k = 0 (a step
 * that leaves ℓ at x(0) up to rounding), as statsforecast's and {@link sesLevel} do, so the rounding matches theirs.
 */
export function sesSse(x: ArrayLike<number>, alpha: number): number {
  let l = x[0];
  let s = 0;
  for (let k = 0; k < x.length; k++) {
    const e = x[k] - l;
    s += e * e;
    l = alpha * x[k] + (1 - alpha) * l;
  }
  return s;
}

/** SES α minimising SSE with l(0) = y(0) known (the Theta method's smoother). */
export function sesAlphaKnownLevel(y: ArrayLike<number>): { alpha: number; level: number } {
  const alpha = minimize1d((a) => sesSse(y, a), 0, 1, 1e-12);
  return { alpha, level: sesLevel(y, alpha) };
}

/** The SES level after the history for a known α: ℓ(0) = y(0), ℓ(t) = α y(t) + (1 − α) ℓ(t − 1). O(n). */
export function sesLevel(y: ArrayLike<number>, alpha: number): number {
  let l = y[0];
  for (let t = 0; t < y.length; t++) l = alpha * y[t] + (1 - alpha) * l;
  return l;
}
