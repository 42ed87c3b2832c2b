import { type ModelArtifact, type Predictor, RetailKitError } from '@retailkit/core';
import { badOption, SERVE_ERROR_CODES } from './errors.js';

/**
 * Turns a verified artifact into a Predictor. Loaders are plain functions written in the analytics packages;
 * an artifact only ever supplies data (`params`), never code.
 */
export type PredictorLoader = (artifact: ModelArtifact) => Predictor;

/** A registry of predictor loaders by artifact kind (`rfm.segmenter`, `basket.recommender`, `forecast.model`). */
export interface LoaderRegistry {
  /**
   * Register `loader` for `kind`.
   * @throws RetailKitError `SERVE_LOADER_EXISTS` when `kind` is taken and `options.override` is not true.
   */
  register(kind: string, loader: PredictorLoader, options?: { override?: boolean }): void;
  /** The loader for `kind`, or `undefined`. */
  get(kind: string): PredictorLoader | undefined;
  /** Registered kinds, sorted. */
  kinds(): string[];
}

const KIND_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Create an isolated loader registry, optionally pre-filled from a `{ kind: loader }` map.
 * Like arquero's function registry, it refuses duplicates unless told to override.
 *
 * Complexity: O(1) per register/get.
 *
 * @throws RetailKitError `SERVE_LOADER_EXISTS` on a duplicate kind in `initial`; `INVALID_ARGUMENT` on a bad kind.
 * @example
 * const loaders = createLoaderRegistry({ 'demo.constant': (a) => constantPredictor(a) });
 * loaders.kinds() // ['demo.constant']
 */
export function createLoaderRegistry(initial: Readonly<Record<string, PredictorLoader>> = {}): LoaderRegistry {
  const map = new Map<string, PredictorLoader>();
  const registry: LoaderRegistry = {
    register(kind, loader, options = {}) {
      if (typeof kind !== 'string' || !KIND_PATTERN.test(kind))
        throw badOption('registerLoader', 'kind', kind, 'a kind such as "rfm.segmenter" (letters, digits, . _ -)');
      if (typeof loader !== 'function')
        throw badOption('registerLoader', 'loader', loader, 'a function (artifact) => Predictor');
      if (map.has(kind) && options.override !== true)
        throw new RetailKitError(
          SERVE_ERROR_CODES.loaderExists,
          `registerLoader: a loader for kind "${kind}" is already registered. Pass { override: true } to replace it.`,
          { details: { kind } },
        );
      map.set(kind, loader);
    },
    get: (kind) => map.get(kind),
    kinds: () => [...map.keys()].sort(),
  };
  for (const [kind, loader] of Object.entries(initial)) registry.register(kind, loader);
  return registry;
}

/** The process-wide registry used when no `loaders` option is given. */
export const defaultLoaders: LoaderRegistry = createLoaderRegistry();

/**
 * Register a loader in the default registry (see `createLoaderRegistry`).
 *
 * @throws RetailKitError `SERVE_LOADER_EXISTS` when `kind` is taken and `options.override` is not true.
 * @example
 * registerLoader('rfm.segmenter', segmenterLoader);
 * registerLoader('rfm.segmenter', otherLoader); // throws SERVE_LOADER_EXISTS
 * registerLoader('rfm.segmenter', otherLoader, { override: true }); // replaces it
 */
export function registerLoader(kind: string, loader: PredictorLoader, options: { override?: boolean } = {}): void {
  defaultLoaders.register(kind, loader, options);
}
