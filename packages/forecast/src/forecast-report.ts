import {
  type Frame,
  fingerprint,
  isoDate,
  type ModelArtifact,
  type Predictor,
  RetailKitError,
  sealArtifact,
  verifyArtifact,
} from '@retailkit/core';
import { buildSeries } from './build-series.js';
import { conformalIntervals } from './conformal-intervals.js';
import { createModel } from './create-model.js';
import { crossValidation } from './cross-validation.js';
import { invalidArgument } from './errors.js';
import { coverage, scoreBacktest, selectModel } from './evaluate.js';
import { type Freq, futureDates, type TradingCalendar } from './internal/calendar.js';
import { type SeriesData, selectSeries, truncateSeries } from './internal/series-data.js';
import { intervalHalfWidths } from './interval-half-widths.js';
import { mae, mape, naiveScale, rmse, wape } from './metrics.js';
import { arima, autoArima } from './models/arima.js';
import { historicAverage, naive, seasonalNaive, windowAverage } from './models/baselines.js';
import { ensemble } from './models/ensemble.js';
import { holt, holtWinters, ses } from './models/ets.js';
import type { ForecastModel, ModelSpec } from './models/model.js';
import { ridge } from './models/ridge.js';
import { theta } from './models/theta.js';
import { referenceDailySeries } from './reference-daily-series.js';

/** One row of `forecast.json` `evaluations`. */
export interface EvaluationRow {
  series: string;
  model: string;
  window: 'test' | 'backtest';
  leaky: boolean;
  horizon: number;
  rmse: number;
  mae: number;
  /** Fraction. */
  mape: number;
  mase: number;
  /** Fraction. */
  wape: number;
}

/** One forecast point of `forecast.json` `forecasts`. */
export interface ForecastPoint {
  series: string;
  model: string;
  ds: string;
  yhat: number;
  lo: number;
  hi: number;
  level: number;
}

/** The `forecast.json` summary. */
export interface ForecastSummary {
  series: {
    id: string;
    freq: Freq;
    length: number;
    start: string;
    end: string;
    train: number;
    test: number;
    seasonLength: number;
  }[];
  evaluations: EvaluationRow[];
  selected: { series: string; model: string; reason: string };
  /** Conformal interval coverage of the selected model on the test window. */
  intervals: { level: number; testCoverage: number; method: string };
  forecasts: ForecastPoint[];
}

/** Options of {@link forecastReport}. */
export interface ForecastReportOptions {
  /** `default`: daily total quantity on trading days; `reference`: the original's daily target (needs `noFreeLines`). */
  readonly preset?: 'default' | 'reference';
  readonly seed?: number;
  /** For `reference`: the reference fills + `quantity-iqr` + `price-zscore` frame without the free-lines step. */
  readonly noFreeLines?: Frame;
  /** Use these series instead of building them from the frame (the first series is reported). */
  readonly series?: SeriesData;
  /** Share of rows held out as the test window. Default 0.2. */
  readonly testFraction?: number;
  /** Steps forecast past the end of the data. Default: the test length. */
  readonly horizon?: number;
  /** Season length. Default 6 for the no-Saturday daily calendar, 7 for daily, 4 for weekly, 12 for monthly. */
  readonly seasonLength?: number;
  /** Backtest windows inside the training rows. Default 4, step 10. */
  readonly windows?: number;
  readonly step?: number;
  /** Interval level. Default 0.9. */
  readonly level?: number;
  /** ISO time of the artifact (never read from the clock). Default: the end of the data. */
  readonly createdAt?: string;
}

/**
 * The candidate models of the report, in order; SeasonalNaive is the reference of the selection score. Besides the
 * classical models (positional season t mod m) there are calendar-aware Holt-Winters variants whose season is the
 * weekday of each date (a holiday gap does not shift the pattern; multiplicative, additive and additive on log1p),
 * and fixed mean/median combinations. Which one is used is decided by the backtest only.
 */
export function reportCandidates(seasonLength: number): ForecastModel[] {
  const m = seasonLength;
  const trendMembers: ForecastModel[] = [];
  for (const w of [42, 60, 72, 90, 120])
    for (const target of ['identity', 'log1p'] as const) trendMembers.push(ridge({ windowSize: w, target }));
  const hw = holtWinters({ seasonLength: m, damped: true });
  const sarima = arima({ order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: m } });
  const trend = ensemble({ models: trendMembers, alias: 'LocalTrendEnsemble' });
  const th = theta({ seasonLength: m });
  const dowMul = holtWinters({ seasonLength: m, seasonal: 'multiplicative', damped: true, seasonIndex: 'dayOfWeek' });
  const dowAdd = holtWinters({ seasonLength: m, damped: true, seasonIndex: 'dayOfWeek' });
  const dowLog = holtWinters({ seasonLength: m, damped: true, seasonIndex: 'dayOfWeek', target: 'log1p' });
  const dow = [dowMul, dowAdd, dowLog];
  return [
    seasonalNaive({ seasonLength: m }),
    naive(),
    historicAverage(),
    windowAverage({ windowSize: m }),
    ses(),
    holt({ damped: true }),
    hw,
    th,
    sarima,
    autoArima({ seasonLength: m }),
    ridge({ windowSize: 90 }),
    trend,
    ...dow,
    ensemble({ models: [hw, sarima, trend], alias: 'Combo(HW,SARIMA,Trend)' }),
    ensemble({ models: [hw, sarima, th, trend], alias: 'Combo(HW,SARIMA,Theta,Trend)' }),
    ensemble({ models: [hw, sarima, th, trend], statistic: 'median', alias: 'ComboMedian' }),
    ensemble({ models: dow, alias: 'Combo(DowHW)' }),
    ensemble({ models: [...dow, sarima, trend], alias: 'Combo(DowHW,SARIMA,Trend)' }),
    ensemble({ models: [...dow, sarima, trend], statistic: 'median', alias: 'ComboMedian(DowHW,SARIMA,Trend)' }),
  ];
}

function defaultSeason(data: SeriesData): number {
  if (data.freq === 'W') return 4;
  if (data.freq === 'M') return 12;
  return data.calendar.closedWeekdays.length === 1 ? 7 - data.calendar.closedWeekdays.length : 7;
}

/**
 * The forecasting step of the CLI: build the series, hold out the last `testFraction` of rows, backtest every
 * candidate inside the training rows only (rolling origin, horizon = test length), select by backtest (mean of
 * RMSE and MAPE relative to SeasonalNaive), evaluate every candidate once on the test window (forecast from the end
 * of training, no later actuals), add the leaky baseline (the test window's own mean, `leaky: true`), build
 * conformal intervals from the selected model's backtest residuals, refit it on all rows and forecast `horizon`
 * steps ahead. Returns the `forecast.json` summary and a `Predictor` for serve.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad preset, or `reference` without `noFreeLines`;
 *   `FORECAST_SERIES_TOO_SHORT` when the series has fewer than 30 rows.
 * @example
 * const { summary, model } = forecastReport(cleaned, { preset: 'reference', noFreeLines, seed: 42 });
 * summary.selected // { series: 'reference', model: 'LocalTrendEnsemble', reason: '…' }
 */
export function forecastReport(
  frame: Frame,
  options: ForecastReportOptions = {},
): { summary: ForecastSummary; model: Predictor<ForecastInput, ForecastOutput> } {
  const fn = 'forecastReport';
  const preset = options.preset ?? 'default';
  if (preset !== 'default' && preset !== 'reference')
    throw invalidArgument(fn, 'preset', preset, "'default' or 'reference'");
  let data: SeriesData;
  if (options.series) data = options.series;
  else if (preset === 'reference') {
    if (!options.noFreeLines)
      throw invalidArgument(
        fn,
        'noFreeLines',
        undefined,
        'a Frame',
        'Pass the reference-prepared data after quantity-iqr and price-zscore (no free-lines step).',
      );
    data = referenceDailySeries(frame, options.noFreeLines);
  } else data = buildSeries(frame, { freq: 'D', calendar: 'business', fill: 'absent' });
  data = selectSeries(data, [0]);
  const id = data.ids[0];
  const n = data.offsets[1];
  if (n < 30)
    throw new RetailKitError(
      'FORECAST_SERIES_TOO_SHORT',
      `${fn}: series "${id}" has ${n} rows; at least 30 are needed for a test window and backtests.`,
      {
        details: { received: n, needed: 30 },
      },
    );
  const m = options.seasonLength ?? defaultSeason(data);
  const testFraction = options.testFraction ?? 0.2;
  const nTrain = Math.floor(n * (1 - testFraction));
  const H = n - nTrain;
  const train = truncateSeries(data, () => nTrain);
  const testY = data.y.subarray(nTrain, n);
  const level = options.level ?? 0.9;
  const candidates = reportCandidates(m);
  const windows = options.windows ?? 4;
  const step = options.step ?? 10;
  const btHorizon = Math.min(H, Math.max(1, nTrain - step * (windows - 1) - 3 * m));
  const cv = crossValidation(train, candidates, { horizon: btHorizon, windows, step });
  const scale = naiveScale(train.y, m, 1);
  const scores = scoreBacktest(cv, { naiveMae: scale });
  const selection = selectModel(scores, { metric: 'rmse+mape', reference: candidates[0].alias });
  const evaluations: EvaluationRow[] = [];
  for (const s of scores)
    evaluations.push({
      series: id,
      model: s.model,
      window: 'backtest',
      leaky: false,
      horizon: btHorizon,
      rmse: s.rmse,
      mae: s.mae,
      mape: s.mape,
      mase: s.mase,
      wape: s.wape,
    });
  const testPreds: Record<string, Float64Array> = {};
  for (const model of candidates) {
    const p = model.forecast(train, H);
    testPreds[model.alias] = p;
    evaluations.push(row(id, model.alias, 'test', false, testY, p, scale));
  }
  let mean = 0;
  for (let i = 0; i < H; i++) mean += testY[i] / H;
  evaluations.push(row(id, 'LeakyTestMean', 'test', true, testY, new Float64Array(H).fill(mean), scale));
  const chosen = candidates.find((c) => c.alias === selection.model) as ForecastModel;
  // conformal widths: backtest residuals of the chosen model divided by the series level before each cutoff (mean |y|
  // of the last 4 seasons), so a window at a higher level gets wider intervals; steps beyond the backtest horizon
  // reuse the last width
  const scaleWindow = 4 * m;
  const conf = conformalIntervals(cv, chosen.alias, { level, scale: 'series', data: train, windowSize: scaleWindow });
  const testWidths = intervalHalfWidths(conf, train, H);
  const testCoverage = coverage(testY, testPreds[chosen.alias], testWidths);
  const horizon = options.horizon ?? H;
  const futureWidths = intervalHalfWidths(conf, data, horizon);
  const widthAt = (h: number): number => futureWidths[h];
  const future = chosen.forecast(data, horizon);
  const fut = futureDates(data.ds[n - 1], horizon, data.freq, data.calendar);
  const forecasts: ForecastPoint[] = [];
  for (let h = 0; h < horizon; h++)
    forecasts.push({
      series: id,
      model: chosen.alias,
      ds: isoDate(fut[h]),
      yhat: future[h],
      lo: future[h] - widthAt(h),
      hi: future[h] + widthAt(h),
      level,
    });
  const summary: ForecastSummary = {
    series: [
      {
        id,
        freq: data.freq,
        length: n,
        start: isoDate(data.ds[0]),
        end: isoDate(data.ds[n - 1]),
        train: nTrain,
        test: H,
        seasonLength: m,
      },
    ],
    evaluations,
    selected: { series: id, model: chosen.alias, reason: selection.reason },
    intervals: {
      level,
      testCoverage,
      method: `split conformal from ${windows} backtest windows: quantile of |residual| / (mean |y| of the ${scaleWindow} observations before the cutoff), ${conf.pooled ? 'pooled over steps' : 'per step'}`,
    },
    forecasts,
  };
  const artifact = sealArtifact<ForecastParams>({
    kind: 'forecast.model',
    name: 'forecast',
    version: '1',
    createdAt: options.createdAt ?? new Date(data.ds[n - 1]).toISOString(),
    trainingFingerprint: fingerprint({
      length: n,
      columns: {
        ds: { type: 'timestamp', data: data.ds.slice(0, n) },
        y: { type: 'number', data: data.y.slice(0, n) },
      },
    }),
    inputSchema: FORECAST_INPUT_SCHEMA,
    outputSchema: FORECAST_OUTPUT_SCHEMA,
    params: {
      series: id,
      freq: data.freq,
      calendar: data.calendar,
      model: chosen.spec,
      history: { ds: Array.from(data.ds.subarray(0, n)), y: Array.from(data.y.subarray(0, n)) },
      level,
      halfWidth: Array.from(conf.halfWidth),
      intervalScale: { windowSize: scaleWindow },
      seed: options.seed ?? 0,
    },
  });
  return { summary, model: forecastPredictor(artifact) };
}

function row(
  series: string,
  model: string,
  window: 'test' | 'backtest',
  leaky: boolean,
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  scale: number,
): EvaluationRow {
  return {
    series,
    model,
    window,
    leaky,
    horizon: y.length,
    rmse: rmse(y, p),
    mae: mae(y, p),
    mape: mape(y, p),
    mase: mae(y, p) / scale,
    wape: wape(y, p),
  };
}

/** Parameters stored in a forecast artifact. */
export interface ForecastParams {
  series: string;
  freq: Freq;
  calendar: TradingCalendar;
  model: ModelSpec;
  history: { ds: number[]; y: number[] };
  level: number;
  /** Conformal half-width per step; in units of the history's scale when `intervalScale` is set. */
  halfWidth: number[];
  /** When set, half-widths are multiplied by the mean |y| of the last `windowSize` history values (1 when 0). */
  intervalScale?: { windowSize: number };
  seed: number;
}

/** Input of the forecast predictor. */
export interface ForecastInput {
  horizon: number;
  /** Recent history to forecast from (replaces the stored one): values, oldest first, with optional ISO dates. */
  history?: { y: number[]; ds?: string[] };
}
/** Output of the forecast predictor. */
export interface ForecastOutput {
  model: string;
  level: number;
  forecasts: { ds: string; yhat: number; lo: number; hi: number }[];
}

export const FORECAST_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    horizon: { type: 'integer', minimum: 1, maximum: 366 },
    history: {
      type: 'object',
      properties: {
        y: { type: 'array', items: { type: 'number' }, minItems: 3 },
        ds: { type: 'array', items: { type: 'string' } },
      },
      required: ['y'],
      additionalProperties: false,
    },
  },
  required: ['horizon'],
  additionalProperties: false,
} as const;

export const FORECAST_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    level: { type: 'number' },
    forecasts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ds: { type: 'string' },
          yhat: { type: 'number' },
          lo: { type: 'number' },
          hi: { type: 'number' },
        },
        required: ['ds', 'yhat', 'lo', 'hi'],
      },
    },
  },
  required: ['model', 'level', 'forecasts'],
} as const;

/**
 * Load a forecast artifact (checked with core's `verifyArtifact`, kind `forecast.model`) as a `Predictor` named
 * `forecast`: input `{ horizon, history? }`, output point forecasts and conformal intervals. The model is rebuilt from
 * its data-only spec and refitted on the given (or stored) history.
 *
 * @throws RetailKitError `ARTIFACT_*` from verifyArtifact; `INVALID_ARGUMENT` for a bad horizon.
 * @example
 * forecastPredictor(JSON.parse(text)).predict({ horizon: 7 }).forecasts.length // 7
 */
export function forecastPredictor(value: unknown): Predictor<ForecastInput, ForecastOutput> {
  const artifact = verifyArtifact<ForecastParams>(value, 'forecast.model');
  const p = artifact.params;
  const model = createModel(p.model);
  return Object.freeze({
    name: 'forecast',
    kind: 'forecast.model',
    version: artifact.createdAt,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    toJSON: (): ModelArtifact => artifact,
    predict(input: ForecastInput): ForecastOutput {
      const h = input.horizon;
      if (!Number.isInteger(h) || h < 1) throw invalidArgument('forecast.predict', 'horizon', h, 'an integer >= 1');
      let y = p.history.y;
      let ds = p.history.ds;
      if (input.history) {
        y = input.history.y;
        const last = p.history.ds[p.history.ds.length - 1];
        ds = input.history.ds
          ? input.history.ds.map((d) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`))
          : y.map((_, i) => last - (y.length - 1 - i) * 86_400_000 * (p.freq === 'W' ? 7 : 1));
      }
      const data: SeriesData = {
        ids: [p.series],
        offsets: Int32Array.of(0, y.length),
        ds: Float64Array.from(ds),
        y: Float64Array.from(y),
        freq: p.freq,
        calendar: p.calendar,
      };
      const f = model.forecast(data, h);
      const fut = futureDates(ds[ds.length - 1], h, p.freq, p.calendar);
      // the artifact's half-widths, scaled (or not) exactly as the report scaled them
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

/** `forecastPredictor` under the name serve loaders expect. */
export const fromJSON = forecastPredictor;
