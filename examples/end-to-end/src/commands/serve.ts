import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveModels } from '@retailkit/serve';
import type { Context } from '../context.js';

/**
 * The loaders module (`../loaders`) named by URL, with this file's own extension (`.ts` run from source, `.js`
 * built): serve imports it, and so does each worker thread that runs heavy predictions (a forecast over a long
 * history) off the event loop.
 */
const LOADERS = new URL(`../loaders${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

export interface ServeOptions {
  /** `--models`: folder of artifacts; default `<out>/models`. */
  models?: string;
  /** `--port`; default 8080. */
  port?: number;
  /** `--host`; default 127.0.0.1 (use 0.0.0.0 in a container). */
  host?: string;
}

/**
 * `retailkit serve --models <dir> [--port 8080]`: serve every artifact in the folder with health checks,
 * `/v1/models/{name}/predict`, `/openapi.json`, `/docs`, `/metrics` and `/dashboard`, until SIGINT/SIGTERM
 * (graceful: readiness fails first, in-flight requests drain). Predictions above serve's `offloadCost` run on
 * worker threads, so `/health/live` and cheap predictions stay responsive under expensive requests.
 */
export async function serveCommand(ctx: Context, options: ServeOptions = {}): Promise<void> {
  const dir = options.models ? ctx.path(options.models) : ctx.outPath('models');
  const served = await serveModels({
    dir,
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    loaders: LOADERS,
    signals: ['SIGINT', 'SIGTERM'],
  });
  process.stdout.write(
    `serving ${served.predictors.map((p) => `${p.name} (${p.kind})`).join(', ')} at ${served.url}\n` +
      `  ${served.url}/docs · ${served.url}/dashboard · ${served.url}/metrics — Ctrl-C to stop\n`,
  );
}
