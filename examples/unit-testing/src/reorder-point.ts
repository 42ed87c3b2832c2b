import { invalidArgument } from '@retailkit/core';
import type { ForecastOutput } from '@retailkit/forecast';

/** Options of `reorderPoint`. */
export interface ReorderOptions {
  /** Trading periods between placing an order and receiving it (an integer ≥ 1, ≤ the forecast's length). */
  readonly leadTime: number;
}

/** A product's reorder point. */
export interface ReorderPoint {
  readonly leadTime: number;
  /** Σ max(0, ŷ) over the lead time. */
  readonly expectedDemand: number;
  /** √Σ ((hi − lo) / 2)² over the lead time: the interval half-widths combined as independent errors. */
  readonly safetyStock: number;
  /** ⌈expectedDemand + safetyStock⌉: order when stock on hand plus on order falls to this. */
  readonly reorderPoint: number;
  /** The interval level the safety stock was read at (the forecast's `level`). */
  readonly level: number;
}

/**
 * Reorder point from a demand forecast and its prediction interval (forecast's `Forecaster.predict` output):
 * demand over the lead time D = Σ_{h ≤ L} max(0, ŷ_h), safety stock SS = √Σ_{h ≤ L} ((hi_h − lo_h) / 2)²
 * (each step's interval half-width at the forecast's level, errors taken as independent), reorder point
 * ⌈D + SS⌉ units. Steps are the forecast's periods (trading days for a daily forecaster), so a lead time counts
 * trading days. Pure; O(L).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a lead time that is not an integer in [1, forecasts.length].
 * @example
 * reorderPoint({ model: 'm', level: 0.9, forecasts: [
 *   { ds: '2011-12-12', yhat: 10, lo: 7, hi: 13 }, { ds: '2011-12-13', yhat: 12, lo: 8, hi: 16 },
 * ] }, { leadTime: 2 }) // { leadTime: 2, expectedDemand: 22, safetyStock: 5, reorderPoint: 27, level: 0.9 }
 */
export function reorderPoint(forecast: ForecastOutput, options: ReorderOptions): ReorderPoint {
  const { leadTime } = options;
  const steps = forecast.forecasts.length;
  if (!(Number.isInteger(leadTime) && leadTime >= 1 && leadTime <= steps))
    throw invalidArgument('reorderPoint', 'leadTime', leadTime, `an integer in [1, ${steps}] (forecast more steps)`);
  let demand = 0;
  let variance = 0;
  for (const f of forecast.forecasts.slice(0, leadTime)) {
    demand += Math.max(0, f.yhat);
    variance += ((f.hi - f.lo) / 2) ** 2;
  }
  const safetyStock = Math.sqrt(variance);
  return {
    leadTime,
    expectedDemand: demand,
    safetyStock,
    reorderPoint: Math.ceil(demand + safetyStock),
    level: forecast.level,
  };
}
