import { invalidArgument, RetailKitError } from '@retailkit/core';
import { FORECAST_ERROR_CODES } from './errors.js';
import { arima, autoArima } from './models/arima.js';
import { arimax } from './models/arimax.js';
import { historicAverage, naive, seasonalNaive, windowAverage } from './models/baselines.js';
import { ensemble } from './models/ensemble.js';
import { holt, holtWinters, ses } from './models/ets.js';
import { gradientBoosting } from './models/gradient-boosting.js';
import { adida, crostonClassic, crostonOptimized, crostonSba, imapa, tsb } from './models/intermittent.js';
import type { ForecastModel, ModelSpec } from './models/model.js';
import { ridge } from './models/ridge.js';
import { theta } from './models/theta.js';

/** Model types that {@link createModel} can rebuild from a spec. */
export const MODEL_TYPES = [
  'Naive',
  'SeasonalNaive',
  'HistoricAverage',
  'WindowAverage',
  'SES',
  'Holt',
  'HoltWinters',
  'Theta',
  'CrostonClassic',
  'CrostonSBA',
  'CrostonOptimized',
  'TSB',
  'ADIDA',
  'IMAPA',
  'ARIMA',
  'AutoARIMA',
  'ARIMAX',
  'Ridge',
  'GradientBoosting',
  'Ensemble',
] as const;

/**
 * Rebuild a model from its data-only spec (`model.spec`), e.g. when loading an artifact. Never evaluates code.
 *
 * @throws RetailKitError `FORECAST_UNKNOWN_MODEL` for a type not in {@link MODEL_TYPES}.
 * @example
 * createModel(theta({ seasonLength: 6 }).spec).alias // 'Theta'
 */
export function createModel(spec: ModelSpec): ForecastModel {
  // biome-ignore lint/suspicious/noExplicitAny: options are validated by each factory
  const o = { ...(spec.options as any), alias: spec.alias };
  switch (spec.type) {
    case 'Naive':
      return naive(o);
    case 'SeasonalNaive':
      return seasonalNaive(o);
    case 'HistoricAverage':
      return historicAverage(o);
    case 'WindowAverage':
      return windowAverage(o);
    case 'SES':
      return ses(o);
    case 'Holt':
      return holt(o);
    case 'HoltWinters':
      return holtWinters(o);
    case 'Theta':
      return theta(o);
    case 'CrostonClassic':
      return crostonClassic(o);
    case 'CrostonSBA':
      return crostonSba(o);
    case 'CrostonOptimized':
      return crostonOptimized(o);
    case 'TSB':
      return tsb(o);
    case 'ADIDA':
      return adida(o);
    case 'IMAPA':
      return imapa(o);
    case 'ARIMA':
      return arima(o);
    case 'AutoARIMA':
      return autoArima(o);
    case 'ARIMAX':
      return arimax(o);
    case 'Ridge':
      return ridge(o);
    case 'GradientBoosting':
      return gradientBoosting(o);
    case 'Ensemble': {
      const members = spec.options?.models;
      if (!Array.isArray(members))
        throw invalidArgument('createModel', 'options.models', members, 'an array of model specs');
      return ensemble({ ...o, models: (members as ModelSpec[]).map(createModel) });
    }
    default:
      throw new RetailKitError(
        FORECAST_ERROR_CODES.unknownModel,
        `createModel: unknown model type "${spec.type}". Use one of ${MODEL_TYPES.join(', ')}.`,
        { details: { received: spec.type, allowed: MODEL_TYPES } },
      );
  }
}
