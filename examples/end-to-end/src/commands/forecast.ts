import type { CleanResult } from '@retailkit/cleaning';
import { buildSeries, type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';
import { recordStep, startWorker } from '../background.js';
import type { Context } from '../context.js';
import type { ForecastReply, ForecastRequest } from '../forecast-worker.js';
import { referenceNoFreeLines } from '../reference/cleaning.js';
import { referenceForecast } from '../reference/forecast.js';
import { fromWire } from '../worker-wire.js';
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
        : fitForecaster(defaultForecastSeries(cleaned), { seed: ctx.options.seed }),
    (r) => selectedDetail(r.report),
  );
  await ctx.writeJson('forecast.json', result.report);
  await ctx.writeJson('models/forecast.json', result.model.toJSON());
}

/**
 * The default preset's series, as `fitForecaster` builds it from a frame (its defaults: daily quantity on the days
 * that traded, business calendar), so that fitting it elsewhere gives the same report and artifact.
 */
export function defaultForecastSeries(cleaned: CleanResult): SeriesData {
  return buildSeries(cleaned.views.modeling, { freq: 'D', calendar: 'business', fill: 'absent' });
}

/** The forecast of `run`, fitted in a worker thread beside segment and basket (see {@link backgroundForecast}). */
export interface BackgroundForecast {
  /** Build the series here and send it to the worker. */
  start(cleaned: CleanResult): void;
  /** Wait for the fit, record the step and write `forecast.json` and the artifact. */
  finish(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * `run`'s forecast step off the main thread (default preset): the worker starts at once, so its modules load beside
 * ingest; `start` sends it only the daily series (a few kB, not the frames, so the run's peak memory grows by the
 * worker's own heap alone), and the fit runs beside segment and basket. Outputs are those of {@link forecastCommand}.
 */
export function backgroundForecast(ctx: Context): BackgroundForecast {
  const worker = startWorker(new URL('../forecast-worker.ts', import.meta.url), { maxYoungGenerationSizeMb: 4 });
  const done = new Promise<Extract<ForecastReply, { type: 'done' }>>((resolve, reject) => {
    worker.once('message', (m: ForecastReply) => (m.type === 'error' ? reject(fromWire(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the forecast worker stopped (exit code ${code}) before finishing`)),
    );
  });
  done.catch(() => undefined);
  let started = false;
  let refused: unknown;
  const cancel = async () => {
    await worker.terminate();
  };
  return {
    start(cleaned) {
      started = true;
      try {
        const series = defaultForecastSeries(cleaned);
        worker.postMessage({ series, seed: ctx.options.seed } satisfies ForecastRequest);
      } catch (e) {
        refused = e; // a series that cannot be built skips the step, in finish(), as it would in forecastCommand
      }
    },
    async finish() {
      try {
        if (!started) throw new Error('backgroundForecast: finish() before start()');
        if (refused !== undefined) throw refused;
        const r = await done;
        recordStep(ctx, 'forecast', r, selectedDetail(r.report), 'segment and basket');
        await ctx.writeJson('forecast.json', r.report);
        await ctx.writeJson('models/forecast.json', r.artifact);
      } finally {
        await cancel();
      }
    },
    cancel,
  };
}

/** The step's summary line: the selected model and its test scores. */
function selectedDetail(report: ForecastReport): string {
  const sel = report.selected;
  const test = report.evaluations.find((e) => e.window === 'test' && e.model === sel.model);
  return `selected ${sel.model}${test ? ` (test RMSE ${test.rmse.toFixed(1)}, MAPE ${(test.mape * 100).toFixed(1)}%)` : ''}`;
}
