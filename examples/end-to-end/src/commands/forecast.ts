import type { CleanResult } from '@retailkit/cleaning';
import { buildSeries, type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';
import { type BackgroundStep, backgroundStep } from '../background.js';
import type { Context } from '../context.js';
import type { ForecastDone, ForecastRequest } from '../forecast-worker.js';
import { referenceNoFreeLines } from '../reference/cleaning.js';
import { referenceForecast } from '../reference/forecast.js';
import { cleanStep } from './clean.js';
import { ingest } from './ingest.js';

/**
 * `retailkit forecast`: daily demand forecast with backtest-based model selection, written to
 * `<out>/forecast.json` and the artifact `<out>/models/forecast.json`.
 * Default preset: daily quantity of the `modeling` view on trading days. `reference`: the original
 * notebook's daily target (the cleaning reference output, plus the refund and free quantities of the
 * reference data without the free-lines step), see `../reference/forecast.ts`.
 */
export async function forecastCommand(ctx: Context): Promise<void> {
  const raw = await ingest(ctx);
  const cleaned = await cleanStep(ctx);
  const result = await ctx.step(
    'forecast',
    async () =>
      ctx.options.preset === 'reference'
        ? referenceForecast(cleaned.frame, referenceNoFreeLines(raw.frame), ctx.options.seed)
        : fitForecaster(defaultForecastSeries(cleaned), { seed: ctx.options.seed }),
    (r) => selectedDetail(r.report),
  );
  await ctx.writeJson('forecast.json', result.report);
  await ctx.writeJson('models/forecast.json', result.model.toJSON());
}

/**
 * The default preset's series, as `fitForecaster` builds it from a frame (its defaults: daily quantity on the days
 * that traded, business calendar), so that fitting it elsewhere gives the same report and artifact.
 */
export function defaultForecastSeries(cleaned: CleanResult): SeriesData {
  return buildSeries(cleaned.views.modeling, { freq: 'D', calendar: 'business', fill: 'absent' });
}

/**
 * The forecast of `run` in a worker thread beside segment and basket: it is sent only the daily series (a few kB),
 * made by the function `start` is given (`defaultForecastSeries` on the cleaned views, or the engine's
 * `demandSeriesSql` rows with `run --engine warehouse`); a refusal it throws skips the step in `finish`.
 */
export function backgroundForecast(ctx: Context): BackgroundStep<() => SeriesData> {
  return backgroundStep<ForecastDone, () => SeriesData>(ctx, {
    module: new URL('../forecast-worker.ts', import.meta.url),
    step: 'forecast',
    request: (series) => ({
      message: { series: series(), seed: ctx.options.seed } satisfies ForecastRequest,
    }),
    detail: (r) => selectedDetail(r.report),
    write: async (r) => {
      await ctx.writeJson('forecast.json', r.report);
      await ctx.writeJson('models/forecast.json', r.artifact);
    },
  });
}

/** The step's summary line: the selected model and its test scores. */
function selectedDetail(report: ForecastReport): string {
  const sel = report.selected;
  const test = report.evaluations.find((e) => e.window === 'test' && e.model === sel.model);
  return `selected ${sel.model}${test ? ` (test RMSE ${test.rmse.toFixed(1)}, MAPE ${(test.mape * 100).toFixed(1)}%)` : ''}`;
}
