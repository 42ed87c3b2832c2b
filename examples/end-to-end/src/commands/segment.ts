import { isRetailKitError } from '@retailkit/core';
import { fitCustomerValue, fitSegmenter, formatSegments } from '@retailkit/rfm';
import { type Context, fmtInt } from '../context.js';
import { segmentLikeNotebook } from '../reference/segment.js';
import { cleanStep } from './clean.js';

/**
 * `retailkit segment`: customer features, KMeans with k chosen by silhouette and the 1% rule, a decision tree
 * that explains the segments, and churn/value models; `<out>/segments.json` (the fit's report) and
 * `<out>/models/segments.json` (the model's artifact). Default preset: `fitSegmenter` on the cleaned `revenue`
 * view (cancellations kept, so refund rates and net revenue are real; anonymous lines are skipped by the
 * features). `reference`: the notebook's feature table and clustering (`../reference/segment.ts`) on the
 * reference cleaning's output. The clusters' churn risk and CLV come from the customer-value model
 * (`fitCustomerValue`: the blend of GBT and BG/NBD that `retailkit churn` evaluates, fitted at the data's end
 * without the evaluation over cut-offs), or from BG/NBD + Gamma-Gamma when the data is too short to train it.
 */
export async function segmentCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const { seed } = ctx.options;
  const result = await ctx.step(
    'segment',
    async () =>
      ctx.options.preset === 'reference'
        ? segmentLikeNotebook(cleaned.frame, { seed })
        : fitSegmenter(cleaned.views.revenue, { seed, values: customerValues(cleaned.views.revenue, seed) }),
    (r) =>
      `${fmtInt(r.report.customers)} customers, k = ${r.report.k}, silhouette ${r.report.silhouette.toFixed(3)}, tree accuracy ${r.report.explanation.accuracy.toFixed(3)}`,
  );
  await ctx.writeJson('segments.json', result.report);
  await ctx.writeJson('models/segments.json', result.model.toJSON());
  ctx.print(formatSegments(result.report));
}

/** The customer-value model's per-customer scores, or undefined when the data cannot train it (a coded refusal). */
function customerValues(frame: Parameters<typeof fitCustomerValue>[0], seed: number) {
  try {
    const fit = fitCustomerValue(frame, { seed });
    return { model: `customer-value (${fit.report.model})`, customers: fit.report.customers };
  } catch (e) {
    if (isRetailKitError(e)) return undefined;
    throw e;
  }
}
