import { invalidArgument } from '@retailkit/core';
import type { CrossValidationResult } from './cross-validation.js';
import { checkPositiveInt } from './errors.js';
import { tailMeanAbs } from './internal/tail-mean-abs.js';
import type { SeriesData } from './series-data.js';

/** Options of {@link conformalIntervals}. */
export interface ConformalOptions {
  /** Nominal coverage L in (0, 1). Default 0.9. */
  readonly level?: number;
  /**
   * `'none'` (default): scores are absolute residuals |y − ŷ|, pooled across series — right when every series has
   * the same scale. `'series'`: scale-free scores |y − ŷ| / s, where s is the mean |y| of the `windowSize`
   * observations of that series before the window's cutoff (1 when 0); the half-width of a forecast is then
   * q · s(T) with s(T) measured the same way at its own origin (see {@link intervalHalfWidths}). Pooling absolute
   * residuals of series whose scales differ by orders of magnitude gives intervals too wide for small series and
   * far too narrow for large ones.
   */
  readonly scale?: 'none' | 'series';
  /**
   * Exponent γ of the scale with `scale: 'series'`: scores |y − ŷ| / s^γ and half-widths q · s(T)^γ. 1 (default):
   * errors proportional to the level; 0: absolute residuals; between, errors that grow more slowly than the level
   * (counts: γ ≈ 0.5 for Poisson noise). `'fit'`: γ is the OLS slope of log|y − ŷ| on log s over the backtest
   * residuals with |y − ŷ| > 0, clamped to [0, 1] — read from the backtest only, like the quantiles.
   */
  readonly scalePower?: number | 'fit';
  /** The data the backtest ran on (required for `scale: 'series'`: the scale is read before each cutoff). */
  readonly data?: SeriesData;
  /** Observations in the scale s. Default 8. */
  readonly windowSize?: number;
  /**
   * `'step'`: one quantile per horizon step (Nixtla's default); `'all'`: one quantile of the scores of every step;
   * `'auto'` (default): per step when each step has at least ⌈L / (1 − L)⌉ scores (so the conformal rank
   * ⌈(k + 1)·L⌉ is at most k), otherwise pooled over all steps.
   */
  readonly pool?: 'step' | 'all' | 'auto';
  /**
   * Per-step half-widths made non-decreasing in h (a running maximum: q'(h) = max(q(1), …, q(h))), so an interval
   * never narrows further ahead; it widens where the residuals of later steps say so. Default false.
   */
  readonly monotone?: boolean;
}

/** Conformal half-widths per horizon step, in the units of y (`scale: 'none'`) or of the series scale. */
export interface ConformalIntervals {
  readonly level: number;
  /** Half-width per step h = 1..horizon (multiples of the series scale when `scale` is `'series'`). */
  readonly halfWidth: Float64Array;
  /** Scores behind each half-width (per step, or in the whole pool). */
  readonly samples: number;
  readonly scale: 'none' | 'series';
  readonly windowSize: number;
  /** The exponent γ of the scale (1 unless `scalePower` said otherwise; 0 unused without a scale). */
  readonly scalePower: number;
  readonly pooled: boolean;
}

/**
 * Split-conformal prediction intervals (as Nixtla's `ConformalIntervals`) from the backtest windows of `model`.
 * Scores e = |y − ŷ| (or |y − ŷ| / s^γ per series, see `scale` and `scalePower`); the half-width at level L is the ⌈(k + 1)·L⌉-th
 * smallest of the k scores (the finite-sample conformal quantile, no interpolation; the largest when k is too
 * small). Interval: ŷ ± half-width (× s(T) when scaled). With k exchangeable scores and a new one, the interval covers
 * it with probability ≥ L (and < L + 1/(k + 1) without ties). O(size log size).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a level outside (0, 1), an unknown model, `scale: 'series'`
 *   without `data`, or a `scalePower` outside [0, 1].
 * @example
 * // one series, residuals |y − ŷ| of 10 windows at step 1: 1…10 → rank ⌈11 · 0.9⌉ = 10 → half-width 10
 * conformalIntervals(cv, 'Naive', { level: 0.9 }).halfWidth // Float64Array [10]
 */
export function conformalIntervals(
  cv: CrossValidationResult,
  model: string,
  options: ConformalOptions = {},
): ConformalIntervals {
  const fn = 'conformalIntervals';
  const level = options.level ?? 0.9;
  if (!(level > 0 && level < 1)) throw invalidArgument(fn, 'level', level, 'in (0, 1)');
  const f = cv.forecasts[model];
  if (!f) throw invalidArgument(fn, 'model', model, `one of ${Object.keys(cv.forecasts).join(', ')}`);
  const scale = options.scale ?? 'none';
  if (scale !== 'none' && scale !== 'series') throw invalidArgument(fn, 'scale', scale, "'none' or 'series'");
  const windowSize = checkPositiveInt(fn, 'windowSize', options.windowSize ?? 8);
  const data = options.data;
  if (scale === 'series' && !data)
    throw invalidArgument(
      fn,
      'data',
      undefined,
      'the SeriesData the backtest ran on',
      "Pass { data } or scale 'none'.",
    );
  const power = options.scalePower ?? 1;
  if (!(power === 'fit' || (typeof power === 'number' && power >= 0 && power <= 1)))
    throw invalidArgument(fn, 'scalePower', power, "a number in [0, 1] or 'fit'");
  const H = cv.horizon;
  const W = cv.windows;
  const S = cv.ids.length;
  // the scale before each window's cutoff, per series and window
  const scales = new Float64Array(S * W).fill(1);
  if (scale === 'series' && data)
    for (let i = 0; i < S; i++)
      for (let w = 0; w < W; w++) {
        const base = data.offsets[i];
        scales[i * W + w] = tailMeanAbs(data.y, base, base + cv.cutoffs[i * W + w], windowSize);
      }
  const gamma = scale === 'none' ? 0 : power === 'fit' ? fitScalePower(cv, f, scales) : power;
  const perStep: number[][] = Array.from({ length: H }, () => []);
  for (let i = 0; i < S; i++) {
    for (let w = 0; w < W; w++) {
      const s = gamma === 1 ? scales[i * W + w] : scales[i * W + w] ** gamma;
      for (let h = 0; h < H; h++) {
        const o = (i * W + w) * H + h;
        const e = Math.abs(cv.actual[o] - f[o]) / s;
        if (!Number.isNaN(e)) perStep[h].push(e);
      }
    }
  }
  const pool = options.pool ?? 'auto';
  const minK = Math.ceil(level / (1 - level) - 1e-9);
  const pooled = pool === 'all' || (pool === 'auto' && perStep.some((p) => p.length < minK));
  const halfWidth = new Float64Array(H);
  let samples = 0;
  if (pooled) {
    const all = perStep.flat();
    halfWidth.fill(conformalQuantile(all, level));
    samples = all.length;
  } else
    for (let h = 0; h < H; h++) {
      halfWidth[h] = conformalQuantile(perStep[h], level);
      if (options.monotone && h > 0 && halfWidth[h - 1] > halfWidth[h]) halfWidth[h] = halfWidth[h - 1];
      samples = perStep[h].length;
    }
  return { level, halfWidth, samples, scale, windowSize, scalePower: gamma, pooled };
}

/** OLS slope of log|e| on log s over the scores with e > 0 (one scale per series and window), clamped to [0, 1]. */
function fitScalePower(cv: CrossValidationResult, f: Float64Array, scales: Float64Array): number {
  const H = cv.horizon;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let k = 0; k < scales.length; k++) {
    const x = Math.log(scales[k]);
    for (let h = 0; h < H; h++) {
      const e = Math.abs(cv.actual[k * H + h] - f[k * H + h]);
      if (!(e > 0)) continue;
      const y = Math.log(e);
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
  }
  const den = n * sxx - sx * sx;
  if (!(n > 1 && den > 0)) return 1;
  return Math.min(1, Math.max(0, (n * sxy - sx * sy) / den));
}

/** The ⌈(k + 1)·L⌉-th smallest of k scores (the largest when the rank exceeds k; NaN when k = 0). */
function conformalQuantile(scores: number[], level: number): number {
  const k = scores.length;
  if (k === 0) return Number.NaN;
  const sorted = Float64Array.from(scores).sort();
  return sorted[Math.min(k, Math.ceil((k + 1) * level - 1e-9)) - 1];
}
