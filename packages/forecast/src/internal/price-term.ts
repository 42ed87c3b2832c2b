import type { ModelSpec } from '../models/model.js';
import type { SeriesData } from '../series-data.js';

/**
 * True when the model regresses on `exog.price` (an ARIMAX with a `price` regressor, alone or as an ensemble
 * member): its forecasts then follow a planned price path. O(size of the spec).
 */
export function hasPriceTerm(spec: ModelSpec, depth = 0): boolean {
  const o = (spec?.options ?? {}) as Record<string, unknown>;
  if (spec?.type === 'ARIMAX') return Array.isArray(o.regressors) && o.regressors.includes('price');
  if (spec?.type === 'Ensemble' && Array.isArray(o.models) && depth < 8)
    return (o.models as ModelSpec[]).some((m) => hasPriceTerm(m, depth + 1));
  return false;
}

/**
 * The `exog.price` of the first series of `data` when every value is finite and positive (a log price exists
 * everywhere), else undefined. O(n).
 */
export function usablePrice(data: SeriesData): Float64Array | undefined {
  const col = data.exog?.price;
  if (!col) return undefined;
  const price = col.subarray(data.offsets[0], data.offsets[1]);
  return price.every((v) => Number.isFinite(v) && v > 0) ? price : undefined;
}
