export type { AcfResult } from './acf.js';
export { acf, pacf } from './acf.js';
export type { BuildSeriesOptions } from './build-series.js';
export { buildSeries, seriesToFrame } from './build-series.js';
export type { ConformalIntervals, ConformalOptions } from './conformal-intervals.js';
export { conformalIntervals } from './conformal-intervals.js';
export { createModel, MODEL_TYPES } from './create-model.js';
export type { CrossValidationOptions, CrossValidationResult } from './cross-validation.js';
export { crossValidation } from './cross-validation.js';
export type { Decomposition } from './decompose.js';
export { classicalDecomposition } from './decompose.js';
export { FORECAST_ERROR_CODES } from './errors.js';
export type { ModelScore, Selection } from './evaluate.js';
export { coverage, scoreBacktest, selectModel } from './evaluate.js';
export type { DateFeature, FeatureTable, LagTransform, TargetTransform } from './features.js';
export {
  applyTargetTransform,
  dateFeatureNames,
  dateFeatureValues,
  featureName,
  invertTargetTransform,
  isoWeek,
  lagTransformValue,
  seriesFeatures,
} from './features.js';
export type {
  EvaluationRow,
  ForecastInput,
  ForecastOutput,
  ForecastParams,
  ForecastPoint,
  ForecastReportOptions,
  ForecastSummary,
} from './forecast-report.js';
export {
  FORECAST_INPUT_SCHEMA,
  FORECAST_OUTPUT_SCHEMA,
  forecastPredictor,
  forecastReport,
  fromJSON,
  reportCandidates,
} from './forecast-report.js';
export type { Freq, TradingCalendar } from './internal/calendar.js';
export { ALL_DAYS, futureDates, NO_SATURDAYS } from './internal/calendar.js';
export type { GbtEnsemble, GbtParams } from './internal/hist-gbt.js';
export { fitGbt, predictGbt } from './internal/hist-gbt.js';
export type { SeriesData } from './internal/series-data.js';
export {
  selectSeries,
  seriesCount,
  seriesDates,
  seriesFromArrays,
  seriesValues,
  truncateSeries,
} from './internal/series-data.js';
export { intervalHalfWidths } from './interval-half-widths.js';
export { bias, mae, mape, mase, naiveScale, pinball, rmse, rmsse, smape, wape } from './metrics.js';
export type { ArimaCoefficients, ArimaFit, ArimaFitOptions, ArimaOrder, AutoArimaOptions } from './models/arima.js';
export { arima, armaLogLik, autoArima, difference, fitArima, kpssStatistic, selectArimaOrder } from './models/arima.js';
export { historicAverage, naive, seasonalNaive, windowAverage } from './models/baselines.js';
export { ensemble } from './models/ensemble.js';
export type { EtsOptions, EtsParams } from './models/ets.js';
export { etsFilter, fitEts, holt, holtWinters, ses } from './models/ets.js';
export type { GradientBoostingOptions } from './models/gradient-boosting.js';
export { gradientBoosting } from './models/gradient-boosting.js';
export { adida, crostonClassic, crostonOptimized, crostonSba, imapa, tsb } from './models/intermittent.js';
export type { FittedModel, ForecastModel, LocalContext, LocalFit, ModelSpec } from './models/model.js';
export type { RidgeOptions } from './models/ridge.js';
export { ridge } from './models/ridge.js';
export { theta } from './models/theta.js';
export type { Periodogram } from './periodogram.js';
export { periodogram } from './periodogram.js';
export { referenceDailySeries } from './reference-daily-series.js';
export type { StlOptions } from './stl-decomposition.js';
export { stlDecomposition } from './stl-decomposition.js';
