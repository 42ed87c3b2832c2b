import { type CustomerTables, formatSegments, type SegmentsReport } from '@retailkit/rfm';
import { type BackgroundStep, backgroundStep } from '../background.js';
import { type Context, fmtInt } from '../context.js';
import { segmentLikeNotebook } from '../reference/segment.js';
import { fitSegments, type SegmentFit } from '../segment-fit.js';
import type { SegmentDone, SegmentRequest } from '../segment-worker.js';
import { frameMover } from '../worker-wire.js';
import { cleanStep } from './clean.js';

/** The files the segment step of `run` writes into `--out`. */
export const SEGMENT_OUTPUTS = ['segments.json', 'models/segments.json', 'churn.json', 'models/customer-value.json'];

/**
 * `retailkit segment`: customer features, KMeans with k chosen by silhouette and the 1% rule, a decision tree
 * that explains the segments, and churn/value models; `<out>/segments.json` (the fit's report) and
 * `<out>/models/segments.json` (the model's artifact). Default preset: {@link fitSegments} on the cleaned `revenue`
 * view (cancellations kept, so refund rates and net revenue are real; anonymous lines are skipped by the
 * features). `reference`: the notebook's feature table and clustering (`../reference/segment.ts`) on the
 * reference cleaning's output. `run --engine warehouse` fits in a worker on the per-customer tables computed in
 * the engine instead ({@link backgroundSegment}).
 */
export async function segmentCommand(ctx: Context, opts: { writeValue?: boolean } = {}): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const { seed } = ctx.options;
  if (ctx.options.preset === 'reference') {
    const r = await ctx.step('segment', async () => segmentLikeNotebook(cleaned.frame, { seed }), segmentDetail);
    await ctx.writeJson('segments.json', r.report);
    await ctx.writeJson('models/segments.json', r.model.toJSON());
    ctx.print(formatSegments(r.report));
    return;
  }
  const fit = await ctx.step('segment', async () => fitSegments(cleaned.views.revenue, seed), segmentDetail);
  await writeSegments(ctx, fit, opts.writeValue === true);
}

/** Write the fits' files (the value model's with `writeValue`, as `run` does) and print the segments. */
async function writeSegments(ctx: Context, fit: SegmentFit, writeValue: boolean): Promise<void> {
  await ctx.writeJson('segments.json', fit.report);
  await ctx.writeJson('models/segments.json', fit.artifact);
  if (writeValue && fit.value) {
    const { report, artifact } = fit.value;
    // `run`: the model fitted without the evaluation over cut-offs (that is `retailkit churn`)
    await ctx.writeJson('churn.json', {
      horizonDays: report.horizonDays,
      evaluations: [],
      selected: {
        model: report.model,
        reason:
          'not evaluated in run: the default blend (even weights); retailkit churn evaluates over cut-offs and selects',
        blend: report.blend,
      },
      customers: report.customers,
    });
    await ctx.writeJson('models/customer-value.json', artifact);
  }
  ctx.print(formatSegments(fit.report));
}

/** What {@link backgroundSegment} is started with: the engine's per-customer tables, and when their query began. */
export interface SegmentInput {
  tables: CustomerTables;
  asOf?: number;
  /** `performance.timeOrigin + performance.now()` when the tables' query began: the step's start. */
  startedAt: number;
}

/**
 * The segment step of `run --engine warehouse` in a worker thread: it is moved copies of the per-customer tables
 * computed in the engine (one row per customer, and per customer and purchase day), so that this thread's event
 * loop stays free to drive the engine (basket's levels, the load) while the fits run. Outputs are byte for byte
 * those of fitting here on the same tables.
 */
export function backgroundSegment(ctx: Context): BackgroundStep<SegmentInput> {
  return backgroundStep<SegmentDone, SegmentInput>(ctx, {
    module: new URL('../segment-worker.ts', import.meta.url),
    step: 'segment',
    beside: 'basket and the engine',
    request: ({ tables, asOf, startedAt }) => {
      const m = frameMover();
      const moved: CustomerTables = {
        events: m.frame(tables.events),
        ...(tables.features ? { features: m.frame(tables.features) } : {}),
      };
      return {
        message: { tables: moved, asOf, seed: ctx.options.seed, startedAt } satisfies SegmentRequest,
        transfer: m.transfer,
      };
    },
    detail: (r) => segmentDetail(r.fit),
    write: (r) => writeSegments(ctx, r.fit, true),
  });
}

/** The step's summary line. */
function segmentDetail(r: { report: SegmentsReport }): string {
  return `${fmtInt(r.report.customers)} customers, k = ${r.report.k}, silhouette ${r.report.silhouette.toFixed(3)}, tree accuracy ${r.report.explanation.accuracy.toFixed(3)}`;
}
