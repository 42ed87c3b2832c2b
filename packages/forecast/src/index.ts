export { FORECAST_ERROR_CODES } from './errors.js';
export type { Freq, TradingCalendar } from './internal/calendar.js';
export { ALL_DAYS, NO_SATURDAYS, futureDates } from './internal/calendar.js';
export type { SeriesData } from './internal/series-data.js';
export { seriesFromArrays, seriesValues, seriesDates, seriesCount, truncateSeries, selectSeries } from './internal/series-data.js';
export type { BuildSeriesOptions } from './build-series.js';
export { buildSeries, seriesToFrame } from './build-series.js';
export { referenceDailySeries } from './reference-daily-series.js';
export type { ForecastModel, FittedModel, ModelSpec, LocalFit, LocalContext } from './models/model.js';
export { naive, seasonalNaive, historicAverage, windowAverage } from './models/baselines.js';
export type { EtsParams, EtsOptions } from './models/ets.js';
export { ses, holt, holtWinters, fitEts, etsFilter } from './models/ets.js';
export { theta } from './models/theta.js';
export type { ArimaOrder, ArimaCoefficients, ArimaFit, ArimaFitOptions, AutoArimaOptions } from './models/arima.js';
export { arima, autoArima, fitArima, selectArimaOrder, armaLogLik, difference, kpssStatistic } from './models/arima.js';
export type { RidgeOptions } from './models/ridge.js';
export { ridge } from './models/ridge.js';
export type { GradientBoostingOptions } from './models/gradient-boosting.js';
export { gradientBoosting } from './models/gradient-boosting.js';
export type { GbtEnsemble, GbtParams } from './internal/hist-gbt.js';
export { fitGbt, predictGbt } from './internal/hist-gbt.js';
export { ensemble } from './models/ensemble.js';
export { createModel, MODEL_TYPES } from './create-model.js';
export type { LagTransform, DateFeature, FeatureTable, TargetTransform } from './features.js';
export {
  featureName,
  dateFeatureNames,
  lagTransformValue,
  dateFeatureValues,
  seriesFeatures,
  applyTargetTransform,
  invertTargetTransform,
  isoWeek,
} from './features.js';
export type { AcfResult } from './acf.js';
export { acf, pacf } from './acf.js';
export type { Periodogram } from './periodogram.js';
export { periodogram } from './periodogram.js';
export type { Decomposition } from './decompose.js';
export { classicalDecomposition, stlDecomposition } from './decompose.js';
export { mae, rmse, mape, smape, wape, bias, pinball, mase, rmsse, naiveScale } from './metrics.js';
export type { CrossValidationOptions, CrossValidationResult } from './cross-validation.js';
export { crossValidation } from './cross-validation.js';
export type { ModelScore, Selection, ConformalIntervals } from './evaluate.js';
export { scoreBacktest, selectModel, conformalIntervals, coverage } from './evaluate.js';
export type {
  EvaluationRow,
  ForecastPoint,
  ForecastSummary,
  ForecastReportOptions,
  ForecastParams,
  ForecastInput,
  ForecastOutput,
} from './forecast-report.js';
export { forecastReport, forecastPredictor, fromJSON, reportCandidates, FORECAST_INPUT_SCHEMA, FORECAST_OUTPUT_SCHEMA } from './forecast-report.js';
