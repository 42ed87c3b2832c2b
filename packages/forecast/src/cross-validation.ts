import { invalidArgument } from '@retailkit/core';
import { checkPositiveInt, checkUniqueAliases } from './errors.js';
import { selectSeries, truncateSeries } from './internal/series-subsets.js';
import type { FittedModel, ForecastModel } from './models/model.js';
import type { SeriesData } from './series-data.js';

/** Options of {@link crossValidation} (Nixtla's `cross_validation`). */
export interface CrossValidationOptions {
  /** Steps forecast from each cutoff. */
  readonly horizon: number;
  /** Number of cutoffs (windows). Default 1. */
  readonly windows?: number;
  /** Observations between consecutive cutoffs. Default `horizon`. */
  readonly step?: number;
  /**
   * Nixtla's `refit`. `true` (default): every window is a fresh fit on the data before its cutoff. `false`: fit once,
   * on the first window's training data; later windows keep those parameters and only extend the history to their
   * own cutoff (`FittedModel.update`). An integer n ≥ 1: refit on windows 0, n, 2n, …, update in between
   * (`refit: 1` is `true`). Either way a window's forecast uses data before its cutoff only.
   */
  readonly refit?: boolean | number;
  /** Minimum training length; windows whose cutoff leaves fewer observations are skipped (NaN). Default 2. */
  readonly minTrain?: number;
}

/** Backtest forecasts laid out as [series][window][step]. */
export interface CrossValidationResult {
  readonly ids: readonly string[];
  readonly horizon: number;
  readonly windows: number;
  /** Training length (cutoff index) per series and window: the fit saw y[0 .. cutoff). */
  readonly cutoffs: Int32Array;
  /** Actual values, series-major: index ((i · windows) + w) · horizon + h. NaN where the window was skipped. */
  readonly actual: Float64Array;
  /** Forecast dates, same layout. */
  readonly ds: Float64Array;
  /** Forecasts per model alias, same layout. */
  readonly forecasts: Readonly<Record<string, Float64Array>>;
  /** Per window: whether the models were refitted there (`false`: parameters of the last refit, history updated). */
  readonly refitted: readonly boolean[];
}

/**
 * Rolling-origin cross-validation: for window w = 0…windows−1 the cutoff of a series of length n is
 * n − horizon − step·(windows − 1 − w); every model is fitted on y[0 .. cutoff) only (or, with `refit: false | n`,
 * keeps the parameters of an earlier window's fit and reads the history up to this cutoff) and forecasts `horizon`
 * steps, compared with y[cutoff .. cutoff + horizon). Models never see data at or after their cutoff.
 * O(refitted windows × cost of fit + other windows × cost of an update).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for bad horizon/windows/step/refit, or `refit: false | n` with a model
 *   whose fits have no `FittedModel.update` (every built-in model has one; a user-defined model may not);
 *   `FORECAST_DUPLICATE_ALIAS` for repeated aliases.
 * @example
 * const cv = crossValidation(seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4, 5, 6, 7, 8] }]), [naive()], {
 *   horizon: 2,
 *   windows: 2,
 * });
 * cv.cutoffs // Int32Array [4, 6]
 * cv.actual // Float64Array [5, 6, 7, 8]
 * cv.forecasts.Naive // Float64Array [4, 4, 6, 6]
 */
export function crossValidation(
  data: SeriesData,
  models: readonly ForecastModel[],
  options: CrossValidationOptions,
): CrossValidationResult {
  const fn = 'crossValidation';
  const horizon = checkPositiveInt(fn, 'horizon', options.horizon);
  const windows = checkPositiveInt(fn, 'windows', options.windows ?? 1);
  const step = checkPositiveInt(fn, 'step', options.step ?? horizon);
  const refit = options.refit ?? true;
  const every = refit === true ? 1 : refit === false ? Number.POSITIVE_INFINITY : checkPositiveInt(fn, 'refit', refit);
  const minTrain = checkPositiveInt(fn, 'minTrain', options.minTrain ?? 2);
  checkUniqueAliases(fn, models);
  const S = data.ids.length;
  const size = S * windows * horizon;
  const actual = new Float64Array(size).fill(Number.NaN);
  const ds = new Float64Array(size).fill(Number.NaN);
  const forecasts: Record<string, Float64Array> = {};
  for (const m of models) forecasts[m.alias] = new Float64Array(size).fill(Number.NaN);
  const cutoffs = new Int32Array(S * windows);
  const refitted: boolean[] = [];
  const last = new Map<string, FittedModel>();
  for (let w = 0; w < windows; w++) {
    const doFit = w % every === 0 || last.size === 0;
    const back = horizon + step * (windows - 1 - w);
    const keep: number[] = [];
    for (let i = 0; i < S; i++) {
      const len = data.offsets[i + 1] - data.offsets[i];
      const cut = len - back;
      cutoffs[i * windows + w] = cut;
      if (cut >= minTrain) keep.push(i);
    }
    refitted.push(doFit && keep.length > 0);
    if (keep.length === 0) continue;
    const train = truncateSeries(data, (_i, len) => len - back);
    // series too short for this window are dropped from the fit
    const sub = keep.length === S ? train : selectSeries(train, keep);
    for (let k = 0; k < keep.length; k++) {
      const i = keep[k];
      const cut = cutoffs[i * windows + w];
      const base = data.offsets[i];
      const len = data.offsets[i + 1] - base;
      for (let h = 0; h < horizon; h++) {
        const t = cut + h;
        const o = (i * windows + w) * horizon + h;
        if (t < len) {
          actual[o] = data.y[base + t];
          ds[o] = data.ds[base + t];
        }
      }
    }
    for (const m of models) {
      let fitted: FittedModel;
      if (doFit) fitted = m.fit(sub);
      else {
        const prev = last.get(m.alias) as FittedModel;
        if (!prev.update)
          throw invalidArgument(
            fn,
            'refit',
            refit,
            `true for model "${m.alias}"`,
            `${m.alias} cannot update its history without refitting (no FittedModel.update).`,
          );
        fitted = prev.update(sub);
      }
      if (doFit) last.set(m.alias, fitted);
      const pred = fitted.predict(horizon);
      const out = forecasts[m.alias];
      for (let k = 0; k < keep.length; k++) {
        const i = keep[k];
        for (let h = 0; h < horizon; h++) out[(i * windows + w) * horizon + h] = pred[k * horizon + h];
      }
    }
  }
  return { ids: data.ids, horizon, windows, cutoffs, actual, ds, forecasts, refitted };
}
