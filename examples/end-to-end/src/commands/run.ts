import type { Frame } from '@retailkit/core';
import type { SeriesData } from '@retailkit/forecast';
import type { BackgroundStep } from '../background.js';
import { type Context, fmtMs, type SkippedStep, type StepRecord, table } from '../context.js';
import { CLI_ERROR_CODES, cliError, errorCode, errorLine, isRetailKitRefusal } from '../errors.js';
import type { RunWarehouse } from '../warehouse-run.js';
import { now } from '../worker-wire.js';
import { basketCommand } from './basket.js';
import { cleanCommand, cleanStep } from './clean.js';
import { backgroundForecast, defaultForecastSeries, forecastCommand } from './forecast.js';
import { ingest, ingestCommand } from './ingest.js';
import { type BackgroundLoad, backgroundLoad } from './load.js';
import { backgroundPricing, PRICING_OUTPUTS } from './pricing.js';
import { reportCommand } from './report.js';
import { backgroundSegment, SEGMENT_OUTPUTS, type SegmentInput, segmentCommand } from './segment.js';
import { serveCommand } from './serve.js';

/** The summary table fits a 100-column terminal: its result column is wrapped. */
export const SUMMARY_WIDTH = 100;

/** The summary of a run: time, peak memory and result of each step, then the skipped steps. */
export function summaryTable(steps: readonly StepRecord[], skipped: readonly SkippedStep[]): string {
  return table(
    ['step', 'time', 'peak RSS MB', 'result'],
    [
      ...steps.map((s) => [s.step, fmtMs(s.ms), s.peakRssMB.toFixed(0), s.detail]),
      ...skipped.map((s) => [s.step, '—', '—', `skipped: ${s.code} (see run.json)`]),
    ],
    [0, 3],
    { maxWidth: SUMMARY_WIDTH },
  );
}

interface RunStep {
  name: string;
  /** An analysis may be skipped when the data cannot support it; load and report must succeed. */
  analysis: boolean;
  /** Files in `--out` the step writes, removed before it runs so that a skipped step leaves no earlier output. */
  outputs: string[];
  run: (ctx: Context, args: Record<string, unknown>) => Promise<void>;
  /** Started, not awaited: the steps after it run beside it, and the run waits for it after the last step. */
  beside?: boolean;
  /** Started right after ingest (beside clean and the steps after it) rather than after clean. Implies `beside`. */
  early?: boolean;
  /** Steps started before this one (beside) that it waits for first, whether they ran or were skipped. */
  after?: readonly string[];
}

/** The analyses and the report in the summary and `run.json`, whatever order they ran in. */
const SUMMARY_ORDER = ['segment', 'basket', 'forecast', 'pricing', 'report'];

/**
 * The steps of `run` after ingest and clean (which every step needs, so their failure ends the run), in the order
 * they are awaited. lake and load do not depend on the analyses: they run in a worker thread from the end of clean
 * (see `backgroundLoad`), beside segment, basket, forecast and report, and `load` here waits for them. The forecast
 * needs only the daily series, so it is fitted in a second worker thread beside segment and basket (see
 * `backgroundForecast`), and pricing, which needs six columns of the modeling view, in a third (`backgroundPricing`);
 * basket and segment stay in this thread, because a worker would need its own copy of the frames, which would push
 * the run's peak memory past 600 MB on the real data. Basket, the shorter, runs first: beside the workers rather
 * than beside an idle core once they are done.
 */
function runSteps(
  background: BackgroundLoad,
  forecast: BackgroundStep<() => SeriesData> | null,
  pricing: BackgroundStep,
): RunStep[] {
  return [
    {
      name: 'basket',
      analysis: true,
      outputs: ['rules.json', 'models/recommender.json'],
      run: (ctx) => basketCommand(ctx),
    },
    {
      name: 'segment',
      analysis: true,
      outputs: SEGMENT_OUTPUTS,
      // the server's readiness is seen by this thread's event loop, which segment blocks for seconds: wait for it
      // first (it started beside ingest, so it is usually up by the end of basket) so that the load is not held back
      run: async (ctx) => {
        // segment's input, the revenue view, is taken when first read (a copy of most rows): read it while the
        // server finishes starting
        void (await cleanStep(ctx)).views.revenue;
        await background.ready();
        await segmentCommand(ctx, { writeValue: true });
      },
    },
    {
      name: 'forecast',
      analysis: true,
      outputs: ['forecast.json', 'models/forecast.json'],
      run: forecast ? () => forecast.finish() : forecastCommand,
    },
    { name: 'pricing', analysis: true, outputs: PRICING_OUTPUTS, run: () => pricing.finish() },
    { name: 'report', analysis: false, outputs: ['report.html'], run: reportCommand },
    { name: 'load', analysis: false, outputs: [], run: () => background.finish() },
  ];
}

/**
 * The steps of `run --engine warehouse`: `warehouse` (the lines loaded and cleaned in the engine; it starts the
 * forecast's worker on the engine's daily series), segment on the per-customer tables computed there (fitted in a
 * worker, {@link backgroundSegment}, so that this thread keeps driving the engine), basket on the itemsets counted
 * there, forecast, pricing, report as in memory, and `score`. The worker writes the lake only, so that the engine
 * opens at the end of ingest, beside clean (a DuckDB file has one writer process; the embedded server, one data
 * directory; the lines' load into it waits for clean, which holds this thread); `transactions_raw` and
 * `transactions_clean` (as `run --engine memory` loads them) are made in the engine from the lines it loaded and
 * cleaned (`loadFromEngine`: the same tables) after basket, beside segment's fits. The score follows them: its
 * recommendations and forecasts beside segment's fits, its customer scores (on segment's customer features) beside
 * the report.
 * The engine stays open from `warehouse` to `score`; `wh.close()` is the caller's.
 */
function warehouseSteps(
  memory: RunStep[],
  background: BackgroundLoad,
  forecast: BackgroundStep<() => SeriesData> | null,
  segment: BackgroundStep<SegmentInput>,
  warehouse: string | undefined,
  wh: { current?: RunWarehouse },
  ended: (step: string) => Promise<void>,
): RunStep[] {
  const opened = (step: string) => {
    if (!wh.current)
      throw cliError(
        CLI_ERROR_CODES.warehouseSkipped,
        `${step}: the warehouse step was skipped (see run.json), and ${step} reads the lines it cleaned in the engine. Fix what it reports, or run --engine memory.`,
        { step },
      );
    return wh.current;
  };
  // loaded now, beside ingest, so that the warehouse step can start at ingest's end
  const loaded = import('../warehouse-run.js');
  loaded.catch(() => undefined);
  const module = () => loaded;
  const byName = (n: string) => memory.find((s) => s.name === n) as RunStep;
  // the customer features segment fitted on, which the score step reuses once segment's step has ended
  let features: { asOf: number; table: Frame } | undefined;
  const load: RunStep = {
    name: 'load',
    analysis: false,
    outputs: [],
    run: async () => {
      const { loadFromEngine } = await module();
      await background.finish((input) => loadFromEngine(opened('load'), input));
    },
    beside: true,
  };
  return [
    {
      name: 'warehouse',
      analysis: false,
      outputs: [],
      run: async (ctx) => {
        const { warehouseStep, forecastSeries } = await module();
        wh.current = await warehouseStep(ctx, { warehouse });
        // the forecast's worker fits the engine's daily series beside segment (a refusal skips forecast, not this)
        const series = await forecastSeries(wh.current).then(
          (s) => () => s,
          (e) => () => {
            throw e;
          },
        );
        forecast?.start(series);
      },
      early: true,
    },
    {
      name: 'segment',
      analysis: true,
      outputs: SEGMENT_OUTPUTS,
      run: async () => {
        const { customerTables } = await module();
        const startedAt = now();
        const t = await customerTables(opened('segment'));
        if (t.asOf !== undefined && t.tables.features) features = { asOf: t.asOf, table: t.tables.features };
        segment.start({ ...t, startedAt });
        await segment.finish();
      },
      beside: true,
      after: ['warehouse'],
    },
    {
      ...byName('basket'),
      run: async (ctx) => {
        const { warehouseBasketSource } = await import('../warehouse-basket.js');
        const w = opened('basket');
        await basketCommand(ctx, {
          warehouse: async () => warehouseBasketSource(w.engine, w.views.basket, w.itemsetTables),
        });
      },
      after: ['warehouse'],
    },
    load,
    {
      ...byName('forecast'),
      // its worker was started by the warehouse step, with the engine's series
      run: async (ctx, a) => {
        opened('forecast');
        await byName('forecast').run(ctx, a);
      },
      after: ['warehouse'],
    },
    byName('pricing'),
    // recommendations and forecasts scored beside segment's fits, the customers while this thread writes the report
    // (neither reads what the other writes)
    {
      name: 'score',
      analysis: false,
      outputs: [],
      run: async (ctx) =>
        void (await (await module()).scoreStep(ctx, opened('score'), () => ended('segment').then(() => features))),
      beside: true,
      after: ['basket', 'forecast', 'load'],
    },
    { ...byName('report'), after: ['segment'] },
  ];
}

/**
 * `retailkit run` (and `npm start`): every step on `--data`, then a summary table and `<out>/run.json`.
 * A step after clean that a library refuses with a coded error (a series too short to forecast, no baskets, too
 * few customers) is skipped: its reason goes to stderr, the summary and `run.json` (`skipped`), and the other
 * steps still run. Errors without a RetailKit code (file system, bugs) end the run.
 *
 * @throws RetailKitError `CLI_RUN_INCOMPLETE` after writing every output it could, when load or report was
 *   skipped or no analysis step ran (exit 1); skipped analyses alone exit 0.
 */
export async function runCommand(ctx: Context, args: Record<string, unknown> = {}): Promise<void> {
  const t0 = performance.now();
  ctx.print(`RetailKit end-to-end on ${ctx.options.data} → ${ctx.options.out} (preset ${ctx.options.preset})\n`);
  // load.json is written by the background load when it finishes: no earlier run's passes for this one's
  await ctx.removeOutputs('load.json');
  const warehouse = args.warehouse as string | undefined;
  const onEngine = args.engine === 'warehouse';
  const background = backgroundLoad(ctx, {
    lake: args.lake as string | undefined,
    warehouse,
    lakeOnly: onEngine,
  });
  // the default preset's forecast is fitted in a worker thread beside segment and basket (the reference preset's
  // replays the notebook on the frames, here)
  const forecast = ctx.options.preset === 'reference' ? null : backgroundForecast(ctx);
  const pricing = backgroundPricing(ctx);
  const memory = runSteps(background, forecast, pricing);
  const wh: { current?: RunWarehouse } = {};
  // the warehouse run fits segment in a worker (started now, so that its modules load beside ingest)
  const segment = onEngine ? backgroundSegment(ctx) : null;
  // the steps started and not awaited (beside), by name, which a later step's `after` waits for
  const started = new Map<string, Promise<void>>();
  // a launched step's end, whatever it was
  const ended = async (name: string) => void (await started.get(name)?.catch(() => undefined));
  const steps = segment ? warehouseSteps(memory, background, forecast, segment, warehouse, wh, ended) : memory;
  const launch = (step: RunStep): Promise<void> => {
    const done = (async () => {
      for (const name of step.after ?? []) await ended(name);
      await runOrSkip(ctx, step, args);
    })();
    started.set(step.name, done);
    if (step.beside || step.early) done.catch(() => undefined);
    return done;
  };
  try {
    await ingestCommand(ctx);
    for (const step of steps) if (step.early) launch(step);
    await cleanCommand(ctx, { writeFiles: false });
    const cleaned = await cleanStep(ctx);
    background.start(await ingest(ctx), cleaned);
    if (!onEngine) forecast?.start(() => defaultForecastSeries(cleaned));
    pricing.start(cleaned);
    for (const step of steps) {
      if (step.early) continue;
      const done = launch(step);
      if (!step.beside) await done;
    }
    await Promise.all(started.values());
  } finally {
    // nothing is closed under a step still running (a failed clean leaves the early ones going)
    await Promise.allSettled(started.values());
    await Promise.all([
      background.cancel(),
      forecast?.cancel(),
      pricing.cancel(),
      segment?.cancel(),
      wh.current?.close(),
    ]);
  }
  // the summary in pipeline order, whatever order overlapping steps finished in (their startMs says when they ran)
  const order = ['ingest', 'clean', 'lake', 'load', 'warehouse', ...SUMMARY_ORDER, 'score'];
  const byOrder = (a: { step: string }, b: { step: string }) => order.indexOf(a.step) - order.indexOf(b.step);
  ctx.steps.sort(byOrder);
  ctx.skipped.sort(byOrder);
  ctx.print('\nSummary');
  ctx.print(summaryTable(ctx.steps, ctx.skipped));
  ctx.print(`\ntotal ${fmtMs(performance.now() - t0)}`);
  await ctx.writeJson('run.json', { steps: ctx.steps, skipped: ctx.skipped, totalMs: performance.now() - t0 });
  const incomplete = incompleteReason(
    steps,
    ctx.skipped.map((s) => s.step),
  );
  if (incomplete)
    throw cliError(
      CLI_ERROR_CODES.runIncomplete,
      `run: ${incomplete} (${ctx.skipped.map((s) => `${s.step} ${s.code}`).join(', ')}); the other outputs are in ${ctx.options.out}, reasons in run.json.`,
      { skipped: ctx.skipped },
    );
  if (args.serve)
    await serveCommand(ctx, {
      port: args.port === undefined ? undefined : Number(args.port),
      host: args.host as string | undefined,
    });
}

async function runOrSkip(ctx: Context, step: RunStep, args: Record<string, unknown>): Promise<void> {
  await ctx.removeOutputs(...step.outputs);
  try {
    await step.run(ctx, args);
  } catch (e) {
    if (!isRetailKitRefusal(e)) throw e;
    ctx.skipped.push({ step: step.name, code: errorCode(e) as string, message: (e as Error).message });
    process.stderr.write(`retailkit run: ${step.name} skipped: ${errorLine(e)}\n`);
    if (ctx.options.debug && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  }
}

/** Why a run with these skipped steps failed, or undefined when it succeeded. */
function incompleteReason(steps: RunStep[], skipped: string[]): string | undefined {
  const required = steps.filter((s) => !s.analysis && skipped.includes(s.name)).map((s) => s.name);
  if (required.length) return `${required.join(' and ')} failed`;
  if (steps.every((s) => !s.analysis || skipped.includes(s.name))) return 'no analysis step could run on this data';
  return undefined;
}
