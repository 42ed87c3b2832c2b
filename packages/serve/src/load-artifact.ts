import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelArtifact, type Predictor, RetailKitError, verifyArtifact } from '@retailkit/core';
import { compileSchema } from './compile-schema.js';
import { SERVE_ERROR_CODES } from './errors.js';
import { createLoaderRegistry, defaultLoaders, type LoaderRegistry, type PredictorLoader } from './loader-registry.js';

/**
 * The one thing serve needs from a data lake: bytes by key. `@retailkit/connectors` lakes (local folder, S3,
 * GCS) provide it; so does any object with the same method.
 */
export interface ArtifactStore {
  get(key: string): Promise<Uint8Array | string>;
}

/** Where an artifact comes from: a file path, or a key in an object store. */
export type ArtifactSource = string | { readonly store: ArtifactStore; readonly key: string };

/** Loaders to use: a registry, or a `{ kind: loader }` map. Defaults to the process-wide registry. */
export type LoadersOption = LoaderRegistry | Readonly<Record<string, PredictorLoader>>;

/**
 * Parse and verify an artifact's bytes: JSON only (`JSON.parse`, no code is ever evaluated), then core's
 * `verifyArtifact` (fields present, schema version supported, checksum intact).
 *
 * @throws RetailKitError `SERVE_ARTIFACT_PARSE` for invalid JSON; `ARTIFACT_INVALID`, `ARTIFACT_VERSION`,
 *   `ARTIFACT_CHECKSUM` from `verifyArtifact`.
 * @example
 * parseArtifact(await readFile('models/segments.json')).kind // 'rfm.segmenter'
 */
export function parseArtifact(bytes: Uint8Array | string, label = 'artifact'): ModelArtifact {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new RetailKitError(
      SERVE_ERROR_CODES.artifactParse,
      `parseArtifact: ${label} is not valid JSON (${(cause as Error).message}). Re-export the model with its toJSON().`,
      { details: { source: label }, cause },
    );
  }
  try {
    return verifyArtifact(value);
  } catch (error) {
    if (error instanceof RetailKitError)
      throw new RetailKitError(error.code, `${error.message} (source: ${label})`, {
        details: { ...error.details, source: label },
        cause: error,
      });
    throw error;
  }
}

/**
 * Read one artifact from a file path or an object store and verify it (see `parseArtifact`).
 *
 * @throws RetailKitError `SERVE_ARTIFACT_READ` (retryable) when the bytes cannot be read; the codes of `parseArtifact`.
 * @example
 * await readArtifact('models/segments.json');
 * await readArtifact({ store: lake, key: 'models/segments.json' });
 */
export async function readArtifact(source: ArtifactSource): Promise<ModelArtifact> {
  const label = typeof source === 'string' ? source : `key "${source.key}"`;
  let bytes: Uint8Array | string;
  try {
    bytes = typeof source === 'string' ? await readFile(source) : await source.store.get(source.key);
  } catch (cause) {
    throw new RetailKitError(
      SERVE_ERROR_CODES.artifactRead,
      `readArtifact: cannot read ${label}: ${(cause as Error)?.message ?? String(cause)}.`,
      { details: { source: label }, cause, retryable: true },
    );
  }
  return parseArtifact(bytes, label);
}

function asRegistry(loaders: LoadersOption | undefined): LoaderRegistry {
  if (loaders === undefined) return defaultLoaders;
  if (typeof (loaders as LoaderRegistry).get === 'function' && typeof (loaders as LoaderRegistry).kinds === 'function')
    return loaders as LoaderRegistry;
  return createLoaderRegistry(loaders as Record<string, PredictorLoader>);
}

/**
 * Turn an artifact (an object already parsed, or a verified `ModelArtifact`) into a Predictor with the loader
 * registered for its kind. The artifact is verified first; the predictor's input schema is compiled to make sure
 * it can be validated.
 *
 * @throws RetailKitError `SERVE_UNKNOWN_KIND` (with the registered kinds), `SERVE_INVALID_PREDICTOR`, the
 *   `ARTIFACT_*` codes of `verifyArtifact`, `SERVE_SCHEMA_UNSUPPORTED`.
 * @example
 * loadPredictor(JSON.parse(text), { loaders: { 'rfm.segmenter': segmenterLoader } }).name // 'segments'
 */
export function loadPredictor(artifact: unknown, options: { loaders?: LoadersOption } = {}): Predictor {
  const verified = verifyArtifact(artifact);
  const registry = asRegistry(options.loaders);
  const loader = registry.get(verified.kind);
  if (loader === undefined) {
    const known = registry.kinds();
    throw new RetailKitError(
      SERVE_ERROR_CODES.unknownKind,
      `loadPredictor: no loader is registered for kind "${verified.kind}" (artifact "${verified.name}"). Registered kinds: ${
        known.length ? known.map((k) => `"${k}"`).join(', ') : 'none'
      }. Register one with registerLoader(kind, loader) or pass { loaders }.`,
      { details: { kind: verified.kind, name: verified.name, registered: known } },
    );
  }
  const predictor = loader(verified);
  checkPredictor(predictor, `loader for "${verified.kind}"`);
  compileSchema(predictor.inputSchema);
  return predictor;
}

/** @internal Assert that a value has the Predictor shape. */
export function checkPredictor(p: unknown, where: string): asserts p is Predictor {
  const q = p as Partial<Predictor> | null;
  const problems: string[] = [];
  if (q === null || typeof q !== 'object') problems.push('not an object');
  else {
    if (typeof q.name !== 'string' || q.name === '') problems.push('name');
    if (typeof q.kind !== 'string') problems.push('kind');
    if (typeof q.version !== 'string') problems.push('version');
    if (typeof q.predict !== 'function') problems.push('predict()');
    if (typeof q.toJSON !== 'function') problems.push('toJSON()');
    if (q.inputSchema === null || typeof q.inputSchema !== 'object') problems.push('inputSchema');
    if (q.outputSchema === null || typeof q.outputSchema !== 'object') problems.push('outputSchema');
  }
  if (problems.length)
    throw new RetailKitError(
      SERVE_ERROR_CODES.invalidPredictor,
      `${where}: did not return a valid Predictor (missing or wrong: ${problems.join(', ')}).`,
      { details: { missing: problems } },
    );
}

/**
 * Load every `*.json` artifact in a folder (sorted by file name) into predictors.
 *
 * Complexity: O(total artifact bytes).
 *
 * @throws RetailKitError as `readArtifact` and `loadPredictor`, naming the file.
 * @example
 * (await loadModelDir('out/models', { loaders })).map((p) => p.name) // ['forecast', 'recommend', 'segments']
 */
export async function loadModelDir(dir: string, options: { loaders?: LoadersOption } = {}): Promise<Predictor[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (cause) {
    throw new RetailKitError(SERVE_ERROR_CODES.artifactRead, `loadModelDir: cannot list folder "${dir}".`, {
      details: { dir },
      cause,
      retryable: true,
    });
  }
  const out: Predictor[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const artifact = await readArtifact(path);
    try {
      out.push(loadPredictor(artifact, options));
    } catch (error) {
      if (error instanceof RetailKitError)
        throw new RetailKitError(error.code, `${error.message} (file: ${path})`, {
          details: { ...error.details, file: path },
          cause: error,
        });
      throw error;
    }
  }
  return out;
}

/**
 * Load artifacts from an object store by key (see `ArtifactStore`).
 *
 * @throws RetailKitError as `readArtifact` and `loadPredictor`.
 */
export async function loadModelsFromStore(
  store: ArtifactStore,
  keys: readonly string[],
  options: { loaders?: LoadersOption } = {},
): Promise<Predictor[]> {
  const out: Predictor[] = [];
  for (const key of keys) out.push(loadPredictor(await readArtifact({ store, key }), options));
  return out;
}
