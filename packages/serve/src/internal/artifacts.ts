import { readFile } from 'node:fs/promises';
import { isRetailKitError, type ModelArtifact, type Predictor, RetailKitError, verifyArtifact } from '@retailkit/core';
import { SERVE_ERROR_CODES } from '../errors.js';
import type { ArtifactStore } from '../load-models.js';

/** Where an artifact comes from: a file path, or a key in an object store. */
export type ArtifactSource = string | { readonly store: ArtifactStore; readonly key: string };

/**
 * Parse and verify an artifact's bytes (errors name `fn`, the public entry point): JSON only (`JSON.parse`, no code is ever evaluated), then core's
 * `verifyArtifact` (fields present, schema version supported, checksum intact).
 *
 * @throws RetailKitError `SERVE_ARTIFACT_PARSE` for invalid JSON; `ARTIFACT_INVALID`, `ARTIFACT_VERSION`,
 *   `ARTIFACT_CHECKSUM` from `verifyArtifact`.
 * @example
 * parseArtifact(await readFile('models/segments.json')).kind // 'rfm.segmenter'
 */
export function parseArtifact(bytes: Uint8Array | string, label = 'artifact', fn = 'loadModels'): ModelArtifact {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new RetailKitError(
      SERVE_ERROR_CODES.artifactParse,
      `${fn}: ${label} is not valid JSON (${(cause as Error).message}). Re-export the model with its toJSON().`,
      { details: { source: label }, cause },
    );
  }
  try {
    return verifyArtifact(value);
  } catch (error) {
    if (isRetailKitError(error))
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
export async function readArtifact(source: ArtifactSource, fn = 'loadModels'): Promise<ModelArtifact> {
  const label = typeof source === 'string' ? source : `key "${source.key}"`;
  let bytes: Uint8Array | string;
  try {
    bytes = typeof source === 'string' ? await readFile(source) : await source.store.get(source.key);
  } catch (cause) {
    throw new RetailKitError(
      SERVE_ERROR_CODES.artifactRead,
      `${fn}: cannot read ${label}: ${(cause as Error)?.message ?? String(cause)}.`,
      { details: { source: label }, cause, retryable: true },
    );
  }
  return parseArtifact(bytes, label, fn);
}

/** Assert that a value has the Predictor shape. */
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
