import type { Context } from '../context.js';
import { basketCommand } from './basket.js';
import { cleanCommand } from './clean.js';
import { forecastCommand } from './forecast.js';
import { ingestCommand } from './ingest.js';
import { loadCommand } from './load.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { segmentCommand } from './segment.js';
import { serveCommand } from './serve.js';

/** Every CLI command by name (the Airflow DAG and the docs must name only these). */
export const COMMANDS: Record<string, (ctx: Context, args: Record<string, unknown>) => Promise<void>> = {
  run: (ctx, args) => runCommand(ctx, args),
  ingest: (ctx) => ingestCommand(ctx),
  clean: (ctx) => cleanCommand(ctx),
  load: (ctx, args) =>
    loadCommand(ctx, { lake: args.lake as string | undefined, warehouse: args.warehouse as string | undefined }),
  segment: (ctx) => segmentCommand(ctx),
  basket: (ctx) => basketCommand(ctx),
  forecast: (ctx) => forecastCommand(ctx),
  report: (ctx) => reportCommand(ctx),
  serve: (ctx, args) =>
    serveCommand(ctx, {
      models: args.models as string | undefined,
      port: args.port === undefined ? undefined : Number(args.port),
      host: args.host as string | undefined,
    }),
};
