import { forecastReport } from '@retailkit/forecast';
import type { Context } from '../context.js';
import { referenceNoFreeLines } from '../reference/cleaning.js';
import { cleanStep } from './clean.js';
import { ingest } from './ingest.js';

/**
 * `retailkit forecast`: daily demand forecast with backtest-based model selection, written to
 * `<out>/forecast.json` and the artifact `<out>/models/forecast.json`.
 * Default preset: daily quantity of the `modeling` view on trading days. `reference`: the original
 * notebook's daily target (the cleaning reference output, plus the refund and free quantities of the
 * reference data without the free-lines step).
 */
export async function forecastCommand(ctx: Context): Promise<void> {
  const raw = await ingest(ctx);
  const cleaned = await cleanStep(ctx);
  const result = await ctx.step(
    'forecast',
    async () => {
      if (ctx.options.preset === 'reference') {
        const noFreeLines = referenceNoFreeLines(raw.frame);
        return forecastReport(cleaned.frame, { preset: 'reference', noFreeLines, seed: ctx.options.seed });
      }
      return forecastReport(cleaned.views.modeling, { seed: ctx.options.seed });
    },
    (r) => {
      const sel = r.summary.selected;
      const test = r.summary.evaluations.find((e) => e.window === 'test' && e.model === sel.model);
      return `selected ${sel.model}${test ? ` (test RMSE ${test.rmse.toFixed(1)}, MAPE ${(test.mape * 100).toFixed(1)}%)` : ''}`;
    },
  );
  await ctx.writeJson('forecast.json', result.summary);
  await ctx.writeJson('models/forecast.json', result.model.toJSON());
}
