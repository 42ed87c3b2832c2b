import { quantileSorted } from '@retailkit/core';
import { checkPositiveInt } from '../errors.js';
import { constant, type ForecastModel, localModel } from './model.js';

/** Baselines estimate nothing: their forecast is a fixed function of the history (so an update is a refit). */
const STATELESS = { stateless: true } as const;

/**
 * Naive: every future value equals the last observation, ŷ(T+h) = y(T). Alias `Naive`. O(1) per series.
 *
 * @example
 * naive().forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 3] }]), 2) // Float64Array [3, 3]
 */
export function naive(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'Naive';
  return localModel(
    { type: 'Naive', alias, options: {} },
    (y) => {
      const last = y[y.length - 1];
      return { predict: (h) => constant(last, h), params: { last } };
    },
    STATELESS,
  );
}

/**
 * Seasonal naive: ŷ(T+h) = y(T + h − m·⌈h/m⌉), the value one season earlier. Alias `SeasonalNaive`. Falls back to
 * Naive when the series is shorter than one season.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when seasonLength is not an integer ≥ 1.
 * @example
 * seasonalNaive({ seasonLength: 2 }).forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 3, 4] }]), 3) // [3, 4, 3]
 */
export function seasonalNaive(options: { seasonLength: number; alias?: string }): ForecastModel {
  const m = checkPositiveInt('seasonalNaive', 'seasonLength', options.seasonLength);
  const alias = options.alias ?? 'SeasonalNaive';
  return localModel(
    { type: 'SeasonalNaive', alias, options: { seasonLength: m } },
    (y) => {
      const n = y.length;
      const season = n >= m ? y.slice(n - m) : Float64Array.of(y[n - 1]);
      const k = season.length;
      return {
        predict: (h) => {
          const out = new Float64Array(h);
          for (let i = 0; i < h; i++) out[i] = season[i % k];
          return out;
        },
        params: { season: Array.from(season) },
      };
    },
    STATELESS,
  );
}

/**
 * Historic average: ŷ = mean of all observations. Alias `HistoricAverage`. O(n).
 *
 * @example
 * historicAverage().forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 6] }]), 1) // [3]
 */
export function historicAverage(options: { alias?: string } = {}): ForecastModel {
  const alias = options.alias ?? 'HistoricAverage';
  return localModel(
    { type: 'HistoricAverage', alias, options: {} },
    (y) => {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i];
      const mean = s / y.length;
      return { predict: (h) => constant(mean, h), params: { mean } };
    },
    STATELESS,
  );
}

/**
 * Window average: ŷ = mean (or median with `statistic: 'median'`) of the last `windowSize` observations (all of them
 * when the series is shorter). Alias `WindowAverage` (or `WindowMedian`). O(windowSize).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when windowSize is not an integer ≥ 1.
 * @example
 * windowAverage({ windowSize: 2 }).forecast(seriesFromArrays([{ id: 'a', y: [1, 2, 6] }]), 1) // [4]
 */
export function windowAverage(options: {
  windowSize: number;
  statistic?: 'mean' | 'median' | 'quantile';
  quantile?: number;
  alias?: string;
}): ForecastModel {
  const w = checkPositiveInt('windowAverage', 'windowSize', options.windowSize);
  const stat = options.statistic ?? 'mean';
  const q = stat === 'median' ? 0.5 : (options.quantile ?? 0.5);
  const alias =
    options.alias ?? (stat === 'mean' ? 'WindowAverage' : stat === 'median' ? 'WindowMedian' : 'WindowQuantile');
  return localModel(
    { type: 'WindowAverage', alias, options: { windowSize: w, statistic: stat, quantile: q } },
    (y) => {
      const tail = y.slice(Math.max(0, y.length - w));
      let value: number;
      if (stat === 'mean') {
        let s = 0;
        for (let i = 0; i < tail.length; i++) s += tail[i];
        value = s / tail.length;
      } else value = quantileSorted(tail.sort(), q);
      return { predict: (h) => constant(value, h), params: { value } };
    },
    STATELESS,
  );
}
