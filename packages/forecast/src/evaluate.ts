import { invalidArgument } from '@retailkit/core';
import type { CrossValidationResult } from './cross-validation.js';
import { bias, mae, mape, rmse, smape, wape } from './metrics.js';

/** Scores of one model over a backtest (all series and windows pooled). */
export interface ModelScore {
  readonly model: string;
  readonly rmse: number;
  readonly mae: number;
  readonly mape: number;
  readonly smape: number;
  readonly wape: number;
  readonly bias: number;
  /** MASE: MAE over the in-sample seasonal-naive MAE of the series (pooled scale, see {@link scoreBacktest}). */
  readonly mase: number;
}

/**
 * Score every model of a backtest. `mase` divides by the seasonal-naive MAE of `insample` (one pooled scale), if
 * given. O(size × models).
 *
 * @example
 * // cv: Naive and HistoricAverage on y = 1 … 8, horizon 2, 2 windows (actual [5, 6, 7, 8], Naive [4, 4, 6, 6])
 * scoreBacktest(cv)[0]
 * // { model: 'Naive', rmse: 1.5811388300841898, mae: 1.5, mape: 0.23154761904761906, smape: 0.26544566544566545,
 * //   wape: 0.23076923076923078, bias: -1.5, mase: NaN }
 */
export function scoreBacktest(cv: CrossValidationResult, options: { naiveMae?: number } = {}): ModelScore[] {
  return Object.entries(cv.forecasts).map(([model, f]) => ({
    model,
    rmse: rmse(cv.actual, f),
    mae: mae(cv.actual, f),
    mape: mape(cv.actual, f),
    smape: smape(cv.actual, f),
    wape: wape(cv.actual, f),
    bias: bias(cv.actual, f),
    mase: options.naiveMae ? mae(cv.actual, f) / options.naiveMae : Number.NaN,
  }));
}

/** The choice of a model and why. */
export interface Selection {
  readonly model: string;
  readonly reason: string;
  readonly ranking: readonly { model: string; score: number }[];
}

/**
 * Pick the model with the lowest backtest score — never the test window. `metric` is one metric, or `'rmse+mape'`:
 * the mean of RMSE and MAPE each divided by their value for the `reference` model (default the first), so both
 * matter equally. Ties go to the earlier model. `candidates` limits the choice to some models.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when no model has a finite score (e.g. `'rmse+mape'` with a reference
 *   whose RMSE or MAPE is 0).
 *
 * @example
 * selectModel(scoreBacktest(cv), { metric: 'rmse' }).reason // 'lowest backtest rmse: 1.5811 vs 3.5707 for HistoricAverage'
 */
export function selectModel(
  scores: readonly ModelScore[],
  options: {
    metric?: 'rmse' | 'mae' | 'mape' | 'smape' | 'wape' | 'rmse+mape';
    reference?: string;
    candidates?: readonly string[];
  } = {},
): Selection {
  const metric = options.metric ?? 'rmse';
  const pool = options.candidates ? scores.filter((s) => options.candidates?.includes(s.model)) : scores;
  const ref = scores.find((s) => s.model === options.reference) ?? scores[0];
  const value = (s: ModelScore): number =>
    metric === 'rmse+mape' ? (s.rmse / ref.rmse + s.mape / ref.mape) / 2 : (s[metric] as number);
  const ranking = pool
    .map((s) => ({ model: s.model, score: value(s) }))
    .filter((r) => Number.isFinite(r.score))
    .sort((a, b) => a.score - b.score);
  const best = ranking[0];
  if (!best)
    throw invalidArgument(
      'selectModel',
      'scores',
      pool.map((s) => s.model),
      'at least one model with a finite score',
      metric === 'rmse+mape'
        ? `Relative scores divide by ${ref?.model ?? 'the reference'}'s RMSE and MAPE, which must be finite and non-zero; pick another metric or reference.`
        : 'Check the backtest: every forecast or actual value is missing.',
    );
  const second = ranking[1];
  const reason =
    metric === 'rmse+mape'
      ? `lowest backtest score (mean of RMSE and MAPE relative to ${ref.model}): ${best.score.toFixed(4)}${second ? ` vs ${second.score.toFixed(4)} for ${second.model}` : ''}`
      : `lowest backtest ${metric}: ${best.score.toFixed(4)}${second ? ` vs ${second.score.toFixed(4)} for ${second.model}` : ''}`;
  return { model: best.model, reason, ranking };
}

/**
 * Empirical coverage: the share of actual values inside [ŷ − w, ŷ + w], skipping NaN pairs. `halfWidth` holds one
 * width per horizon step (applied as w[i mod H]) or one per value (length = actual.length). O(n).
 *
 * @example
 * coverage([1, 5], [1, 1], [2]) // 0.5
 */
export function coverage(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  halfWidth: ArrayLike<number>,
): number {
  let inside = 0;
  let n = 0;
  const H = halfWidth.length;
  for (let i = 0; i < actual.length; i++) {
    if (Number.isNaN(actual[i]) || Number.isNaN(predicted[i])) continue;
    n++;
    if (Math.abs(actual[i] - predicted[i]) <= halfWidth[i % H]) inside++;
  }
  return n ? inside / n : Number.NaN;
}
