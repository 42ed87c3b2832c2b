import type { ForecastModel, SeriesData } from '@retailkit/forecast';

/** Forecast of the first series as a plain array. */
export function fc(model: ForecastModel, data: SeriesData, h: number): number[] {
  return Array.from(model.forecast(data, h).subarray(0, h));
}
