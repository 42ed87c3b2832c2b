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
  predict(horizon: number): Float64Array;
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

/** `fit(data)` memoised per data object and spec key (see `fitCache`). */
export function memoisedFit(
  spec: ModelSpec,
  fit: (data: SeriesData) => FittedModel,
): (data: SeriesData) => FittedModel {
  const key = JSON.stringify(spec);
  return (data) => {
    let m = fitCache.get(data);
    if (!m) {
      m = new Map();
      fitCache.set(data, m);
    }
    const sum = checksum(data);
    const hit = m.get(key);
    if (hit && (hit.sum === sum || (Number.isNaN(hit.sum) && Number.isNaN(sum)))) return hit.fitted;
    const fitted = fit(data);
    m.set(key, { sum, fitted });
    return fitted;
  };
}

/**
 * Wrap a per-series fitter into a {@link ForecastModel}. Empty series forecast NaN. Fits are memoised.
 * `stateless: true` declares a model with no estimated parameters (its forecast is a fixed function of the
 * history, e.g. Naive), so updating it on a new history is the same as fitting it there. Otherwise
 * `FittedModel.update` needs every series' `LocalFit.update`. A series absent from the original fit is fitted.
 */
export function localModel(
  spec: ModelSpec,
  fitOne: (y: Float64Array, ctx: LocalContext) => LocalFit,
  options: { stateless?: boolean } = {},
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
    const canUpdate = options.stateless || fits.every((f) => f === emptyFit || f.update);
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
          if (y.length === 0) nextFits.push(emptyFit);
          else if (prev?.update) nextFits.push(prev.update(y, ctx));
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
      fits.push(y.length === 0 ? emptyFit : fitOne(y, ctx));
    }
    return build(data, fits);
  };
  const fit = memoisedFit(spec, fitRaw);
  return Object.freeze({
    alias: spec.alias,
    spec,
    fit,
    forecast: (data: SeriesData, h: number) => fit(data).predict(h),
  });
}

const emptyFit: LocalFit = { predict: (h) => new Float64Array(h).fill(Number.NaN), params: {} };

/** A constant forecast. */
export function constant(value: number, h: number): Float64Array {
  return new Float64Array(h).fill(value);
}
