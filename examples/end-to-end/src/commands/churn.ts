import { evaluateCustomerValue, fitCustomerValue } from '@retailkit/rfm';
import { type Context, fmtInt } from '../context.js';
import { cleanStep } from './clean.js';

/**
 * `retailkit churn`: the honest evaluation of churn and customer-value models over rolling cut-offs
 * (`evaluateCustomerValue` on the cleaned `revenue` view: baselines, `gbt`, `blend`, and `selected`, chosen on
 * earlier cut-offs only), then the selected model fitted at the data's end (`fitCustomerValue`). Writes
 * `<out>/churn.json` — `{ horizonDays, evaluations, selected: { model, reason }, customers }` — and the artifact
 * `<out>/models/customer-value.json`.
 */
export async function churnCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const seed = ctx.options.seed;
  const frame = cleaned.views.revenue;
  const evaluation = await ctx.step(
    'churn evaluation',
    async () => evaluateCustomerValue(frame, { seed }),
    (r) =>
      `${new Set(r.evaluations.map((e) => e.cutoff)).size} cut-offs, selected ${r.selected?.model ?? 'none (no GBT training window)'}`,
  );
  const selected = evaluation.selected;
  const fit = await ctx.step(
    'churn model',
    async () => fitCustomerValue(frame, { seed, model: selected?.model, blend: selected?.blend, importance: true }),
    (r) => `${fmtInt(r.report.customers.length)} customers scored by ${r.report.model}`,
  );
  await ctx.writeJson('churn.json', {
    horizonDays: evaluation.horizonDays,
    evaluations: evaluation.evaluations.map((e) => ({
      cutoff: e.cutoff,
      model: e.model,
      baseline: e.baseline,
      countMae: e.countMae,
      countRmse: e.countRmse,
      revenueMae: e.revenueMae,
      churnAuc: e.churnAuc,
      churnBrier: e.churnBrier,
    })),
    selected: {
      model: fit.report.model,
      reason: selected?.reason ?? 'no cut-off with a GBT training window: blend with even weights by default',
      blend: fit.report.blend,
    },
    skipped: evaluation.skipped,
    churnImportance: fit.report.churnImportance,
    customers: fit.report.customers,
  });
  await ctx.writeJson('models/customer-value.json', fit.model.toJSON());
}
