import { serveModels } from '@retailkit/serve';
import type { Context } from '../context.js';
import { loaders } from '../loaders.js';

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
 * (graceful: readiness fails first, in-flight requests drain).
 */
export async function serveCommand(ctx: Context, options: ServeOptions = {}): Promise<void> {
  const dir = options.models ? ctx.path(options.models) : ctx.outPath('models');
  const served = await serveModels({
    dir,
    port: options.port ?? 8080,
    host: options.host ?? '127.0.0.1',
    loaders,
    signals: ['SIGINT', 'SIGTERM'],
  });
  process.stdout.write(
    `serving ${served.predictors.map((p) => `${p.name} (${p.kind})`).join(', ')} at ${served.url}\n` +
      `  ${served.url}/docs · ${served.url}/dashboard · ${served.url}/metrics — Ctrl-C to stop\n`,
  );
}
