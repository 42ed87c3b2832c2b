import { type Context, fmtMs, table } from '../context.js';
import { basketCommand } from './basket.js';
import { cleanCommand } from './clean.js';
import { forecastCommand } from './forecast.js';
import { ingestCommand } from './ingest.js';
import { loadCommand } from './load.js';
import { reportCommand } from './report.js';
import { segmentCommand } from './segment.js';
import { serveCommand } from './serve.js';

/** `retailkit run` (and `npm start`): every step on `--data`, then a summary table. */
export async function runCommand(ctx: Context, args: Record<string, unknown> = {}): Promise<void> {
  const t0 = performance.now();
  ctx.print(`RetailKit end-to-end on ${ctx.options.data} → ${ctx.options.out} (preset ${ctx.options.preset})\n`);
  await ingestCommand(ctx);
  await cleanCommand(ctx, { writeFiles: false });
  await loadCommand(ctx, { lake: args.lake as string | undefined, warehouse: args.warehouse as string | undefined });
  await segmentCommand(ctx);
  await basketCommand(ctx);
  await forecastCommand(ctx);
  await reportCommand(ctx);
  ctx.print('\nSummary');
  ctx.print(
    table(
      ['step', 'time', 'peak RSS MB', 'result'],
      ctx.steps.map((s) => [s.step, fmtMs(s.ms), s.peakRssMB.toFixed(0), s.detail]),
      [0, 3],
    ),
  );
  ctx.print(`\ntotal ${fmtMs(performance.now() - t0)}`);
  await ctx.writeJson('run.json', { steps: ctx.steps, totalMs: performance.now() - t0 });
  if (args.serve)
    await serveCommand(ctx, {
      port: args.port === undefined ? undefined : Number(args.port),
      host: args.host as string | undefined,
    });
}
