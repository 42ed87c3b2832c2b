import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import { invalidArgument, type Predictor, RetailKitError } from '@retailkit/core';
import { createHandler, type Handler } from './create-handler.js';
import { SERVE_ERROR_CODES } from './errors.js';
import { ENGINES, type HandlerOptions } from './internal/engine.js';
import { type LoadModelsOptions, loadModelsFor } from './load-models.js';
import { type RunningServer, type ServerOptions, startServer } from './node-server.js';

/**
 * Options of `serveModels`: where the artifacts are and their loaders (as `loadModels`), the handler's options
 * (as `createHandler`) and the server's (as `startServer`).
 */
export interface ServeModelsOptions
  extends LoadModelsOptions,
    Omit<HandlerOptions, 'predictors'>,
    Omit<ServerOptions, 'port' | 'host'> {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`; `0.0.0.0` in a container. */
  host?: string;
  /**
   * Processes sharing the port through `node:cluster` (default 1). `cluster.fork` re-runs the program in each
   * worker, so the program must call `serveModels` with the same options at start-up (a CLI does): in a worker it
   * serves; in the primary it loads the models once (to fail fast), forks, restarts workers that die, and its
   * `close()` stops them gracefully (SIGTERM). Metrics and the dashboard are per worker. Workers run with V8's
   * `--single-threaded-gc`: the processes already fill the cores, and parallel GC helpers only lengthen the tail.
   */
  workers?: number;
}

/** What `serveModels` returns. */
export interface ServedModels extends Omit<RunningServer, 'server'> {
  /** The Node server (null in a cluster primary, which serves nothing itself). */
  readonly server: Server | null;
  readonly handler: Handler;
  readonly predictors: readonly Predictor[];
  /** Process ids of the cluster workers (empty with `workers: 1`). */
  readonly workerPids: readonly number[];
}

/**
 * Load artifacts (`loadModels`) and serve them over HTTP (`createHandler`, `startServer`): what
 * `retailkit serve --models <dir>` runs. When `loaders` is a module specifier, predictions whose cost is above
 * `offloadCost` run on worker threads that import that module and load the same artifacts (see `HandlerOptions`);
 * with a list of loaders everything runs in the serving thread.
 *
 * @throws RetailKitError the codes of `loadModels` (`SERVE_UNKNOWN_KIND`, `SERVE_LOADERS_MODULE`,
 *   `ARTIFACT_CHECKSUM`, ...) and `createHandler`; `INVALID_ARGUMENT` for bad options; `SERVE_WORKER_START` when a
 *   cluster worker exits before it listens. Rejects when the port cannot be bound.
 * @example
 * const { url, close } = await serveModels({ dir: 'out/models', loaders: [segmenterLoader], port: 8080 });
 * // GET `${url}/v1/models` → { models: [{ name: 'segments', kind: 'rfm.segmenter', ... }] }
 */
export async function serveModels(options: ServeModelsOptions): Promise<ServedModels> {
  const {
    dir,
    store,
    keys,
    loaders,
    port,
    host,
    readinessDelayMs,
    drainTimeoutMs,
    keepAliveTimeoutMs,
    signals,
    workers = 1,
    ...handlerOptions
  } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw invalidArgument('serveModels', 'workers', workers, 'an integer in [1, 64]');
  const loaded = await loadModelsFor('serveModels', { dir, store, keys, loaders });
  const predictors = loaded.predictors;
  const handler = createHandler({ ...handlerOptions, predictors });
  if (workers > 1 && cluster.isPrimary)
    return primary(handler, predictors, workers, signals ?? [], handlerOptions.basePath ?? '');
  // heavy predictions run on worker threads that import the same loaders module and load the same artifacts
  if (loaded.loaders.url !== null)
    ENGINES.get(handler)?.offloadTo({ url: loaded.loaders.url, artifacts: loaded.artifacts });
  const server = await startServer(handler, {
    port,
    host,
    readinessDelayMs,
    drainTimeoutMs,
    keepAliveTimeoutMs,
    signals: cluster.isWorker ? (signals ?? ['SIGTERM']) : signals,
  });
  return { ...server, handler, predictors, workerPids: [] };
}

const SINGLE_THREADED_GC = '--single-threaded-gc';

/** The cluster primary: fork, restart, stop. It serves nothing itself. */
async function primary(
  handler: Handler,
  predictors: readonly Predictor[],
  n: number,
  signals: readonly NodeJS.Signals[],
  basePath: string,
): Promise<ServedModels> {
  let closing = false;
  const live = new Set<Worker>();
  let address: { address: string; port: number } | undefined;
  // Each worker collects its garbage on its own thread. With one worker per core the processes already use every
  // core, and V8's parallel GC helper threads only compete with the other workers: a young-generation collection
  // then waits for a helper the kernel has descheduled, and every request in flight on that worker waits with it.
  // Measured with wrk (50 connections, 2 workers, 2 cores): centroid batch 100 p99/p50 4.0 → 2.5–2.7 at the same
  // throughput (packages/serve/bench/RESULTS.md). A program's own execArgv (cluster.setupPrimary) is kept.
  const execArgv = cluster.settings.execArgv ?? process.execArgv;
  if (!execArgv.includes(SINGLE_THREADED_GC)) cluster.setupPrimary({ execArgv: [...execArgv, SINGLE_THREADED_GC] });
  const fork = () =>
    new Promise<void>((resolve, reject) => {
      const w = cluster.fork();
      live.add(w);
      w.once('listening', (a) => {
        address = a as { address: string; port: number };
        resolve();
      });
      w.once('exit', (code) => {
        live.delete(w);
        if (!address)
          reject(
            new RetailKitError(
              SERVE_ERROR_CODES.workerStart,
              `serveModels: a cluster worker exited with code ${code} before it listened. Run the program with workers: 1 to see its error.`,
              { details: { exitCode: code } },
            ),
          );
        else if (!closing) void fork().catch(() => {});
      });
    });
  await Promise.all(Array.from({ length: n }, fork));
  let done: Promise<void> | null = null;
  const close = () => {
    if (done) return done;
    closing = true;
    handler.setReady(false);
    done = Promise.all(
      [...live].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    ).then(() => {
      for (const s of signals) process.off(s, onSignal);
    });
    return done;
  };
  const onSignal = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const s of signals) process.once(s, onSignal);
  const a = address ?? { address: '127.0.0.1', port: 0 };
  const shown = a.address.includes(':') ? `[${a.address}]` : a.address;
  return {
    url: `http://${shown}:${a.port}${basePath}`,
    server: null,
    close,
    handler,
    predictors,
    workerPids: [...live].map((w) => w.process.pid as number),
  };
}
