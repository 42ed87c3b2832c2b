import cluster, { type Worker } from 'node:cluster';
import type { Server } from 'node:http';
import { type Predictor, RetailKitError } from '@retailkit/core';
import { createHandler, type Handler } from './create-handler.js';
import { badOption, SERVE_ERROR_CODES } from './errors.js';
import type { HandlerOptions } from './internal/engine.js';
import { type LoadersOption, loadModelDir } from './load-artifact.js';
import { createLoaderRegistry, defaultLoaders, type LoaderRegistry, type PredictorLoader } from './loader-registry.js';
import { type RunningServer, type ServerOptions, startServer } from './node-server.js';

/**
 * The loaders the analytics packages export, found by dynamic import (they are optional peers of serve, which
 * depends on core only): `rfm.segmenter` (`@retailkit/rfm` `segmenterFromJSON`), `basket.recommender`
 * (`@retailkit/basket` `recommenderLoader`), `forecast.model` (`@retailkit/forecast` `forecastPredictor`).
 * Packages that are not installed are skipped.
 *
 * @example
 * Object.keys(await builtinLoaders()) // ['rfm.segmenter', 'basket.recommender', 'forecast.model']
 */
export async function builtinLoaders(): Promise<Record<string, PredictorLoader>> {
  return (await findBuiltinLoaders()).loaders;
}

const BUILTINS: readonly { pkg: string; kind: string; exports: readonly string[] }[] = [
  { pkg: '@retailkit/rfm', kind: 'rfm.segmenter', exports: ['segmenterFromJSON'] },
  { pkg: '@retailkit/basket', kind: 'basket.recommender', exports: ['recommenderLoader', 'recommenderFromJSON'] },
  { pkg: '@retailkit/forecast', kind: 'forecast.model', exports: ['forecastPredictor'] },
];

async function findBuiltinLoaders(): Promise<{
  loaders: Record<string, PredictorLoader>;
  missing: Record<string, string>;
}> {
  const loaders: Record<string, PredictorLoader> = {};
  const missing: Record<string, string> = {};
  for (const b of BUILTINS) {
    try {
      // a specifier in a variable: an optional package, resolved at run time only (no type or bundle dependency)
      const name = b.pkg;
      const mod = (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
      const fn = b.exports.map((e) => mod[e]).find((f) => typeof f === 'function');
      if (fn) loaders[b.kind] = fn as PredictorLoader;
      else missing[b.pkg] = `exports none of ${b.exports.join(', ')}`;
    } catch (error) {
      missing[b.pkg] = (error as Error)?.message ?? String(error);
    }
  }
  return { loaders, missing };
}

/** Options of `serveModels`: where the artifacts are, how to load them, the handler's and the server's options. */
export interface ServeModelsOptions extends Omit<HandlerOptions, 'predictors'>, Omit<ServerOptions, 'port' | 'host'> {
  /** Folder of `*.json` artifacts (e.g. the `models/` folder a run wrote). */
  dir: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`; `0.0.0.0` in a container. */
  host?: string;
  /**
   * Extra loaders by kind (a map or a registry). They take precedence over the process-wide registry
   * (`registerLoader`), which takes precedence over the analytics packages' own loaders (`builtinLoaders`).
   */
  loaders?: LoadersOption;
  /**
   * Processes sharing the port through `node:cluster` (default 1). `cluster.fork` re-runs the program in each
   * worker, so the program must call `serveModels` with the same options at start-up (a CLI does): in a worker it
   * serves; in the primary it loads the models once (to fail fast), forks, restarts workers that die, and its
   * `close()` stops them gracefully (SIGTERM). Metrics and the dashboard are per worker.
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
 * Load every `*.json` artifact in `dir` and serve them over HTTP: what `retailkit serve --models <dir>` runs.
 *
 * @throws RetailKitError from `loadModelDir` (`SERVE_UNKNOWN_KIND`, `ARTIFACT_CHECKSUM`, ...) and `createHandler`.
 * @example
 * const { url, close } = await serveModels({ dir: 'out/models', port: 8080 });
 * // GET `${url}/v1/models` → { models: [{ name: 'segments', kind: 'rfm.segmenter', ... }, ...] }
 */
export async function serveModels(options: ServeModelsOptions): Promise<ServedModels> {
  const {
    dir,
    port,
    host,
    loaders,
    readinessDelayMs,
    drainTimeoutMs,
    keepAliveTimeoutMs,
    signals,
    workers = 1,
    ...handlerOptions
  } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw badOption('serveModels', 'workers', workers, 'an integer in [1, 64]');
  const builtins = await findBuiltinLoaders();
  const registry = createLoaderRegistry(builtins.loaders);
  const overlay = (r: LoaderRegistry) => {
    for (const kind of r.kinds()) registry.register(kind, r.get(kind)!, { override: true });
  };
  overlay(defaultLoaders);
  if (loaders !== undefined)
    overlay(
      typeof (loaders as LoaderRegistry).kinds === 'function'
        ? (loaders as LoaderRegistry)
        : createLoaderRegistry(loaders as Record<string, PredictorLoader>),
    );
  let predictors: Predictor[];
  try {
    predictors = await loadModelDir(dir, { loaders: registry });
  } catch (error) {
    const missing = Object.entries(builtins.missing);
    if (error instanceof RetailKitError && error.code === SERVE_ERROR_CODES.unknownKind && missing.length)
      throw new RetailKitError(
        error.code,
        `${error.message} Not loadable: ${missing.map(([pkg, why]) => `${pkg} (${why})`).join('; ')}.`,
        { details: { ...error.details, notLoadable: builtins.missing }, cause: error },
      );
    throw error;
  }
  const handler = createHandler({ ...handlerOptions, predictors });
  if (workers > 1 && cluster.isPrimary)
    return primary(handler, predictors, workers, signals ?? [], handlerOptions.basePath ?? '');
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
              SERVE_ERROR_CODES.invalidArgument,
              `serveModels: worker exited with ${code} before listening.`,
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
