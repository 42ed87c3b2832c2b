import { buildSeries, type ForecastReport, fitForecaster } from '@retailkit/forecast';
import { recordStep, startWorker } from '../background.js';
import type { Context } from '../context.js';
import type { ForecastReply, ForecastRequest } from '../forecast-worker.js';
import { referenceNoFreeLines } from '../reference/cleaning.js';
import { referenceForecast } from '../reference/forecast.js';
import { fromWire } from '../worker-wire.js';
import { type Cleaned, cleanStep } from './clean.js';
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
    (r) => forecastDetail(r.report),
  );
  await ctx.writeJson('forecast.json', result.report);
  await ctx.writeJson('models/forecast.json', result.model.toJSON());
}

function forecastDetail(report: ForecastReport): string {
  const sel = report.selected;
  const test = report.evaluations.find((e) => e.window === 'test' && e.model === sel.model);
  return `selected ${sel.model}${test ? ` (test RMSE ${test.rmse.toFixed(1)}, MAPE ${(test.mape * 100).toFixed(1)}%)` : ''}`;
}

/** `run`'s forecast (default preset) in a worker thread (see {@link backgroundForecast}). */
export interface BackgroundForecast {
  /** Build the series from the cleaned `modeling` view and hand it to the worker, which fits at once. */
  start(cleaned: Cleaned): void;
  /** Wait for the fit, record the step and write the outputs of {@link forecastCommand}; rejects with its error. */
  finish(): Promise<void>;
  /** Stop the worker. Idempotent. */
  cancel(): Promise<void>;
}

/**
 * `run`'s default-preset forecast beside segment and basket: a worker thread starts at once (loading its modules
 * beside ingest); {@link BackgroundForecast.start} builds the daily series in this thread — the same `buildSeries`
 * call as `fitForecaster`'s default, so the fit and its outputs are those of {@link forecastCommand} — and posts it
 * (a few hundred values); the worker runs `fitForecaster` on it. The step record holds the fit's own time and start.
 */
export function backgroundForecast(ctx: Context): BackgroundForecast {
  const worker = startWorker(new URL('../forecast-worker.ts', import.meta.url));
  let failed: unknown;
  const reply = new Promise<ForecastReply>((resolve, reject) => {
    worker.on('message', resolve);
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the forecast worker stopped (exit code ${code}) before finishing`)));
  });
  reply.catch(() => undefined);
  let cancelled: Promise<void> | undefined;
  const cancel = () => {
    cancelled ??= worker.terminate().then(() => undefined);
    return cancelled;
  };
  return {
    start(cleaned) {
      try {
        const series = buildSeries(cleaned.views.modeling, { freq: 'D', calendar: 'business', fill: 'absent' });
        worker.postMessage({ series, seed: ctx.options.seed } satisfies ForecastRequest);
      } catch (e) {
        failed = e; // a refusal of the data belongs to the forecast step: thrown by finish()
      }
    },
    async finish() {
      try {
        if (failed !== undefined) throw failed;
        const r = await reply;
        if (r.type === 'error') throw fromWire(r.error);
        recordStep(ctx, 'forecast', r, forecastDetail(r.report), 'segment and basket');
        await ctx.writeJson('forecast.json', r.report);
        await ctx.writeJson('models/forecast.json', r.model);
      } finally {
        await cancel();
      }
    },
    cancel,
  };
}
