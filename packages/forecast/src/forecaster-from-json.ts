import {
  CORE_ERROR_CODES,
  invalidArgument,
  isoDate,
  type ModelArtifact,
  MS_PER_DAY,
  type Predictor,
  type PredictorLoader,
  RetailKitError,
  verifyArtifact,
} from '@retailkit/core';
import { createModel } from './create-model.js';
import { futureDates } from './internal/calendar.js';
import { intervalHalfWidths } from './internal/interval-half-widths.js';
import type { ModelSpec } from './models/model.js';
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
  /** The history the model is refitted on when a prediction brings none (epoch ms and values, oldest first). */
  history: { ds: number[]; y: number[] };
  /** Interval level L in (0, 1). */
  level: number;
  /** Conformal half-width per step; in units of the history's scale when `intervalScale` is set. */
  halfWidth: number[];
  /** When set, half-widths are multiplied by the mean |y| of the last `windowSize` history values (1 when 0). */
  intervalScale?: { windowSize: number };
  seed: number;
}

/** Input of a forecaster's `predict`. */
export interface ForecastInput {
  /** Steps to forecast, 1 … 366. */
  horizon: number;
  /**
   * Recent history to forecast from (replaces the stored one): values, oldest first, with optional `YYYY-MM-DD`
   * dates. Without dates the values are taken to end on the stored history's last date, one period apart.
   */
  history?: { y: number[]; ds?: string[] };
}

/** Output of a forecaster's `predict`: point forecasts and conformal intervals at `level`. */
export interface ForecastOutput {
  model: string;
  level: number;
  forecasts: { ds: string; yhat: number; lo: number; hi: number }[];
}

/**
 * A fitted forecaster: a core `Predictor` named `forecast` (kind `forecast.model`) whose `predict({ horizon,
 * history? })` refits the stored model on the stored (or given) history and returns `horizon` forecasts with
 * intervals; `toJSON()` is its sealed artifact. Made by `fitForecaster`, loaded by `forecasterFromJSON`.
 */
export interface Forecaster extends Predictor<ForecastInput, ForecastOutput> {
  predict(input: ForecastInput): ForecastOutput;
  toJSON(): ModelArtifact<ForecastParams>;
}

/**
 * Load a forecaster artifact: checks the envelope with core's `verifyArtifact` (checksum, kind `forecast.model`,
 * schema version) and the parameters, then builds the {@link Forecaster}. The model is rebuilt from its data-only
 * spec with `createModel` (never code) and refitted on the stored or given history at each `predict`; interval
 * half-widths are those of the artifact, times the mean |y| of the last `windowSize` history values when
 * `intervalScale` is set. Forecast dates follow the stored frequency and trading calendar.
 *
 * @throws RetailKitError `ARTIFACT_INVALID`, `ARTIFACT_KIND`, `ARTIFACT_VERSION`, `ARTIFACT_CHECKSUM` for a bad
 *   envelope, `ARTIFACT_INVALID` for bad parameters, `FORECAST_UNKNOWN_MODEL` for a model type this version does
 *   not know; `predict` throws `INVALID_ARGUMENT` for a horizon that is not an integer ≥ 1.
 * @example
 * const model = forecasterFromJSON(JSON.parse(readFileSync('models/forecast.json', 'utf8')));
 * model.predict({ horizon: 3 }).forecasts.length // 3
 */
export function forecasterFromJSON(json: unknown): Forecaster {
  const artifact = verifyArtifact<ForecastParams>(json, KIND);
  const p = artifact.params;
  checkParams(p);
  const model = createModel(p.model);
  return Object.freeze({
    name: 'forecast',
    kind: KIND,
    version: artifact.createdAt,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    toJSON: (): ModelArtifact<ForecastParams> => artifact,
    predict(input: ForecastInput): ForecastOutput {
      const h = input.horizon;
      if (!Number.isInteger(h) || h < 1) throw invalidArgument('forecast.predict', 'horizon', h, 'an integer >= 1');
      const data = historyData(p, input.history);
      const f = model.forecast(data, h);
      const fut = futureDates(data.ds[data.ds.length - 1], h, p.freq, p.calendar);
      // the artifact's half-widths, scaled (or not) exactly as fitForecaster scaled them
      const scale = p.intervalScale ? 'series' : 'none';
      const windowSize = p.intervalScale?.windowSize ?? 1; // unused when not scaled
      const w = intervalHalfWidths({ halfWidth: p.halfWidth, scale, windowSize }, data, h);
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

/** The one series a prediction runs on: the stored history, or the given one. */
function historyData(p: ForecastParams, history: ForecastInput['history']): SeriesData {
  let y = p.history.y;
  let ds = p.history.ds;
  if (history) {
    y = history.y;
    const last = p.history.ds[p.history.ds.length - 1];
    ds = history.ds
      ? history.ds.map((d) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`))
      : y.map((_, i) => last - (y.length - 1 - i) * MS_PER_DAY * (p.freq === 'W' ? 7 : 1));
  }
  return {
    ids: [p.series],
    offsets: Int32Array.of(0, y.length),
    ds: Float64Array.from(ds),
    y: Float64Array.from(y),
    freq: p.freq,
    calendar: p.calendar,
  };
}

/** Check the parameters of a verified artifact (a sealed artifact can still come from another writer). */
function checkParams(p: ForecastParams): void {
  const bad = (field: string, value: unknown, allowed: string): RetailKitError =>
    new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `forecasterFromJSON: params.${field} must be ${allowed}. Write forecaster artifacts with fitForecaster.`,
      { details: { function: 'forecasterFromJSON', field: `params.${field}`, received: value, allowed } },
    );
  const numbers = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number');
  if (p === null || typeof p !== 'object') throw bad('', p, 'an object');
  if (typeof p.series !== 'string') throw bad('series', p.series, 'a string');
  if (p.freq !== 'D' && p.freq !== 'W' && p.freq !== 'M') throw bad('freq', p.freq, "'D', 'W' or 'M'");
  const cal = p.calendar;
  if (!cal || !Array.isArray(cal.closedWeekdays) || !Array.isArray(cal.holidays))
    throw bad('calendar', cal, '{ closedWeekdays, holidays }');
  const m = p.model;
  if (!m || typeof m.type !== 'string' || typeof m.alias !== 'string' || typeof m.options !== 'object')
    throw bad('model', m, 'a model spec { type, alias, options }');
  const hist = p.history;
  if (!hist || !numbers(hist.y) || !numbers(hist.ds) || hist.y.length === 0 || hist.ds.length !== hist.y.length)
    throw bad('history', hist, 'non-empty arrays ds and y of equal length');
  if (!(p.level > 0 && p.level < 1)) throw bad('level', p.level, 'in (0, 1)');
  if (!numbers(p.halfWidth) || p.halfWidth.length === 0)
    throw bad('halfWidth', p.halfWidth, 'a non-empty number array');
  const iv = p.intervalScale;
  if (iv !== undefined && !(iv && Number.isInteger(iv.windowSize) && iv.windowSize >= 1))
    throw bad('intervalScale', iv, '{ windowSize: integer >= 1 } or absent');
}
