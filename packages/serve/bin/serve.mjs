#!/usr/bin/env node
// Serve a folder of RetailKit model artifacts over HTTP (the container entry point; needs the built packages).
//   node packages/serve/bin/serve.mjs --models /models --loaders /app/loaders.mjs [--port 8080] [--host 0.0.0.0]
//     [--base-path /ml]
// --loaders names the module that exports `loaders: PredictorLoader[]` (bare specifier, absolute or ./ path, or
// file: URL); nothing else is imported to load the artifacts.
// Environment fallbacks: MODELS_DIR, LOADERS, PORT (Cloud Run sets it), HOST, BASE_PATH, READINESS_DELAY_MS,
// DRAIN_TIMEOUT_MS, MAX_BATCH_SIZE, MAX_BODY_BYTES, MAX_COST, OFFLOAD_COST, OFFLOAD_WORKERS (threads for heavy
// predictions), TIMEOUT_MS (a prediction's time budget), WORKERS (processes sharing the port via node:cluster). SIGTERM and SIGINT shut down gracefully.
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { serveModels } from '@retailkit/serve';

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    loaders: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'base-path': { type: 'string' },
    workers: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'usage: serve.mjs --models <dir> --loaders <module> [--port 8080] [--host 0.0.0.0] [--base-path /ml] [--workers 2]\n',
  );
  process.exit(0);
}
const env = process.env;
const loaders = values.loaders ?? env.LOADERS;
if (!loaders) {
  process.stderr.write(
    'serve: name the module that exports `loaders: PredictorLoader[]` with --loaders <module> or LOADERS=<module>.\n',
  );
  process.exit(2);
}
const int = (v, d) => (v === undefined || v === '' ? d : Number(v));
try {
  const served = await serveModels({
    dir: values.models ?? env.MODELS_DIR ?? '/models',
    loaders,
    port: int(values.port ?? env.PORT, 8080),
    host: values.host ?? env.HOST ?? '0.0.0.0',
    basePath: values['base-path'] ?? env.BASE_PATH ?? undefined,
    readinessDelayMs: int(env.READINESS_DELAY_MS, 0),
    drainTimeoutMs: int(env.DRAIN_TIMEOUT_MS, 10_000),
    maxBatchSize: int(env.MAX_BATCH_SIZE, 1000),
    maxBodyBytes: int(env.MAX_BODY_BYTES, 1_048_576),
    maxCost: int(env.MAX_COST, undefined),
    offloadCost: int(env.OFFLOAD_COST, undefined),
    offloadWorkers: int(env.OFFLOAD_WORKERS, undefined),
    timeoutMs: int(env.TIMEOUT_MS, undefined),
    workers: int(values.workers ?? env.WORKERS, 1),
    signals: ['SIGTERM', 'SIGINT'],
    onError: (error, context) =>
      process.stderr.write(
        `${JSON.stringify({ severity: 'ERROR', message: String(error?.stack ?? error), ...context })}\n`,
      ),
  });
  const names = served.predictors.map((p) => `${p.name} (${p.kind})`).join(', ') || 'no models';
  const where = served.workerPids.length ? ` with ${served.workerPids.length} workers` : '';
  if (!cluster.isWorker)
    process.stdout.write(
      `${JSON.stringify({ severity: 'INFO', message: `serving ${names} on ${served.url}${where}` })}\n`,
    );
} catch (error) {
  process.stderr.write(`serve: ${error?.message ?? error}${error?.code ? ` [${error.code}]` : ''}\n`);
  process.exit(1);
}
