import { type Predictor, RetailKitError } from '@retailkit/core';
import { createHandler, type Handler } from './create-handler.js';
import { SERVE_ERROR_CODES } from './errors.js';
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
}

/** What `serveModels` returns. */
export interface ServedModels extends RunningServer {
  readonly handler: Handler;
  readonly predictors: readonly Predictor[];
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
  const { dir, port, host, loaders, readinessDelayMs, drainTimeoutMs, keepAliveTimeoutMs, signals, ...handlerOptions } =
    options;
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
  const server = await startServer(handler, {
    port,
    host,
    readinessDelayMs,
    drainTimeoutMs,
    keepAliveTimeoutMs,
    signals,
  });
  return { ...server, handler, predictors };
}
