import { fitSegmenter, formatSegments } from '@retailkit/rfm';
import { type Context, fmtInt } from '../context.js';
import { segmentLikeNotebook } from '../reference/segment.js';
import { cleanStep } from './clean.js';

/**
 * `retailkit segment`: customer features, KMeans with k chosen by silhouette and the 1% rule, a decision tree
 * that explains the segments, and churn/value models; `<out>/segments.json` (the fit's report) and
 * `<out>/models/segments.json` (the model's artifact). Default preset: `fitSegmenter` on the cleaned `revenue`
 * view (cancellations kept, so refund rates and net revenue are real; anonymous lines are skipped by the
 * features). `reference`: the notebook's feature table and clustering (`../reference/segment.ts`) on the
 * reference cleaning's output.
 */
export async function segmentCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const { seed } = ctx.options;
  const result = await ctx.step(
    'segment',
    async () =>
      ctx.options.preset === 'reference'
        ? segmentLikeNotebook(cleaned.frame, { seed })
        : fitSegmenter(cleaned.views.revenue, { seed }),
    (r) =>
      `${fmtInt(r.report.customers)} customers, k = ${r.report.k}, silhouette ${r.report.silhouette.toFixed(3)}, tree accuracy ${r.report.explanation.accuracy.toFixed(3)}`,
  );
  await ctx.writeJson('segments.json', result.report);
  await ctx.writeJson('models/segments.json', result.model.toJSON());
  ctx.print(formatSegments(result.report));
}
