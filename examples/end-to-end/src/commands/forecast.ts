import { fitForecaster } from '@retailkit/forecast';
import type { Context } from '../context.js';
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
        : fitForecaster(cleaned.views.modeling, { seed: ctx.options.seed }),
    (r) => {
      const sel = r.report.selected;
      const test = r.report.evaluations.find((e) => e.window === 'test' && e.model === sel.model);
      return `selected ${sel.model}${test ? ` (test RMSE ${test.rmse.toFixed(1)}, MAPE ${(test.mape * 100).toFixed(1)}%)` : ''}`;
    },
  );
  await ctx.writeJson('forecast.json', result.report);
  await ctx.writeJson('models/forecast.json', result.model.toJSON());
}
