import { formatValue, RetailKitError } from '@retailkit/core';

/** Stable error codes thrown by `@retailkit/serve` (besides core's `ARTIFACT_*` codes from `verifyArtifact`). */
export const SERVE_ERROR_CODES = {
  /** An option or argument is out of its documented range. */
  invalidArgument: 'INVALID_ARGUMENT',
  /** An artifact could not be read from its file or object store (retryable). */
  artifactRead: 'SERVE_ARTIFACT_READ',
  /** An artifact's bytes are not valid JSON. */
  artifactParse: 'SERVE_ARTIFACT_PARSE',
  /** No loader is registered for the artifact's kind. */
  unknownKind: 'SERVE_UNKNOWN_KIND',
  /** A loader is already registered for this kind (pass `{ override: true }` to replace it). */
  loaderExists: 'SERVE_LOADER_EXISTS',
  /** A loader returned something that is not a Predictor. */
  invalidPredictor: 'SERVE_INVALID_PREDICTOR',
  /** Two predictors share one name. */
  duplicateModel: 'SERVE_DUPLICATE_MODEL',
  /** An input schema does not name its required fields or does not forbid unknown ones. */
  schemaOpen: 'SERVE_SCHEMA_OPEN',
  /** A JSON Schema uses a keyword or construct the validator does not support. */
  schemaUnsupported: 'SERVE_SCHEMA_UNSUPPORTED',
} as const;

/** A bad option at a public entry point of serve. */
export function badOption(fn: string, name: string, received: unknown, allowed: string): RetailKitError {
  return new RetailKitError(
    SERVE_ERROR_CODES.invalidArgument,
    `${fn}: ${name} must be ${allowed}; received ${formatValue(received)}.`,
    { details: { function: fn, argument: name, received, allowed } },
  );
}
