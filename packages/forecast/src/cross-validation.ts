import { RetailKitError } from '@retailkit/core';
import { checkPositiveInt, invalidArgument } from './errors.js';
import { type SeriesData, truncateSeries } from './internal/series-data.js';
import type { ForecastModel } from './models/model.js';

/** Options of {@link crossValidation} (Nixtla's `cross_validation`). */
export interface CrossValidationOptions {
  /** Steps forecast from each cutoff. */
  readonly horizon: number;
  /** Number of cutoffs (windows). Default 1. */
  readonly windows?: number;
  /** Observations between consecutive cutoffs. Default `horizon`. */
  readonly step?: number;
  /**
   * Refit at every cutoff (`true`, default). Only `true` is supported: every window is a fresh fit on the data up to
   * its cutoff, which is what makes the no-look-ahead guarantee trivial to check.
   */
  readonly refit?: true;
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
}

/**
 * Rolling-origin cross-validation: for window w = 0…windows−1 the cutoff of a series of length n is
 * n − horizon − step·(windows − 1 − w); every model is fitted on y[0 .. cutoff) only and forecasts `horizon`
 * steps, compared with y[cutoff .. cutoff + horizon). Models never see data at or after their cutoff.
 * O(windows × cost of fit).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for bad horizon/windows/step; `FORECAST_DUPLICATE_ALIAS` for repeated aliases.
 * @example
 * const cv = crossValidation(series, [naive(), seasonalNaive({ seasonLength: 7 })], { horizon: 7, windows: 3 });
 * cv.forecasts.Naive // Float64Array of series × 3 × 7
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
  if (options.refit !== undefined && options.refit !== true)
    throw invalidArgument(fn, 'refit', options.refit, 'true', 'Every window is refitted; omit refit.');
  const minTrain = checkPositiveInt(fn, 'minTrain', options.minTrain ?? 2);
  const aliases = new Set<string>();
  for (const m of models) {
    if (aliases.has(m.alias))
      throw new RetailKitError(
        'FORECAST_DUPLICATE_ALIAS',
        `${fn}: two models share the alias "${m.alias}". Pass { alias } to one of them.`,
        {
          details: { alias: m.alias },
        },
      );
    aliases.add(m.alias);
  }
  const S = data.ids.length;
  const size = S * windows * horizon;
  const actual = new Float64Array(size).fill(Number.NaN);
  const ds = new Float64Array(size).fill(Number.NaN);
  const forecasts: Record<string, Float64Array> = {};
  for (const m of models) forecasts[m.alias] = new Float64Array(size).fill(Number.NaN);
  const cutoffs = new Int32Array(S * windows);
  for (let w = 0; w < windows; w++) {
    const back = horizon + step * (windows - 1 - w);
    const keep: number[] = [];
    for (let i = 0; i < S; i++) {
      const len = data.offsets[i + 1] - data.offsets[i];
      const cut = len - back;
      cutoffs[i * windows + w] = cut;
      if (cut >= minTrain) keep.push(i);
    }
    if (keep.length === 0) continue;
    const train = truncateSeries(data, (_i, len) => len - back);
    // series too short for this window are dropped from the fit
    const sub = keep.length === S ? train : subset(train, keep);
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
      const pred = m.forecast(sub, horizon);
      const out = forecasts[m.alias];
      for (let k = 0; k < keep.length; k++) {
        const i = keep[k];
        for (let h = 0; h < horizon; h++) out[(i * windows + w) * horizon + h] = pred[k * horizon + h];
      }
    }
  }
  return { ids: data.ids, horizon, windows, cutoffs, actual, ds, forecasts };
}

function subset(data: SeriesData, keep: number[]): SeriesData {
  const offsets = new Int32Array(keep.length + 1);
  for (let k = 0; k < keep.length; k++) offsets[k + 1] = offsets[k] + data.offsets[keep[k] + 1] - data.offsets[keep[k]];
  const y = new Float64Array(offsets[keep.length]);
  const ds = new Float64Array(offsets[keep.length]);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k];
    y.set(data.y.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
    ds.set(data.ds.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
  }
  return { ...data, ids: keep.map((i) => data.ids[i]), offsets, y, ds };
}
