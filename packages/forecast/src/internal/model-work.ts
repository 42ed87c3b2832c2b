import type { ModelSpec } from '../models/model.js';

/** Nanoseconds one counted operation of `modelWork` takes on a current server core (measured on Ridge, ETS and
 * ARIMA predictions: 5–20 ns per counted operation), the unit of `Predictor.cost`. */
export const NS_PER_OP = 10;
/** Nanoseconds per history value a prediction spends besides the model (copying, checking, the dates). */
export const NS_PER_HISTORY_VALUE = 30;
/** Nanoseconds per value of a planned price path or a price history (checking it, its logarithm). */
export const NS_PER_PRICE_VALUE = 30;
/** Nanoseconds per forecast step besides the model (its date, the interval, the output object). */
export const NS_PER_STEP = 400;

/**
 * Rough elementary operations a model spends per observation: `fit` when it estimates its parameters (optimiser
 * iterations × one filter pass), `filter` when it runs fixed parameters over a history (`FittedModel.update`), and
 * `step` per forecast step. Orders of magnitude only, for the forecast predictor's `cost`: an ensemble sums its
 * members. Unknown types count as the most expensive.
 */
export function modelWork(spec: ModelSpec): { fit: number; filter: number; step: number } {
  const o = (spec.options ?? {}) as Record<string, unknown>;
  switch (spec.type) {
    case 'Naive':
    case 'SeasonalNaive':
    case 'HistoricAverage':
    case 'WindowAverage':
      return { fit: 1, filter: 1, step: 1 };
    case 'SES':
    case 'CrostonClassic':
    case 'CrostonSBA':
    case 'TSB':
    case 'ADIDA':
    case 'IMAPA':
      return { fit: 100, filter: 5, step: 1 };
    case 'CrostonOptimized':
    case 'Theta':
    case 'Holt':
      return { fit: 500, filter: 10, step: 1 };
    case 'HoltWinters':
      return { fit: 5_000, filter: 20, step: 2 };
    case 'Ridge':
      return { fit: 200, filter: 5, step: 20 };
    case 'ARIMA': {
      const r = arimaStates(o.order);
      return { fit: 300 * r * r, filter: r * r, step: r * r };
    }
    case 'ARIMAX': {
      // the ARIMA on the regression residuals, plus the regression (a log and a product per value and step)
      const r = arimaStates(o.order);
      return { fit: 300 * r * r + 20, filter: r * r + 2, step: r * r + 2 };
    }
    case 'Ensemble': {
      const members = Array.isArray(o.models) ? (o.models as ModelSpec[]) : [];
      const sum = { fit: 1, filter: 1, step: 1 };
      for (const m of members) {
        const w = modelWork(m);
        sum.fit += w.fit;
        sum.filter += w.filter;
        sum.step += w.step;
      }
      return sum;
    }
    case 'GradientBoosting': {
      const trees = typeof o.nTrees === 'number' ? o.nTrees : 100;
      return { fit: 50 * trees, filter: 20, step: 10 * trees };
    }
    default:
      // AutoARIMA searches many orders; anything else is priced like it
      return { fit: 100_000, filter: 200, step: 200 };
  }
}

/** State dimension of a SARIMA order: max(p + sP, q + sQ + 1) plus the differencing. */
function arimaStates(order: unknown): number {
  const o = (order ?? {}) as Record<string, number>;
  const n = (k: string): number => (Number.isFinite(o[k]) ? o[k] : 0);
  const s = n('s') || 1;
  return Math.max(n('p') + s * n('P'), n('q') + s * n('Q') + 1) + n('d') + s * n('D');
}
