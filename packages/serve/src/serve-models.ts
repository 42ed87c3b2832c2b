import type { Predictor } from '@retailkit/core';
import { createHandler, type Handler } from './create-handler.js';
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
  const out: Record<string, PredictorLoader> = {};
  const pick = (mod: Record<string, unknown>, kind: string, names: string[]) => {
    for (const n of names)
      if (typeof mod[n] === 'function') {
        out[kind] = mod[n] as PredictorLoader;
        return;
      }
  };
  try {
    pick((await import('@retailkit/rfm')) as Record<string, unknown>, 'rfm.segmenter', ['segmenterFromJSON']);
  } catch {
    // not installed
  }
  try {
    pick((await import('@retailkit/basket')) as Record<string, unknown>, 'basket.recommender', [
      'recommenderLoader',
      'recommenderFromJSON',
    ]);
  } catch {
    // not installed
  }
  try {
    pick((await import('@retailkit/forecast')) as Record<string, unknown>, 'forecast.model', ['forecastPredictor']);
  } catch {
    // not installed
  }
  return out;
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
  const registry = createLoaderRegistry(await builtinLoaders());
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
  const predictors = await loadModelDir(dir, { loaders: registry });
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
