import { isRetailKitError } from '@retailkit/core';
import { type CustomerTables, fitCustomerValue, fitSegmenter, formatSegments } from '@retailkit/rfm';
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
 * `run --engine warehouse` passes `tables`: the fits then read the per-customer tables computed in the engine
 * (`customerTables`), and equal the fits on the revenue view.
 */
export async function segmentCommand(
  ctx: Context,
  opts: { writeValue?: boolean; tables?: () => Promise<{ tables: CustomerTables; asOf?: number }> } = {},
): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const { seed } = ctx.options;
  let value: ReturnType<typeof fitCustomerValue> | undefined;
  const result = await ctx.step(
    'segment',
    async () => {
      if (ctx.options.preset === 'reference') return segmentLikeNotebook(cleaned.frame, { seed });
      // run --engine warehouse: the per-customer tables computed in the engine, else the revenue view's lines
      const pushed = opts.tables ? await opts.tables() : undefined;
      const input = pushed?.tables ?? cleaned.views.revenue;
      const asOf = pushed?.asOf;
      return fitSegmenter(input, { seed, asOf, values: customerValues((value = fitValue(input, seed, asOf))) });
    },
    (r) =>
      `${fmtInt(r.report.customers)} customers, k = ${r.report.k}, silhouette ${r.report.silhouette.toFixed(3)}, tree accuracy ${r.report.explanation.accuracy.toFixed(3)}`,
  );
  await ctx.writeJson('segments.json', result.report);
  await ctx.writeJson('models/segments.json', result.model.toJSON());
  if (opts.writeValue && value) {
    // `run`: the model fitted without the evaluation over cut-offs (that is `retailkit churn`)
    await ctx.writeJson('churn.json', {
      horizonDays: value.report.horizonDays,
      evaluations: [],
      selected: {
        model: value.report.model,
        reason:
          'not evaluated in run: the default blend (even weights); retailkit churn evaluates over cut-offs and selects',
        blend: value.report.blend,
      },
      customers: value.report.customers,
    });
    await ctx.writeJson('models/customer-value.json', value.model.toJSON());
  }
  ctx.print(formatSegments(result.report));
}

/** The customer-value model at the data's end, or undefined when the data cannot train it (a coded refusal). */
function fitValue(input: Parameters<typeof fitCustomerValue>[0], seed: number, asOf: number | undefined) {
  try {
    return fitCustomerValue(input, { seed, asOf });
  } catch (e) {
    if (isRetailKitError(e)) return undefined;
    throw e;
  }
}

/** The per-customer scores `fitSegmenter` averages per cluster. */
function customerValues(fit: ReturnType<typeof fitCustomerValue> | undefined) {
  // its BG/NBD and Gamma-Gamma are the segmenter's too (same frame, same asOf): passed so they are fitted once
  return (
    fit && {
      model: `customer-value (${fit.report.model})`,
      customers: fit.report.customers,
      bgNbd: fit.report.bgNbd,
      gammaGamma: fit.report.gammaGamma,
      trainingFingerprint: fit.model.toJSON().trainingFingerprint,
    }
  );
}
