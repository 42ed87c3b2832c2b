import { invalidArgument } from '@retailkit/core';
import { checkUniqueAliases } from '../errors.js';
import type { SeriesData } from '../series-data.js';
import { type FittedModel, type ForecastModel, memoisedFit } from './model.js';

/**
 * Combine models by the mean or median of their forecasts, point by point. Alias `Ensemble` (or given).
 * O(models × series × horizon) on top of the members' cost.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an empty model list; `FORECAST_DUPLICATE_ALIAS` for repeated aliases.
 * @example
 * ensemble({ models: [naive(), historicAverage()] }).forecast(seriesFromArrays([{ id: 'a', y: [1, 3] }]), 1) // [2.5]
 */
export function ensemble(options: {
  models: readonly ForecastModel[];
  statistic?: 'mean' | 'median';
  alias?: string;
}): ForecastModel {
  const models = options.models;
  if (!models || models.length === 0)
    throw invalidArgument('ensemble', 'models.length', models?.length ?? 0, 'at least 1', 'Pass the member models.');
  checkUniqueAliases('ensemble', models);
  const stat = options.statistic ?? 'mean';
  const alias = options.alias ?? (stat === 'mean' ? 'Ensemble' : 'EnsembleMedian');
  const spec = { type: 'Ensemble', alias, options: { statistic: stat, models: models.map((m) => m.spec) } };
  const build = (data: SeriesData, fits: FittedModel[]): FittedModel => {
    const fitted: FittedModel = {
      alias,
      ids: data.ids,
      params: data.ids.map((_, i) => ({
        members: fits.map((f) => f.alias),
        memberParams: fits.map((f) => f.params[i]),
      })),
      predict(h: number): Float64Array {
        const preds = fits.map((f) => f.predict(h));
        const out = new Float64Array(preds[0].length);
        const buf = new Float64Array(preds.length);
        for (let j = 0; j < out.length; j++) {
          if (stat === 'mean') {
            let s = 0;
            for (const p of preds) s += p[j];
            out[j] = s / preds.length;
          } else {
            for (let k = 0; k < preds.length; k++) buf[k] = preds[k][j];
            buf.sort();
            const mid = buf.length >> 1;
            out[j] = buf.length % 2 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
          }
        }
        return out;
      },
    };
    // the ensemble can update its history when every member can
    if (fits.every((f) => f.update))
      fitted.update = (next) =>
        build(
          next,
          fits.map((f) => (f.update as (d: SeriesData) => FittedModel)(next)),
        );
    return Object.freeze(fitted);
  };
  const fitRaw = (data: SeriesData): FittedModel =>
    build(
      data,
      models.map((m) => m.fit(data)),
    );
  const fit = memoisedFit(spec, fitRaw);
  return Object.freeze({ alias, spec, fit, forecast: (d: SeriesData, h: number) => fit(d).predict(h) });
}
