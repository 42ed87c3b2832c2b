import { type FitResult, type Frame, fingerprint, invalidArgument, isoDate, sealArtifact } from '@retailkit/core';
import { type BuildSeriesOptions, buildSeries } from './build-series.js';
import type { ConformalIntervals } from './conformal-intervals.js';
import { type CrossValidationResult, crossValidation } from './cross-validation.js';
import { seriesTooShort } from './errors.js';
import { coverage, scoreBacktest, selectModel } from './evaluate.js';
import { type Forecaster, type ForecastParams, forecasterFromJSON } from './forecaster-from-json.js';
import { futureDates } from './internal/calendar.js';
import { calibrateIntervals } from './internal/calibrate-intervals.js';
import { forecasterCandidates, priceCandidates } from './internal/forecaster-candidates.js';
import { FORECAST_INPUT_SCHEMA, FORECAST_OUTPUT_SCHEMA } from './internal/forecaster-schemas.js';
import { intervalHalfWidths } from './internal/interval-half-widths.js';
import { hasPriceTerm, usablePrice } from './internal/price-term.js';
import { truncateSeries } from './internal/series-subsets.js';
import { mae, mape, naiveScale, rmse, wape } from './metrics.js';
import type { ForecastModel } from './models/model.js';
import type { Freq, SeriesData } from './series-data.js';

/** One row of the report's `evaluations`: a model's accuracy on the backtest or on the test window. */
export interface EvaluationRow {
  series: string;
  model: string;
  window: 'test' | 'backtest';
  /** True for the leaky baseline (the test window's own mean), which no honest model can use. */
  leaky: boolean;
  horizon: number;
  rmse: number;
  mae: number;
  /** Fraction. */
  mape: number;
  /** MAE over the in-sample seasonal-naive MAE of the training rows. */
  mase: number;
  /** Fraction. */
  wape: number;
}

/** One forecast point of the report's `forecasts`. */
export interface ForecastPoint {
  series: string;
  model: string;
  /** `YYYY-MM-DD`. */
  ds: string;
  yhat: number;
  lo: number;
  hi: number;
  level: number;
}

/** The JSON-ready report of {@link fitForecaster} (what the CLI writes as `forecast.json`). */
export interface ForecastReport {
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
  /**
   * Only when the series carries `exog.price`: the price-aware candidates added to the backtest (none when a price
   * is missing or not positive), whether the selected model has a price term, and its slope β on log price fitted on
   * all rows (units of y per unit of log price: a 10 % higher price moves the forecast by β · ln 1.1), else null.
   */
  price?: { candidates: string[]; selected: boolean; beta: number | null };
}

/** Options of {@link fitForecaster}. */
export interface ForecasterOptions {
  /**
   * How a transaction frame becomes the series (`buildSeries` options, over the default `{ freq: 'D', calendar:
   * 'business', fill: 'absent' }`: daily quantity on the days that traded). Ignored when the input is a series.
   */
  readonly series?: BuildSeriesOptions;
  /** Label of the series in the report and the artifact. Default: the series' own id (`total` for a frame). */
  readonly label?: string;
  /** Stored in the artifact. Default 0. */
  readonly seed?: number;
  /** Share of the rows held out as the test window. Default 0.2. */
  readonly testFraction?: number;
  /** Steps forecast past the end of the data. Default: the test length. */
  readonly horizon?: number;
  /** Season length m. Default 6 for a daily calendar with one closed weekday, 7 for daily, 4 weekly, 12 monthly. */
  readonly seasonLength?: number;
  /** Backtest windows inside the training rows. Default 4. */
  readonly windows?: number;
  /** Observations between backtest cutoffs. Default 10. */
  readonly step?: number;
  /** Interval level L in (0, 1). Default 0.9. */
  readonly level?: number;
  /** ISO time stored as the artifact's `createdAt` (never read from the clock). Default: the last date of the data. */
  readonly createdAt?: string;
}

/** Fewest rows of a series `fitForecaster` accepts (a test window and backtests inside the training rows). */
const MIN_ROWS = 30;

/**
 * Fit a demand forecaster on one series with honest model selection:
 * 1. the series: `buildSeries(frame, options.series)`, or the given `SeriesData` (exactly one series);
 * 2. the last ⌊n · testFraction⌋ rows are the test window, the rest training;
 * 3. every candidate model (baselines, exponential smoothing, Theta, SARIMA, AutoARIMA, ridge trends, calendar-aware
 *    Holt-Winters and fixed combinations; when the series carries a finite, positive `exog.price`, also regressions
 *    on log price with ARIMA errors, which hold the last price before each cutoff) is backtested inside the training
 *    rows only (`crossValidation`, `windows` rolling origins `step` apart, horizon min(test length, what the windows
 *    leave));
 * 4. the model with the lowest backtest score (mean of RMSE and MAPE relative to SeasonalNaive) is selected — the
 *    test window never takes part;
 * 5. every candidate is scored once on the test window (forecast from the end of training), next to the leaky
 *    baseline (the test window's own mean, `leaky: true`);
 * 6. split-conformal intervals at `level` from a calibration backtest of the selected model inside the training
 *    rows (origins every m rows, each with at least half the training rows as history; refitted every 4th origin): residuals
 *    divided by the mean |y| of the 4·m observations before each origin, one quantile pooled over steps (per step,
 *    made non-decreasing over steps, when every step has ≥ 100 scores), so the interval widens with the series' level and the
 *    horizon;
 * 7. the selected model is refitted on all rows and forecasts `horizon` steps.
 * Returns `{ model, report }`: the {@link Forecaster} (whose `toJSON()` is the sealed `forecast.model` artifact,
 * with the price history and the chosen model's price term when there is a price) and the {@link ForecastReport}
 * (its `price` says whether price entered the candidates and whether the selected model uses it). Deterministic: the same input gives the same artifact, byte for byte.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option or an input with more than one series;
 *   `FORECAST_SERIES_TOO_SHORT` when the series has fewer than 30 rows (or there is none); `MISSING_COLUMN` from `buildSeries`.
 * @example
 * const { model, report } = fitForecaster(transactions, { seed: 42 });
 * report.selected.model // e.g. 'LocalTrendEnsemble'
 * model.predict({ horizon: 7 }).forecasts.length // 7
 */
export function fitForecaster(
  input: Frame | SeriesData,
  options: ForecasterOptions = {},
): FitResult<Forecaster, ForecastReport> {
  const fn = 'fitForecaster';
  const data = oneSeries(fn, input, options);
  const id = options.label ?? data.ids[0];
  const n = data.offsets[1];
  const m = options.seasonLength ?? defaultSeason(data);
  const nTrain = Math.floor(n * (1 - (options.testFraction ?? 0.2)));
  const H = n - nTrain;
  const level = options.level ?? 0.9;
  const train = truncateSeries(data, () => nTrain);
  const testY = data.y.subarray(nTrain, n);
  const windows = options.windows ?? 4;
  const step = options.step ?? 10;
  const btHorizon = Math.min(H, Math.max(1, nTrain - step * (windows - 1) - 3 * m));
  const price = usablePrice(data);
  const withPrice = price ? priceCandidates(m, nTrain - btHorizon - step * (windows - 1)) : [];
  const candidates = [...forecasterCandidates(m), ...withPrice];
  const cv = crossValidation(train, candidates, { horizon: btHorizon, windows, step });
  const scale = naiveScale(train.y, m, 1);
  const { evaluations, chosen, reason } = evaluateCandidates(id, cv, candidates, train, testY, scale);
  // conformal widths from a calibration backtest of the chosen model (more origins than the selection backtest),
  // residuals divided by the series level before each origin; steps beyond its horizon reuse the last width
  const calibration = calibrateIntervals(train, chosen, {
    level,
    horizon: btHorizon,
    seasonLength: m,
    minWindows: windows,
  });
  const conf = calibration.intervals;
  const testCoverage = coverage(testY, chosen.forecast(train, H), intervalHalfWidths(conf, train, H));
  const horizon = options.horizon ?? H;
  const report: ForecastReport = {
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
    selected: { series: id, model: chosen.alias, reason },
    intervals: {
      level,
      testCoverage,
      method: calibration.method,
    },
    forecasts: futureForecasts(id, chosen, data, conf, horizon),
  };
  const beta = hasPriceTerm(chosen.spec) ? priceSlope(chosen, data) : null;
  if (data.exog?.price) report.price = { candidates: withPrice.map((c) => c.alias), selected: beta !== null, beta };
  const model = forecasterFromJSON(artifactOf(id, data, chosen, conf, options, price, beta));
  return { model, report };
}

/** The one series to forecast, checked. */
function oneSeries(fn: string, input: Frame | SeriesData, options: ForecasterOptions): SeriesData {
  if (input === null || typeof input !== 'object')
    throw invalidArgument(fn, 'input', input, 'a transaction Frame or a SeriesData');
  const data =
    'offsets' in input
      ? input
      : buildSeries(input, { freq: 'D', calendar: 'business', fill: 'absent', ...options.series });
  if (data.ids.length === 0)
    throw seriesTooShort(fn, 0, MIN_ROWS, 'The input has no dated values with a quantity; check the cleaning views.');
  if (data.ids.length !== 1)
    throw invalidArgument(
      fn,
      'number of series',
      data.ids.length,
      'exactly 1',
      'Forecast one series at a time (filter the frame first), or backtest many with crossValidation.',
    );
  const n = data.offsets[1];
  if (n < MIN_ROWS)
    throw seriesTooShort(fn, n, MIN_ROWS, 'A test window and backtests need at least 30 rows; use a finer freq.');
  if (options.label !== undefined && typeof options.label !== 'string')
    throw invalidArgument(fn, 'label', options.label, 'a string');
  return data;
}

function defaultSeason(data: SeriesData): number {
  if (data.freq === 'W') return 4;
  if (data.freq === 'M') return 12;
  return data.calendar.closedWeekdays.length === 1 ? 7 - data.calendar.closedWeekdays.length : 7;
}

/**
 * Steps 4–5: the backtest scores and selection, then every candidate once on the test window and the leaky
 * baseline. Rows: the backtest rows of every candidate, then their test rows, then `LeakyTestMean`.
 */
function evaluateCandidates(
  id: string,
  cv: CrossValidationResult,
  candidates: readonly ForecastModel[],
  train: SeriesData,
  testY: Float64Array,
  scale: number,
): { evaluations: EvaluationRow[]; chosen: ForecastModel; reason: string } {
  const scores = scoreBacktest(cv, { naiveMae: scale });
  const selection = selectModel(scores, { metric: 'rmse+mape', reference: candidates[0].alias });
  const evaluations: EvaluationRow[] = scores.map((s) => ({
    series: id,
    model: s.model,
    window: 'backtest',
    leaky: false,
    horizon: cv.horizon,
    rmse: s.rmse,
    mae: s.mae,
    mape: s.mape,
    mase: s.mase,
    wape: s.wape,
  }));
  const H = testY.length;
  for (const model of candidates)
    evaluations.push(testRow(id, model.alias, false, testY, model.forecast(train, H), scale));
  let mean = 0;
  for (let i = 0; i < H; i++) mean += testY[i] / H;
  evaluations.push(testRow(id, 'LeakyTestMean', true, testY, new Float64Array(H).fill(mean), scale));
  const chosen = candidates.find((c) => c.alias === selection.model) as ForecastModel;
  return { evaluations, chosen, reason: selection.reason };
}

function testRow(
  series: string,
  model: string,
  leaky: boolean,
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  scale: number,
): EvaluationRow {
  return {
    series,
    model,
    window: 'test',
    leaky,
    horizon: y.length,
    rmse: rmse(y, p),
    mae: mae(y, p),
    mape: mape(y, p),
    mase: mae(y, p) / scale,
    wape: wape(y, p),
  };
}

/** Step 7: the chosen model refitted on all rows, `horizon` steps past the end, with its intervals. */
function futureForecasts(
  id: string,
  chosen: ForecastModel,
  data: SeriesData,
  conf: ConformalIntervals,
  horizon: number,
): ForecastPoint[] {
  const n = data.offsets[1];
  const widths = intervalHalfWidths(conf, data, horizon);
  const future = chosen.forecast(data, horizon);
  const dates = futureDates(data.ds[n - 1], horizon, data.freq, data.calendar);
  return Array.from(future, (yhat, h) => ({
    series: id,
    model: chosen.alias,
    ds: isoDate(dates[h]),
    yhat,
    lo: yhat - widths[h],
    hi: yhat + widths[h],
    level: conf.level,
  }));
}

/** The slope on log price of the chosen price model (an ARIMAX candidate) fitted on all rows (a cached fit). */
function priceSlope(chosen: ForecastModel, data: SeriesData): number {
  return (chosen.fit(data).params[0] as { beta: number[] }).beta[0];
}

/**
 * The sealed `forecast.model` artifact of the chosen model; with a usable price, the price history beside y (and in
 * the fingerprint) and, when the model has one, its price term.
 */
function artifactOf(
  id: string,
  data: SeriesData,
  chosen: ForecastModel,
  conf: ConformalIntervals,
  options: ForecasterOptions,
  price: Float64Array | undefined,
  beta: number | null,
) {
  const n = data.offsets[1];
  const history: ForecastParams['history'] = {
    ds: Array.from(data.ds.subarray(0, n)),
    y: Array.from(data.y.subarray(0, n)),
  };
  if (price) history.price = Array.from(price);
  return sealArtifact<ForecastParams>({
    kind: 'forecast.model',
    name: 'forecast',
    version: '1',
    createdAt: options.createdAt ?? new Date(data.ds[n - 1]).toISOString(),
    trainingFingerprint: fingerprint({
      length: n,
      columns: {
        ds: { type: 'timestamp', data: data.ds.slice(0, n) },
        y: { type: 'number', data: data.y.slice(0, n) },
        ...(price ? { price: { type: 'number' as const, data: price.slice() } } : {}),
      },
    }),
    inputSchema: FORECAST_INPUT_SCHEMA,
    outputSchema: FORECAST_OUTPUT_SCHEMA,
    params: {
      series: id,
      freq: data.freq,
      calendar: data.calendar,
      model: chosen.spec,
      history,
      level: conf.level,
      halfWidth: Array.from(conf.halfWidth),
      intervalScale: { windowSize: conf.windowSize },
      seed: options.seed ?? 0,
      ...(beta === null ? {} : { priceTerm: { regressor: 'price', transform: 'log', beta } }),
    },
  });
}
