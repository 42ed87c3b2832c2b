import { formatSegments, segmentCustomers } from '@retailkit/rfm';
import { type Context, fmtInt } from '../context.js';
import { cleanStep } from './clean.js';

/**
 * `retailkit segment`: customer features, KMeans with k chosen by silhouette and the 1% rule, a decision tree
 * that explains the segments, and churn/value models; `<out>/segments.json` and `<out>/models/segments.json`.
 * Default preset: the cleaned `revenue` view (cancellations kept, so refund rates and net revenue are real;
 * anonymous lines are skipped by the features). `reference`: the notebook's feature table from the cleaning
 * reference output.
 */
export async function segmentCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const reference = ctx.options.preset === 'reference';
  const result = await ctx.step(
    'segment',
    async () =>
      segmentCustomers(reference ? cleaned.frame : cleaned.views.revenue, {
        preset: ctx.options.preset,
        seed: ctx.options.seed,
      }),
    (r) =>
      `${fmtInt(r.summary.customers)} customers, k = ${r.summary.k}, silhouette ${r.summary.silhouette.toFixed(3)}, tree accuracy ${r.summary.explanation.accuracy.toFixed(3)}`,
  );
  await ctx.writeJson('segments.json', result.summary);
  await ctx.writeJson('models/segments.json', result.model);
  ctx.print(formatSegments(result.summary));
}
