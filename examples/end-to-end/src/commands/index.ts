import type { Context } from '../context.js';

/**
 * Every CLI command by name (the Airflow DAG and the docs must name only these). Each command's module, and the
 * libraries it needs, is imported when the command runs, so a usage error or `--help` loads none of them.
 */
export const COMMANDS: Record<string, (ctx: Context, args: Record<string, unknown>) => Promise<void>> = {
  run: async (ctx, args) => (await import('./run.js')).runCommand(ctx, args),
  ingest: async (ctx) => (await import('./ingest.js')).ingestCommand(ctx),
  clean: async (ctx) => (await import('./clean.js')).cleanCommand(ctx),
  load: async (ctx, args) =>
    (await import('./load.js')).loadCommand(ctx, {
      lake: args.lake as string | undefined,
      warehouse: args.warehouse as string | undefined,
    }),
  segment: async (ctx) => (await import('./segment.js')).segmentCommand(ctx),
  basket: async (ctx) => (await import('./basket.js')).basketCommand(ctx),
  forecast: async (ctx) => (await import('./forecast.js')).forecastCommand(ctx),
  report: async (ctx) => (await import('./report.js')).reportCommand(ctx),
  serve: async (ctx, args) =>
    (await import('./serve.js')).serveCommand(ctx, {
      models: args.models as string | undefined,
      port: args.port === undefined ? undefined : Number(args.port),
      host: args.host as string | undefined,
    }),
};
