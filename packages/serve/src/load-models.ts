import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  invalidArgument,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  RetailKitError,
} from '@retailkit/core';
import { SERVE_ERROR_CODES } from './errors.js';
import { readArtifact } from './internal/artifacts.js';
import { loadPredictor, type ResolvedLoaders, resolveLoaders } from './internal/loaders.js';

/**
 * The one thing serve needs from a data lake: bytes by key. `@retailkit/connectors` lakes (local folder, S3,
 * GCS) provide it; so does any object with the same method.
 */
export interface ArtifactStore {
  get(key: string): Promise<Uint8Array | string>;
}

/**
 * How serve turns artifacts into predictors, named by the app: a list of `PredictorLoader`s (core's type,
 * `{ kind, fromJSON(json) }`; one per artifact kind), or the module specifier of a module that exports them as
 * `export const loaders: PredictorLoader[]`. A specifier is a bare package specifier (resolved by Node as an
 * import from `@retailkit/serve`), an absolute path, a path starting with `./` or `../` (relative to the working
 * directory) or a `file:` URL. Serve imports nothing else: give a loader for every kind you serve.
 */
export type LoadersOption = readonly PredictorLoader[] | string;

/** Options of `loadModels`: where the artifacts are (`dir`, or `store` and `keys`) and the loaders. */
export interface LoadModelsOptions {
  /** Folder of `*.json` artifacts, loaded in file-name order (e.g. the `models/` folder `retailkit run` writes). */
  dir?: string;
  /** Instead of `dir`: an object store to read `keys` from. */
  store?: ArtifactStore;
  /** With `store`: the artifacts' keys, loaded in this order. */
  keys?: readonly string[];
  /** The loaders, one per artifact kind (see `LoadersOption`). */
  loaders: LoadersOption;
}

/**
 * Read artifacts from a folder or an object store, verify them, and turn each into a Predictor with the loader
 * for its kind. An artifact is JSON only (`JSON.parse`; no code is ever evaluated from it), checked by core's
 * `verifyArtifact` (fields, schema version, checksum) before its loader runs; each Predictor's input schema is
 * compiled, so a schema the handler cannot validate fails here.
 *
 * Complexity: O(total artifact bytes) plus the loaders' own cost.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (not exactly one of `dir` and `store`; bad `keys` or `loaders`),
 *   `SERVE_DUPLICATE_KIND`, `SERVE_LOADERS_MODULE`, `SERVE_ARTIFACT_READ` (retryable), `SERVE_ARTIFACT_PARSE`,
 *   `ARTIFACT_INVALID`, `ARTIFACT_VERSION`, `ARTIFACT_CHECKSUM`, `SERVE_UNKNOWN_KIND` (naming the kinds given and,
 *   for a RetailKit kind, the package that exports its loader), `SERVE_INVALID_PREDICTOR`,
 *   `SERVE_SCHEMA_UNSUPPORTED`; every message names the file or key.
 * @example
 * const predictors = await loadModels({ dir: 'out/models', loaders: [segmenterLoader, recommenderLoader] });
 * predictors.map((p) => p.name) // ['recommender', 'segments']
 * await loadModels({ store: lake, keys: ['models/segments.json'], loaders: 'my-app/loaders' });
 */
export async function loadModels(options: LoadModelsOptions): Promise<Predictor[]> {
  return (await loadModelsFor('loadModels', options)).predictors;
}

/** What `loadModelsFor` loaded: the predictors, the artifacts they came from, and the resolved loaders. */
export interface LoadedModels {
  readonly predictors: Predictor[];
  readonly artifacts: ModelArtifact[];
  readonly loaders: ResolvedLoaders;
}

/** `loadModels` with errors that name `fn`, keeping the artifacts and loaders (`serveModels` offloads with them). */
export async function loadModelsFor(fn: string, options: LoadModelsOptions): Promise<LoadedModels> {
  const { dir, store, keys } = options ?? ({} as LoadModelsOptions);
  if ((dir === undefined) === (store === undefined))
    throw invalidArgument(
      fn,
      'dir / store',
      { dir, store: store === undefined ? undefined : 'an object' },
      'exactly one of dir (a folder) and store (with keys)',
    );
  if (dir !== undefined && typeof dir !== 'string') throw invalidArgument(fn, 'dir', dir, 'a folder path');
  if (store !== undefined) {
    if (store === null || typeof store.get !== 'function')
      throw invalidArgument(fn, 'store', store, 'an object with get(key): Promise<Uint8Array | string>');
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))
      throw invalidArgument(fn, 'keys', keys, 'an array of keys (strings) with store');
  }
  const loaders = await resolveLoaders(fn, options.loaders);
  const predictors: Predictor[] = [];
  const artifacts: ModelArtifact[] = [];
  const load = async (source: string | { store: ArtifactStore; key: string }, where: string) => {
    const artifact = await readArtifact(source, fn);
    predictors.push(loadPredictor(fn, artifact, loaders, where));
    artifacts.push(artifact);
  };
  if (store !== undefined) for (const key of keys as readonly string[]) await load({ store, key }, `key "${key}"`);
  else for (const path of await listDir(fn, dir as string)) await load(path, `file: ${path}`);
  return { predictors, artifacts, loaders };
}

/** The `*.json` files of a folder, in file-name order. */
async function listDir(fn: string, dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (cause) {
    throw new RetailKitError(
      SERVE_ERROR_CODES.artifactRead,
      `${fn}: cannot list the folder "${dir}" (${(cause as Error)?.message ?? String(cause)}).`,
      { details: { dir }, cause, retryable: true },
    );
  }
  return names.map((name) => join(dir, name));
}
