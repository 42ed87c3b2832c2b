import {
  CORE_ERROR_CODES,
  invalidArgument,
  isoDate,
  type ModelArtifact,
  MS_PER_DAY,
  type Predictor,
  type PredictorLoader,
  parseIsoDate,
  RetailKitError,
  verifyArtifact,
} from '@retailkit/core';
import { createModel } from './create-model.js';
import { FORECAST_ERROR_CODES, nonFinite } from './errors.js';
import { closedTest, futureDates } from './internal/calendar.js';
import {
  FORECAST_INPUT_SCHEMA,
  FORECAST_OUTPUT_SCHEMA,
  MAX_HISTORY,
  MAX_HORIZON,
} from './internal/forecaster-schemas.js';
import { intervalHalfWidths } from './internal/interval-half-widths.js';
import { modelWork, NS_PER_HISTORY_VALUE, NS_PER_OP, NS_PER_PRICE_VALUE, NS_PER_STEP } from './internal/model-work.js';
import { hasPriceTerm } from './internal/price-term.js';
import type { FittedModel, ModelSpec } from './models/model.js';
import type { Freq, SeriesData, TradingCalendar } from './series-data.js';

/** The artifact kind of a forecaster. */
const KIND = 'forecast.model';

/** Parameters stored in a forecaster artifact (`model.toJSON().params`). */
export interface ForecastParams {
  /** Label of the series (the report's `series`). */
  series: string;
  freq: Freq;
  calendar: TradingCalendar;
  /** The selected model as data (`createModel` rebuilds it). */
  model: ModelSpec;
  /**
   * The history the model is refitted on when a prediction brings none (epoch ms and values, oldest first), with the
   * price of each period when the series carried one (finite, > 0).
   */
  history: { ds: number[]; y: number[]; price?: number[] };
  /** Interval level L in (0, 1). */
  level: number;
  /** Conformal half-width per step; in units of the history's scale when `intervalScale` is set. */
  halfWidth: number[];
  /** When set, half-widths are multiplied by the mean |y| of the last `windowSize` history values (1 when 0). */
  intervalScale?: { windowSize: number };
  seed: number;
  /**
   * The model's price term when it has one (it then needs `history.price`): the slope `beta` on `transform` of the
   * price fitted on the stored history, in units of y per unit of log price.
   */
  priceTerm?: { regressor: 'price'; transform: 'log' | 'identity'; beta: number };
}

/** Input of a forecaster's `predict`. */
export interface ForecastInput {
  /** Steps to forecast, 1 … 366. */
  horizon: number;
  /**
   * Recent history to forecast from (replaces the stored one): 3 … 5,000 finite values, oldest first, with optional
   * `YYYY-MM-DD` dates (one per value, strictly increasing, on trading days of the stored calendar). Without dates
   * the values are taken to end on the stored history's last date, one period apart. A model with a price term
   * needs `price` too: the price of each value (same length, finite, > 0).
   */
  history?: { y: number[]; ds?: string[]; price?: number[] };
  /**
   * A planned price per future step (finite, > 0; 1 … `horizon` values; a shorter path holds its last value), for a
   * model with a price term only. Absent: the last observed price is held.
   */
  price?: number[];
}

/** Output of a forecaster's `predict`: point forecasts and conformal intervals at `level`. */
export interface ForecastOutput {
  model: string;
  level: number;
  forecasts: { ds: string; yhat: number; lo: number; hi: number }[];
}

/**
 * A fitted forecaster: a core `Predictor` named `forecast` (kind `forecast.model`) whose `predict({ horizon,
 * history?, price? })` forecasts `horizon` steps with intervals from the stored history, or from a history passed in
 * with the parameters fitted on the stored one, under a planned price path when its model has a price term;
 * `toJSON()` is its sealed artifact. Made by `fitForecaster`, loaded by
 * `forecasterFromJSON`.
 */
export interface Forecaster extends Predictor<ForecastInput, ForecastOutput> {
  predict(input: ForecastInput): ForecastOutput;
  /** Elementary operations one `predict(input)` costs (see `forecasterFromJSON`). O(1). */
  cost(input: ForecastInput): number;
  toJSON(): ModelArtifact<ForecastParams>;
}

/**
 * Load a forecaster artifact: checks the envelope with core's `verifyArtifact` (checksum, kind `forecast.model`,
 * schema version) and the parameters, then builds the {@link Forecaster}. The model is rebuilt from its data-only
 * spec with `createModel` (never code) and fitted once on the stored history, at the first `predict`. A prediction
 * without history forecasts from that fit (the forecasts of `fitForecaster`'s report); a prediction with a history
 * runs the same parameters over it without re-estimating them (`FittedModel.update`, Nixtla's `forward`), so it
 * costs one pass over the history: `cost(input)` ≈ nanoseconds of history length × (the model's per-observation
 * filter work + copying) + horizon × (its per-step work + the output), plus the one-off fit of the stored history
 * until it is done. Interval half-widths are
 * those of the artifact, times the mean |y| of the last `windowSize` history values when `intervalScale` is set.
 * A model with a price term (an ARIMAX on log price) adds β · log of the planned `price` of each step (a path
 * shorter than the horizon holds its last value; without one the last observed price is held); the path counts in
 * `cost`. Forecast dates follow the stored frequency and trading calendar. Input and output schemas are this version's
 * (history bounded to 5,000 values, horizon and price path to 366).
 *
 * @throws RetailKitError `ARTIFACT_INVALID`, `ARTIFACT_KIND`, `ARTIFACT_VERSION`, `ARTIFACT_CHECKSUM` for a bad
 *   envelope, `ARTIFACT_INVALID` for bad parameters (naming the field), `FORECAST_UNKNOWN_MODEL` for a model type
 *   this version does not know; `predict` throws `INVALID_ARGUMENT` for a horizon outside 1 … 366 or a history of
 *   other than 3 … 5,000 values, `FORECAST_INVALID_DATES` for `ds` that are not valid, strictly increasing trading
 *   days, `FORECAST_NON_FINITE` for a non-finite value or forecast, `FORECAST_SERIES_TOO_SHORT` for a history too
 *   short for the model, `FORECAST_NO_PRICE_TERM` for a `price` or `history.price` given to a model without a price
 *   term, `INVALID_ARGUMENT` for a path longer than the horizon, a price that is not finite and > 0, or (with a
 *   price term) a history without its `price` of the same length.
 * @example
 * const model = forecasterFromJSON(JSON.parse(readFileSync('models/forecast.json', 'utf8')));
 * model.predict({ horizon: 3 }).forecasts.length // 3
 */
export function forecasterFromJSON(json: unknown): Forecaster {
  const artifact = verifyArtifact<ForecastParams>(json, KIND);
  const p = artifact.params;
  checkParams(p);
  const model = createModel(p.model);
  const work = modelWork(p.model);
  const withPrice = hasPriceTerm(p.model);
  let stored: { data: SeriesData; fitted: FittedModel } | undefined;
  const fitStored = () => {
    if (!stored) {
      const data = historyData(p, undefined, withPrice);
      stored = { data, fitted: model.fit(data) };
    }
    return stored;
  };
  return Object.freeze({
    name: 'forecast',
    kind: KIND,
    version: artifact.createdAt,
    inputSchema: FORECAST_INPUT_SCHEMA,
    outputSchema: FORECAST_OUTPUT_SCHEMA,
    toJSON: (): ModelArtifact<ForecastParams> => artifact,
    cost(input: ForecastInput): number {
      const h = Number.isInteger(input?.horizon) ? Math.min(input.horizon, MAX_HORIZON) : MAX_HORIZON;
      const n = Array.isArray(input?.history?.y) ? input.history.y.length : p.history.y.length;
      const once = stored ? 0 : p.history.y.length * work.fit * NS_PER_OP;
      // a planned path is read and held to the horizon; a price history is checked and logged beside y
      const prices = (Array.isArray(input?.price) ? h : 0) + lengthOf(input?.history?.price);
      return (
        once +
        n * (NS_PER_HISTORY_VALUE + work.filter * NS_PER_OP) +
        h * (NS_PER_STEP + work.step * NS_PER_OP) +
        prices * NS_PER_PRICE_VALUE
      );
    },
    predict(input: ForecastInput): ForecastOutput {
      const h = input.horizon;
      if (!Number.isInteger(h) || h < 1 || h > MAX_HORIZON)
        throw invalidArgument('forecast.predict', 'horizon', h, `an integer in 1 … ${MAX_HORIZON}`);
      const path = checkPrices(p, withPrice, input, h);
      const base = fitStored();
      let data = base.data;
      let fitted = base.fitted;
      if (input.history) {
        data = historyData(p, checkHistory(p, input.history, withPrice), withPrice);
        fitted = fitted.update ? fitted.update(data) : model.fit(data);
      }
      const f = path ? fitted.predict(h, { price: path }) : fitted.predict(h);
      const fut = futureDates(data.ds[data.ds.length - 1], h, p.freq, p.calendar);
      // the artifact's half-widths, scaled (or not) exactly as fitForecaster scaled them
      const scale = p.intervalScale ? 'series' : 'none';
      const windowSize = p.intervalScale?.windowSize ?? 1; // unused when not scaled
      const w = intervalHalfWidths({ halfWidth: p.halfWidth, scale, windowSize }, data, h);
      for (let k = 0; k < h; k++)
        if (!Number.isFinite(f[k] - w[k]) || !Number.isFinite(f[k] + w[k]))
          throw nonFinite(
            'forecast.predict',
            p.series,
            k,
            f[k] + w[k],
            'The interval overflowed: rescale the history.',
          );
      return {
        model: model.alias,
        level: p.level,
        forecasts: Array.from(f, (v, k) => ({ ds: isoDate(fut[k]), yhat: v, lo: v - w[k], hi: v + w[k] })),
      };
    },
  });
}

/**
 * The loader `@retailkit/serve` takes for forecaster artifacts: `{ kind: 'forecast.model', fromJSON:
 * forecasterFromJSON }`.
 *
 * @example
 * forecasterLoader.kind // 'forecast.model'
 */
export const forecasterLoader: PredictorLoader<Forecaster> = Object.freeze({
  kind: KIND,
  fromJSON: forecasterFromJSON,
});

/**
 * Check a history passed to `predict` (the schema's bounds, for callers that bypass serve's validation) and parse its
 * dates: valid `YYYY-MM-DD`, strictly increasing, none on a closed day of the stored calendar.
 */
function checkHistory(
  p: ForecastParams,
  history: NonNullable<ForecastInput['history']>,
  withPrice: boolean,
): HistoryIn {
  const fn = 'forecast.predict';
  const y = history.y;
  if (!Array.isArray(y) || y.length < 3 || y.length > MAX_HISTORY)
    throw invalidArgument(fn, 'history.y.length', Array.isArray(y) ? y.length : y, `3 … ${MAX_HISTORY} values`);
  for (let i = 0; i < y.length; i++)
    if (typeof y[i] !== 'number' || !Number.isFinite(y[i]))
      throw nonFinite(fn, p.series, i, y[i], 'Pass finite numbers in history.y.');
  let price: readonly number[] | undefined;
  if (withPrice) {
    if (!Array.isArray(history.price) || history.price.length !== y.length)
      throw invalidArgument(
        fn,
        'history.price.length',
        Array.isArray(history.price) ? history.price.length : history.price,
        `${y.length} (one price per history value)`,
        `The model "${p.model.alias}" regresses on price: pass the price of each period in history.price.`,
      );
    price = checkPositive(fn, 'history.price', history.price);
  } else if (history.price !== undefined) throw noPriceTerm(p, 'history.price');
  if (history.ds === undefined) return { y, price };
  const badDates = (i: number, why: string): RetailKitError =>
    new RetailKitError(
      FORECAST_ERROR_CODES.invalidDates,
      `${fn}: history.ds[${i}] = ${JSON.stringify(history.ds?.[i])} ${why}. Pass one YYYY-MM-DD trading date per value, oldest first.`,
      { details: { function: fn, field: `history.ds[${i}]`, received: history.ds?.[i], reason: why } },
    );
  if (!Array.isArray(history.ds) || history.ds.length !== y.length)
    throw invalidArgument(fn, 'history.ds.length', history.ds?.length, `${y.length} (one date per value)`);
  const isClosed = p.freq === 'D' ? closedTest(p.calendar) : () => false;
  const ds: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const d = history.ds[i];
    const t = typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? parseIsoDate(d) : Number.NaN;
    if (Number.isNaN(t)) throw badDates(i, 'is not a valid date');
    if (i > 0 && t <= ds[i - 1]) throw badDates(i, 'is not after the date before it');
    if (isClosed(t / MS_PER_DAY)) throw badDates(i, 'is a closed day of the calendar');
    ds.push(t);
  }
  return { y, ds, price };
}

/** A checked history of `predict`: values, parsed dates (absent: ending at the stored last date), prices. */
interface HistoryIn {
  readonly y: readonly number[];
  readonly ds?: number[];
  readonly price?: readonly number[];
}

/**
 * Check the planned price path of `predict` and hold its last value to `horizon` steps; undefined without one (the
 * model then holds the last observed price).
 */
function checkPrices(
  p: ForecastParams,
  withPrice: boolean,
  input: ForecastInput,
  horizon: number,
): number[] | undefined {
  const fn = 'forecast.predict';
  const path = input.price;
  if (path === undefined) return undefined;
  if (!withPrice) throw noPriceTerm(p, 'price');
  if (!Array.isArray(path) || path.length < 1 || path.length > horizon)
    throw invalidArgument(
      fn,
      'price.length',
      Array.isArray(path) ? path.length : path,
      `1 … ${horizon} planned prices (one per step up to the horizon)`,
      'A shorter path holds its last price to the horizon.',
    );
  checkPositive(fn, 'price', path);
  return Array.from({ length: horizon }, (_, k) => path[Math.min(k, path.length - 1)]);
}

/** The values of a price array, each a finite number > 0. */
function checkPositive(fn: string, field: string, values: readonly number[]): readonly number[] {
  for (let i = 0; i < values.length; i++)
    if (typeof values[i] !== 'number' || !(Number.isFinite(values[i]) && values[i] > 0))
      throw invalidArgument(fn, `${field}[${i}]`, values[i], 'a finite price > 0');
  return values;
}

/** A price given to a model without a price term. */
function noPriceTerm(p: ForecastParams, field: string): RetailKitError {
  const fn = 'forecast.predict';
  return new RetailKitError(
    FORECAST_ERROR_CODES.noPriceTerm,
    `${fn}: ${field} was given, but the model "${p.model.alias}" has no price term, so a price cannot move its forecast. Drop ${field}, or fit the forecaster on a series with a price (buildSeries(frame, { price: true })): a price-aware model is used when its backtest selects it.`,
    { details: { function: fn, field, model: p.model.alias } },
  );
}

/** The one series a prediction runs on: the stored history, or the given (checked) one; with its price when used. */
function historyData(p: ForecastParams, history: HistoryIn | undefined, withPrice: boolean): SeriesData {
  let y: readonly number[] = p.history.y;
  let ds: readonly number[] = p.history.ds;
  let price: readonly number[] | undefined = p.history.price;
  if (history) {
    y = history.y;
    price = history.price;
    const last = p.history.ds[p.history.ds.length - 1];
    ds = history.ds ?? datesEndingAt(last, y.length, p);
  }
  return {
    ids: [p.series],
    offsets: Int32Array.of(0, y.length),
    ds: Float64Array.from(ds),
    y: Float64Array.from(y),
    freq: p.freq,
    calendar: p.calendar,
    ...(withPrice && price ? { exog: { price: Float64Array.from(price) } } : {}),
  };
}

/** The length of an array argument (0 when it is not one). */
function lengthOf(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

/** `n` period starts ending at `last`, one period apart (trading days only for a daily series). */
function datesEndingAt(last: number, n: number, p: ForecastParams): number[] {
  const out = new Array<number>(n);
  const isClosed = closedTest(p.calendar);
  let d = last;
  for (let i = n - 1; i >= 0; i--) {
    out[i] = d;
    if (p.freq === 'W') d -= 7 * MS_PER_DAY;
    else if (p.freq === 'M') {
      const t = new Date(d);
      d = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1);
    } else {
      let day = Math.round(d / MS_PER_DAY) - 1;
      for (let guard = 0; isClosed(day) && guard < 366; guard++) day--;
      d = day * MS_PER_DAY;
    }
  }
  return out;
}

/** Check the parameters of a verified artifact (a sealed artifact can still come from another writer). */
function checkParams(p: ForecastParams): void {
  const bad = (field: string, value: unknown, allowed: string): RetailKitError =>
    new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `forecasterFromJSON: params.${field} must be ${allowed}. Write forecaster artifacts with fitForecaster.`,
      { details: { function: 'forecasterFromJSON', field: `params.${field}`, received: value, allowed } },
    );
  const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isFinite(x));
  if (p === null || typeof p !== 'object' || Array.isArray(p)) throw bad('', p, 'an object');
  if (typeof p.series !== 'string') throw bad('series', p.series, 'a string');
  if (p.freq !== 'D' && p.freq !== 'W' && p.freq !== 'M') throw bad('freq', p.freq, "'D', 'W' or 'M'");
  const cal = p.calendar;
  if (
    !cal ||
    !Array.isArray(cal.closedWeekdays) ||
    !cal.closedWeekdays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) ||
    !Array.isArray(cal.holidays) ||
    !cal.holidays.every((d) => typeof d === 'string')
  )
    throw bad('calendar', cal, '{ closedWeekdays: ISO weekdays 1 … 7, holidays: YYYY-MM-DD strings }');
  const badSpec = checkSpec(p.model, 'model');
  if (badSpec) throw bad(badSpec.path, badSpec.value, 'a model spec { type, alias, options }');
  const hist = p.history;
  if (!hist || !numbers(hist.y) || !numbers(hist.ds) || hist.y.length === 0 || hist.ds.length !== hist.y.length)
    throw bad('history', hist, 'non-empty arrays ds and y of finite numbers, of equal length');
  for (let i = 1; i < hist.ds.length; i++)
    if (!(hist.ds[i] > hist.ds[i - 1])) throw bad(`history.ds[${i}]`, hist.ds[i], 'after the date before it');
  const price = hist.price;
  if (price !== undefined && !(numbers(price) && price.length === hist.y.length && price.every((v) => v > 0)))
    throw bad('history.price', price, 'absent, or one finite price > 0 per value of history.y');
  if (hasPriceTerm(p.model) && price === undefined)
    throw bad('history.price', price, `the price of each value: the model "${p.model.alias}" regresses on price`);
  const term = p.priceTerm;
  if (
    term !== undefined &&
    !(term && term.regressor === 'price' && ['log', 'identity'].includes(term.transform) && Number.isFinite(term.beta))
  )
    throw bad('priceTerm', term, "absent, or { regressor: 'price', transform: 'log' | 'identity', beta: finite }");
  if (!(p.level > 0 && p.level < 1)) throw bad('level', p.level, 'in (0, 1)');
  if (!numbers(p.halfWidth) || p.halfWidth.length === 0 || p.halfWidth.some((w) => w < 0))
    throw bad('halfWidth', p.halfWidth, 'a non-empty array of finite numbers >= 0');
  const iv = p.intervalScale;
  if (iv !== undefined && !(iv && Number.isInteger(iv.windowSize) && iv.windowSize >= 1))
    throw bad('intervalScale', iv, '{ windowSize: integer >= 1 } or absent');
}

/** The first malformed model spec under `spec` (ensembles nest specs) with its path, or undefined when all are fine. */
function checkSpec(spec: unknown, path: string, depth = 0): { path: string; value: unknown } | undefined {
  const m = spec as ModelSpec;
  if (
    !m ||
    typeof m !== 'object' ||
    typeof m.type !== 'string' ||
    typeof m.alias !== 'string' ||
    !m.options ||
    typeof m.options !== 'object' ||
    depth > 8
  )
    return { path, value: spec };
  if (m.type !== 'Ensemble') return undefined;
  const members = m.options.models;
  if (!Array.isArray(members) || members.length === 0) return { path: `${path}.options.models`, value: members };
  for (let i = 0; i < members.length; i++) {
    const bad = checkSpec(members[i], `${path}.options.models[${i}]`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}
