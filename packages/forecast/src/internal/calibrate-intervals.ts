import { type ConformalIntervals, conformalIntervals } from '../conformal-intervals.js';
import { crossValidation } from '../cross-validation.js';
import type { ForecastModel } from '../models/model.js';
import type { SeriesData } from '../series-data.js';

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
 * with the training rows back to the first that leaves 3 seasons of history (at least `minWindows`), horizon
 * `horizon`, parameters refitted every 4th origin and only updated in between. Scores |y − ŷ| / s with s the mean
 * |y| of the 4·m observations before each origin; one conformal quantile per step when every step has enough scores
 * for the level (else pooled), made non-decreasing over steps. Only training rows are read.
 */
export function calibrateIntervals(
  train: SeriesData,
  chosen: ForecastModel,
  options: { level: number; horizon: number; seasonLength: number; minWindows: number },
): IntervalCalibration {
  const { level, horizon, seasonLength: m, minWindows } = options;
  const n = train.offsets[1] - train.offsets[0];
  const step = m;
  const windows = Math.max(minWindows, Math.floor((n - horizon - 3 * m) / step) + 1);
  const cv = crossValidation(train, [chosen], { horizon, windows, step, refit: 4, minTrain: Math.min(3 * m, n - 1) });
  const windowSize = 4 * m;
  const intervals = conformalIntervals(cv, chosen.alias, {
    level,
    scale: 'series',
    data: train,
    windowSize,
    monotone: true,
  });
  const method = `split conformal from a backtest of the chosen model at ${windows} origins ${step} rows apart inside the training rows: quantile of |residual| / (mean |y| of the ${windowSize} observations before the origin), ${intervals.pooled ? 'pooled over steps' : 'per step, non-decreasing over steps'}`;
  return { intervals, windows, step, method };
}
