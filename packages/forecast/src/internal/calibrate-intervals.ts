import { type ConformalIntervals, conformalIntervals } from '../conformal-intervals.js';
import { crossValidation } from '../cross-validation.js';
import type { ForecastModel } from '../models/model.js';
import type { SeriesData } from '../series-data.js';

/** Scores per step below which the quantile is pooled over steps. */
const MIN_SCORES_PER_STEP = 100;

/** How {@link calibrateIntervals} calibrates, for the report's `intervals.method`. */
export interface IntervalCalibration {
  readonly intervals: ConformalIntervals;
  readonly windows: number;
  readonly step: number;
  readonly method: string;
}

/**
 * Conformal intervals of `fitForecaster`, calibrated on a backtest of the chosen model alone, separate from (and
 * with more origins than) the selection backtest: origins every season (step m), from the last one whose window ends
 * with the training rows back to the first that leaves half the training rows as history (at least `minWindows`
 * origins; earlier ones with too little history are skipped), horizon
 * `horizon`, parameters refitted every 4th origin and only updated in between. Scores |y − ŷ| / s with s the mean
 * |y| of the 4·m observations before each origin; one conformal quantile per step, made non-decreasing over
 * steps, when every step has at least 100 scores (and enough for the level), else one quantile pooled over all
 * steps. Only training rows are read.
 */
export function calibrateIntervals(
  train: SeriesData,
  chosen: ForecastModel,
  options: { level: number; horizon: number; seasonLength: number; minWindows: number },
): IntervalCalibration {
  const { level, horizon, seasonLength: m, minWindows } = options;
  const n = train.offsets[1] - train.offsets[0];
  const step = m;
  // every calibration fit sees at least half the training rows, as a deployed fit sees all of them: origins with
  // little history forecast far worse than the model will, and would widen every interval
  const minTrain = Math.max(1, Math.ceil(n / 2));
  const windows = Math.max(minWindows, Math.floor((n - horizon - minTrain) / step) + 1);
  const cv = crossValidation(train, [chosen], {
    horizon,
    windows,
    step,
    refit: 4,
    minTrain: Math.min(minTrain, n - 1),
  });
  const windowSize = 4 * m;
  // per step only with many scores per step: a running maximum of per-step quantiles from few scores each is the
  // maximum of noisy estimates, biased upward (with 11 scores per step over 61 steps it doubles the width)
  const perStep = windows * train.ids.length >= MIN_SCORES_PER_STEP;
  const intervals = conformalIntervals(cv, chosen.alias, {
    level,
    scale: 'series',
    data: train,
    windowSize,
    pool: perStep ? 'auto' : 'all',
    monotone: true,
  });
  const method = `split conformal from a backtest of the chosen model at ${windows} origins ${step} rows apart inside the training rows: quantile of |residual| / (mean |y| of the ${windowSize} observations before the origin), ${intervals.pooled ? 'pooled over steps' : 'per step, non-decreasing over steps'}`;
  return { intervals, windows, step, method };
}
