import { nonFinite, seriesTooShort } from '../errors.js';
import { futureDates } from '../internal/calendar.js';
import type { Freq, SeriesData, TradingCalendar } from '../series-data.js';

/** A model described as data: its `type`, its options and its alias. Recreated with `createModel`. */
export interface ModelSpec {
  readonly type: string;
  readonly alias: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Every forecasting model has this shape (like statsforecast): a unique `alias`, `fit(data)` returning an immutable
 * fitted model, and `forecast(data, horizon)` which equals `fit(data).predict(horizon)`.
 */
export interface ForecastModel {
  readonly alias: string;
  readonly spec: ModelSpec;
  fit(data: SeriesData): FittedModel;
  forecast(data: SeriesData, horizon: number): Float64Array;
}

/** A fitted model: forecasts of every training series, series-major (`horizon` values per series). */
export interface FittedModel {
  readonly alias: string;
  readonly ids: readonly string[];
  /**
   * Forecasts, series-major. `future`: planned exogenous paths by column name (`horizon` values per series,
   * series-major), read by models with regressors (`arimax`); others ignore it.
   */
  predict(horizon: number, future?: Readonly<Record<string, ArrayLike<number>>>): Float64Array;
  /** Fitted parameters per series (JSON-friendly). */
  readonly params: readonly Readonly<Record<string, unknown>>[];
  /**
   * The same fitted parameters with the history replaced by `data` (typically the training data extended by later
   * observations): forecasts then start at the end of `data` and nothing is re-estimated (Nixtla's `forward`, used
   * by `crossValidation` with `refit: false | n`). Absent when the model cannot do that.
   */
  update?(data: SeriesData): FittedModel;
}

/** What a local (per-series) fitter sees besides the values. */
export interface LocalContext {
  readonly ds: Float64Array;
  readonly freq: Freq;
  readonly calendar: TradingCalendar;
  /** Dates of the next `horizon` periods after the series' end (respecting the calendar). */
  futureDs(horizon: number): Float64Array;
}

/** One series' fit. */
export interface LocalFit {
  predict(horizon: number): Float64Array;
  readonly params: Readonly<Record<string, unknown>>;
  /** The same parameters run over a new history of this series (see {@link FittedModel.update}). */
  update?(y: Float64Array, ctx: LocalContext): LocalFit;
}

/**
 * Fits are pure functions of (spec, data), so they are memoised per data object (a WeakMap, released with the data)
 * and spec: an ensemble whose members are also candidates on their own, or several ensembles sharing members, fit
 * each member once per backtest window. A checksum of the values and dates guards against data mutated in place.
 */
const fitCache = new WeakMap<SeriesData, Map<string, { sum: number; fitted: FittedModel }>>();

function checksum(data: SeriesData): number {
  let s = data.ids.length;
  for (let i = 0; i < data.y.length; i++) s += (data.y[i] * ((i % 97) + 1) + data.ds[i] * 1e-9) / (i + 1);
  for (let i = 0; i < data.offsets.length; i++) s += data.offsets[i] * (i + 1);
  return s;
}

/**
 * `fit(data)` memoised per data object and spec key (see `fitCache`), guarded: the data is checked first (every
 * series has at least `minLength` observations, every value is finite) and the fitted model's forecasts are checked
 * at each `predict` (see {@link checkFitData} and {@link guardForecasts}), so no model returns NaN or ±Infinity.
 */
export function memoisedFit(
  spec: ModelSpec,
  fit: (data: SeriesData) => FittedModel,
  minLength = 1,
): (data: SeriesData) => FittedModel {
  const key = JSON.stringify(spec);
  return (data) => {
    checkFitData(spec.alias, data, minLength);
    let m = fitCache.get(data);
    if (!m) {
      m = new Map();
      fitCache.set(data, m);
    }
    const sum = checksum(data);
    const hit = m.get(key);
    if (hit && hit.sum === sum) return hit.fitted;
    const fitted = guardForecasts(spec.alias, fit(data), minLength);
    m.set(key, { sum, fitted });
    return fitted;
  };
}

/**
 * Check the data a model fits on (or updates its history with): every series has at least `minLength`
 * observations and only finite values. O(values).
 *
 * @throws RetailKitError `FORECAST_SERIES_TOO_SHORT` for a shorter series, `FORECAST_NON_FINITE` for NaN or ±Infinity.
 */
export function checkFitData(alias: string, data: SeriesData, minLength: number): void {
  const fn = `${alias}.fit`;
  for (let i = 0; i < data.ids.length; i++) {
    const from = data.offsets[i];
    const to = data.offsets[i + 1];
    if (to - from < minLength)
      throw seriesTooShort(
        fn,
        to - from,
        minLength,
        `Series "${data.ids[i]}" is too short for ${alias}: drop it, or use a model for short series (Naive needs 1).`,
      );
    for (let k = from; k < to; k++)
      if (!Number.isFinite(data.y[k]))
        throw nonFinite(fn, data.ids[i], k - from, data.y[k], 'Drop or impute missing and infinite values first.');
  }
}

/**
 * The fitted model with its forecasts checked at each `predict`: a forecast that overflowed (finite but huge
 * values) raises `FORECAST_NON_FINITE` instead of returning ±Infinity or NaN. Its `update` checks the new history.
 */
function guardForecasts(alias: string, fitted: FittedModel, minLength: number): FittedModel {
  const guarded: FittedModel = {
    alias: fitted.alias,
    ids: fitted.ids,
    params: fitted.params,
    predict(horizon: number, future?: Readonly<Record<string, ArrayLike<number>>>): Float64Array {
      const out = fitted.predict(horizon, future);
      for (let k = 0; k < out.length; k++)
        if (!Number.isFinite(out[k]))
          throw nonFinite(
            `${alias}.predict`,
            fitted.ids[Math.floor(k / horizon)],
            k % horizon,
            out[k],
            'The forecast overflowed: rescale the series (e.g. divide it by 1e6) and scale the forecast back.',
          );
      return out;
    },
  };
  const update = fitted.update;
  if (update)
    guarded.update = (next: SeriesData): FittedModel => {
      checkFitData(alias, next, minLength);
      return guardForecasts(alias, update(next), minLength);
    };
  return Object.freeze(guarded);
}

/**
 * Wrap a per-series fitter into a {@link ForecastModel}. Every series needs at least `minLength` observations
 * (default 1) and finite values; fits are memoised and guarded (see {@link memoisedFit}).
 * `stateless: true` declares a model with no estimated parameters (its forecast is a fixed function of the
 * history, e.g. Naive), so updating it on a new history is the same as fitting it there. Otherwise
 * `FittedModel.update` needs every series' `LocalFit.update`. A series absent from the original fit is fitted.
 */
export function localModel(
  spec: ModelSpec,
  fitOne: (y: Float64Array, ctx: LocalContext) => LocalFit,
  options: { stateless?: boolean; minLength?: number } = {},
): ForecastModel {
  const contextOf = (data: SeriesData, i: number): { y: Float64Array; ctx: LocalContext } => {
    const y = data.y.subarray(data.offsets[i], data.offsets[i + 1]);
    const ds = data.ds.subarray(data.offsets[i], data.offsets[i + 1]);
    const last = ds.length > 0 ? ds[ds.length - 1] : 0;
    const ctx: LocalContext = {
      ds,
      freq: data.freq,
      calendar: data.calendar,
      futureDs: (h) => futureDates(last, h, data.freq, data.calendar),
    };
    return { y, ctx };
  };
  const build = (data: SeriesData, fits: LocalFit[]): FittedModel => {
    const canUpdate = options.stateless || fits.every((f) => f.update);
    const fitted: FittedModel = {
      alias: spec.alias,
      ids: data.ids,
      params: fits.map((f) => f.params),
      predict(horizon: number): Float64Array {
        const out = new Float64Array(fits.length * horizon);
        for (let i = 0; i < fits.length; i++) out.set(fits[i].predict(horizon), i * horizon);
        return out;
      },
    };
    if (canUpdate)
      fitted.update = (next: SeriesData): FittedModel => {
        const index = new Map(data.ids.map((id, i) => [id, i]));
        const nextFits: LocalFit[] = [];
        for (let i = 0; i < next.ids.length; i++) {
          const { y, ctx } = contextOf(next, i);
          const k = index.get(next.ids[i]);
          const prev = k === undefined ? undefined : fits[k];
          if (prev?.update) nextFits.push(prev.update(y, ctx));
          else nextFits.push(fitOne(y, ctx)); // stateless, or a series the original fit did not have
        }
        return build(next, nextFits);
      };
    return Object.freeze(fitted);
  };
  const fitRaw = (data: SeriesData): FittedModel => {
    const fits: LocalFit[] = [];
    for (let i = 0; i < data.ids.length; i++) {
      const { y, ctx } = contextOf(data, i);
      fits.push(fitOne(y, ctx));
    }
    return build(data, fits);
  };
  const fit = memoisedFit(spec, fitRaw, options.minLength);
  return Object.freeze({
    alias: spec.alias,
    spec,
    fit,
    forecast: (data: SeriesData, h: number) => fit(data).predict(h),
  });
}

/** A constant forecast. */
export function constant(value: number, h: number): Float64Array {
  return new Float64Array(h).fill(value);
}
