import { invalidArgument } from '@retailkit/core';
import { minimize1d } from '../internal/optimize.js';
import { sesLevel, sesSse } from './ets.js';
import { constant, type ForecastModel, type LocalFit, localModel } from './model.js';

/*
 * Intermittent-demand models (statsforecast's CrostonClassic, CrostonSBA, CrostonOptimized, TSB, ADIDA, IMAPA).
 *
 * Shared conventions, as statsforecast 2.x computes them:
 * - demand sizes z: the values y(t) > 0, in order;
 * - inter-demand intervals p: for the non-zero positions i₁ < i₂ < … (0-based), p = (i₁ + 1, i₂ − i₁, i₃ − i₂, …):
 *   the first interval counts the periods from the start of the series up to and including the first demand; the
 *   zeros after the last demand are in no interval;
 * - SES on a sequence x(0..m−1): ℓ(0) = x(0), ℓ(k) = α x(k) + (1 − α) ℓ(k − 1); its forecast is ℓ(m − 1);
 * - an optimised α minimises the in-sample one-step squared error of that SES on that sequence,
 *   SSE(α) = Σ_{k=1}^{m−1} (x(k) − ℓ(k − 1))², over [0.1, 0.3] (statsforecast's `_optimized_ses_forecast` bounds).
 *
 * Every forecast is clamped at 0 (only negative values in the history, e.g. net returns, could make one negative).
 */

/** statsforecast's bounds for an optimised SES α in the intermittent models. */
const ALPHA_LO = 0.1;
const ALPHA_HI = 0.3;

/**
 * α in [0.1, 0.3] minimising {@link sesSse} (golden section, tolerance 1e-10, bounds checked). Ties go to 0.1: with
 * fewer than 3 values the SSE does not depend on α (ℓ(0) = x(0) forecasts x(1) whatever α), and a constant sequence
 * has SSE 0 for every α.
 */
function optimisedAlpha(x: ArrayLike<number>): number {
  if (x.length < 3) return ALPHA_LO;
  const f = (a: number) => sesSse(x, a);
  const a = minimize1d(f, ALPHA_LO, ALPHA_HI, 1e-10);
  return f(a) < f(ALPHA_LO) ? a : ALPHA_LO;
}

/** Demand sizes (y > 0) and inter-demand intervals (between non-zero values, see the file header). */
function decompose(y: ArrayLike<number>): { sizes: Float64Array; intervals: Float64Array } {
  const sizes: number[] = [];
  const intervals: number[] = [];
  let prev = -1;
  for (let t = 0; t < y.length; t++) {
    if (y[t] > 0) sizes.push(y[t]);
    if (y[t] !== 0) {
      intervals.push(t - prev);
      prev = t;
    }
  }
  return { sizes: Float64Array.from(sizes), intervals: Float64Array.from(intervals) };
}

/** Round half to even (NumPy's and Python's `round`, which statsforecast uses for the aggregation level). */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** round(mean inter-demand interval) = round((i_last + 1) / number of non-zero values); 0 for an all-zero series. */
function meanIntervalLevel(y: ArrayLike<number>): number {
  let count = 0;
  let last = -1;
  for (let t = 0; t < y.length; t++)
    if (y[t] !== 0) {
      count++;
      last = t;
    }
  return count === 0 ? 0 : roundHalfEven((last + 1) / count);
}

/** Sums of the non-overlapping buckets of size k aligned with the end (the first n mod k values are dropped). */
function bucketSums(y: ArrayLike<number>, k: number): Float64Array {
  const m = Math.floor(y.length / k);
  const start = y.length - m * k;
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = start + j * k; t < start + (j + 1) * k; t++) s += y[t];
    out[j] = s;
  }
  return out;
}

/** A flat forecast, clamped at 0; `update` reruns the model with the same parameters on a new history. */
function flat(value: number, params: Record<string, unknown>, update: (y: Float64Array) => LocalFit): LocalFit {
  const v = Math.max(0, value);
  return { predict: (h) => constant(v, h), params, update };
}

type CrostonVariant = 'classic' | 'sba' | 'optimized';

/** Croston with known α's (or, with `alphas` undefined, α's optimised on this history). */
function crostonFit(y: Float64Array, variant: CrostonVariant, alphas?: { alphaD: number; alphaI: number }): LocalFit {
  const { sizes, intervals } = decompose(y);
  if (sizes.length === 0) {
    // no positive demand: forecast 0 (statsforecast forecasts the last value, which is 0 for an all-zero series);
    // nothing was estimated, so an update of the optimised variant estimates on its own history
    return flat(0, { demands: 0 }, (y2) => crostonFit(y2, variant, alphas));
  }
  const fixedAlpha = variant === 'optimized' ? undefined : 0.1;
  const alphaD = alphas?.alphaD ?? fixedAlpha ?? optimisedAlpha(sizes);
  const alphaI = alphas?.alphaI ?? fixedAlpha ?? optimisedAlpha(intervals);
  const size = sesLevel(sizes, alphaD);
  const interval = sesLevel(intervals, alphaI);
  const factor = variant === 'sba' ? 1 - alphaD / 2 : 1;
  return flat(factor * (size / interval), { alphaD, alphaI, size, interval, demands: sizes.length }, (y2) =>
    crostonFit(y2, variant, { alphaD, alphaI }),
  );
}

/**
 * Croston's method (Croston 1972), statsforecast's `CrostonClassic`: SES with α = 0.1 on the demand sizes z (the
 * values > 0) and, separately, on the inter-demand intervals p; ŷ(T + h) = ẑ / p̂ for every h. Alias
 * `CrostonClassic`. O(n).
 *
 * Initialisation (statsforecast's): each SES starts at the first value of its sequence, ẑ₀ = z₁ and p̂₀ = p₁, where
 * the first interval p₁ = i₁ + 1 counts the periods from the start up to and including the first demand (at 0-based
 * position i₁); later intervals are the gaps between demands, and zeros after the last demand are in no interval.
 * A single demand forecasts z₁ / (i₁ + 1), the lone value spread over its interval; a series with no positive value
 * (all zeros) forecasts 0. Forecasts are never negative.
 *
 * `update(history)` reruns the recursions on the new history (α is fixed, so that equals a refit).
 *
 * @example
 * crostonClassic().forecast(seriesFromArrays([{ id: 'a', y: [0, 3, 0, 0, 5, 0, 2] }]), 2)
 * // ẑ = 3.08, p̂ = 2.09: Float64Array [1.473684210526316, 1.473684210526316] (28/19 up to rounding)
 */
export function crostonClassic(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'CrostonClassic';
  return localModel({ type: 'CrostonClassic', alias, options: {} }, (y) => crostonFit(y, 'classic'));
}

/**
 * Croston with the Syntetos–Boylan approximation (Syntetos & Boylan 2005), statsforecast's `CrostonSBA`:
 * ŷ = (1 − α/2) ẑ / p̂ with α = 0.1, i.e. 0.95 × {@link crostonClassic}. Alias `CrostonSBA`. O(n).
 *
 * @example
 * crostonSba().forecast(seriesFromArrays([{ id: 'a', y: [0, 3, 0, 0, 5, 0, 2] }]), 1) // [1.4000000000000001] (0.95 × 28/19)
 */
export function crostonSba(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'CrostonSBA';
  return localModel({ type: 'CrostonSBA', alias, options: {} }, (y) => crostonFit(y, 'sba'));
}

/**
 * Croston with optimised smoothing (statsforecast's `CrostonOptimized`): as {@link crostonClassic}, but the demand
 * sizes' α (`alphaD`) and the intervals' α (`alphaI`) are chosen separately in [0.1, 0.3], each minimising the
 * in-sample one-step squared error of its own SES, SSE(α) = Σ_{k≥2} (x_k − ℓ_{k−1})² over that sequence x (sizes or
 * intervals; ℓ₁ = x₁), not the error on y. Golden-section search to 1e-10 with the bounds checked (statsforecast
 * uses SciPy's bounded Brent with its default tolerance 1e-5, so α can differ from it in the fifth decimal); ties go
 * to 0.1, e.g. for a sequence of fewer than 3 values, whose SSE does not depend on α. Alias `CrostonOptimized`.
 * O(n × iterations).
 *
 * `update(history)` keeps both α's and reruns the two recursions on the new history (a fit with no positive
 * demand estimated nothing, so its update estimates the α's on the new history).
 *
 * @example
 * crostonOptimized().forecast(seriesFromArrays([{ id: 'a', y: [1, 0, 3, 0, 0, 5] }]), 1)
 * // both SSEs fall on [0.1, 0.3], so both α's are 0.3: [1.4475138121546964] (2.62 / 1.81)
 */
export function crostonOptimized(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'CrostonOptimized';
  return localModel({ type: 'CrostonOptimized', alias, options: {} }, (y) => crostonFit(y, 'optimized'));
}

function tsbFit(y: Float64Array, alphaD: number, alphaP: number): LocalFit {
  const { sizes } = decompose(y);
  const refit = (y2: Float64Array) => tsbFit(y2, alphaD, alphaP);
  if (sizes.length === 0) return flat(0, { alphaD, alphaP, probability: 0, size: 0 }, refit);
  const probability = sesLevel(
    Float64Array.from(y, (v) => (v !== 0 ? 1 : 0)),
    alphaP,
  );
  const size = sesLevel(sizes, alphaD);
  return flat(probability * size, { alphaD, alphaP, probability, size }, refit);
}

/**
 * Teunter–Syntetos–Babai (2011), statsforecast's `TSB`: SES with α = `alphaP` on the demand occurrence d(t) = 1 if
 * y(t) ≠ 0 else 0, updated every period, and SES with α = `alphaD` on the demand sizes z (values > 0), updated only
 * when a demand occurs; ŷ = d̂ × ẑ for every h. Both start at their first value (d̂₀ = d(0), ẑ₀ = z₁). A series with
 * no positive value forecasts 0. Alias `TSB`. O(n).
 *
 * `update(history)` reruns both recursions on the new history with the same α's (a refit, as the α's are given).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when alphaD or alphaP is not a number in [0, 1].
 * @example
 * tsb({ alphaD: 0.2, alphaP: 0.5 }).forecast(seriesFromArrays([{ id: 'a', y: [0, 3, 0, 0, 5, 0, 2] }]), 1)
 * // d̂ = 0.640625, ẑ = 3.12: [1.9987500000000002] (1.99875 up to rounding)
 */
export function tsb(options: { alphaD: number; alphaP: number; alias?: string }): ForecastModel {
  const { alphaD, alphaP } = options;
  for (const [name, v] of [
    ['alphaD', alphaD],
    ['alphaP', alphaP],
  ] as const)
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      throw invalidArgument('tsb', name, v, 'a number in [0, 1]', 'statsforecast has no default; 0.1–0.3 is usual.');
  const alias = options.alias ?? 'TSB';
  return localModel({ type: 'TSB', alias, options: { alphaD, alphaP } }, (y) => tsbFit(y, alphaD, alphaP));
}

/** The ADIDA forecast at aggregation level k with α (or α optimised on the bucket sums when undefined). */
function aggregateForecast(y: Float64Array, k: number, alpha?: number): { alpha: number; value: number } {
  const sums = bucketSums(y, k);
  const a = alpha ?? optimisedAlpha(sums);
  return { alpha: a, value: sesLevel(sums, a) / k };
}

function adidaFit(y: Float64Array, kept?: { aggregationLevel: number; alpha: number }): LocalFit {
  const k0 = kept?.aggregationLevel ?? meanIntervalLevel(y);
  if (k0 === 0) return flat(0, { aggregationLevel: 0 }, (y2) => adidaFit(y2)); // all zeros: nothing estimated
  const k = Math.min(k0, y.length); // a shorter new history than the level (never in crossValidation)
  const { alpha, value } = aggregateForecast(y, k, kept?.alpha);
  return flat(value, { aggregationLevel: k0, alpha }, (y2) => adidaFit(y2, { aggregationLevel: k0, alpha }));
}

/**
 * ADIDA, aggregate–disaggregate intermittent demand approach (Nikolopoulos et al. 2011), statsforecast's `ADIDA`:
 * k = round(mean inter-demand interval) (intervals as in {@link crostonClassic}, so the mean is (i_last + 1) / the
 * number of non-zero values; round half to even, as NumPy); the series is cut into non-overlapping buckets of k
 * periods aligned with its end (the first n mod k values are dropped); SES on the bucket sums, ℓ₁ = the first sum,
 * α in [0.1, 0.3] minimising the in-sample one-step SSE of the sums (statsforecast's bounds; see
 * {@link crostonOptimized} for the search); ŷ = ℓ / k for every h. An all-zero series forecasts 0. Alias `ADIDA`.
 * O(n × iterations).
 *
 * `update(history)` keeps k and α and reruns the aggregation and SES on the new history, buckets aligned with its
 * end (a fit on an all-zero history estimated nothing, so its update fits the new history).
 *
 * @example
 * adida().forecast(seriesFromArrays([{ id: 'a', y: [0, 3, 0, 0, 5, 0, 2] }]), 1)
 * // mean interval 7/3 → k = 2, sums [3, 5, 2], α = 0.1, ℓ = 3.08: [1.5400000000000003] (1.54 up to rounding)
 */
export function adida(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'ADIDA';
  return localModel({ type: 'ADIDA', alias, options: {} }, (y) => adidaFit(y));
}

function imapaFit(y: Float64Array, kept?: { alphas: number[] }): LocalFit {
  const levels = kept?.alphas.length ?? meanIntervalLevel(y);
  if (levels === 0) return flat(0, { aggregationLevels: 0 }, (y2) => imapaFit(y2)); // all zeros
  const alphas: number[] = [];
  let sum = 0;
  let used = 0;
  for (let k = 1; k <= levels; k++) {
    if (k > y.length) {
      alphas.push(kept ? kept.alphas[k - 1] : ALPHA_LO); // a shorter new history than the level: level skipped
      continue;
    }
    const f = aggregateForecast(y, k, kept?.alphas[k - 1]);
    alphas.push(f.alpha);
    sum += f.value;
    used++;
  }
  return flat(sum / used, { aggregationLevels: levels, alphas }, (y2) => imapaFit(y2, { alphas }));
}

/**
 * IMAPA, intermittent multiple aggregation prediction algorithm (Petropoulos & Kourentzes 2015), statsforecast's
 * `IMAPA`: the mean, over aggregation levels k = 1 … K with K = round(mean inter-demand interval) (as in
 * {@link adida}), of the ADIDA forecast at level k (buckets aligned with the end, SES with its own α in [0.1, 0.3]
 * on the bucket sums, level / k). An all-zero series forecasts 0. Alias `IMAPA`. O(n × K × iterations).
 *
 * `update(history)` keeps K and the K α's and reruns the aggregations on the new history.
 *
 * @example
 * imapa().forecast(seriesFromArrays([{ id: 'a', y: [0, 3, 0, 0, 5, 0, 2] }]), 1)
 * // K = 2: level 1 (α ≈ 0.17552 on y itself) and level 2 (ADIDA's 1.54) average to [1.3441044836505132]
 */
export function imapa(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'IMAPA';
  return localModel({ type: 'IMAPA', alias, options: {} }, (y) => imapaFit(y));
}
