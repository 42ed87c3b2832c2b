/**
 * Stable error codes thrown by `@retailkit/serve`. Besides these, serve throws core's `INVALID_ARGUMENT` for a bad
 * option (`invalidArgument`) and core's `ARTIFACT_*` codes from `verifyArtifact` for a bad artifact envelope.
 *
 * @example
 * try { await loadModels({ dir: 'models', loaders: [] }); }
 * catch (e) { if (e.code === SERVE_ERROR_CODES.unknownKind) console.error(e.details.given); }
 */
export const SERVE_ERROR_CODES = {
  /** An artifact could not be read from its file or object store, or a folder could not be listed (retryable). */
  artifactRead: 'SERVE_ARTIFACT_READ',
  /** An artifact's bytes are not valid JSON. */
  artifactParse: 'SERVE_ARTIFACT_PARSE',
  /** No loader given handles the artifact's kind. */
  unknownKind: 'SERVE_UNKNOWN_KIND',
  /** Two loaders given handle the same kind. */
  duplicateKind: 'SERVE_DUPLICATE_KIND',
  /** A loaders module specifier cannot be imported, or its module does not export `loaders: PredictorLoader[]`. */
  loadersModule: 'SERVE_LOADERS_MODULE',
  /** A loader returned something that is not a Predictor. */
  invalidPredictor: 'SERVE_INVALID_PREDICTOR',
  /** Two predictors share one name. */
  duplicateModel: 'SERVE_DUPLICATE_MODEL',
  /** An input schema does not name its required fields or does not forbid unknown ones. */
  schemaOpen: 'SERVE_SCHEMA_OPEN',
  /** A JSON Schema uses a keyword or construct the validator does not support. */
  schemaUnsupported: 'SERVE_SCHEMA_UNSUPPORTED',
  /** A cluster worker exited before it listened (`serveModels` with `workers` > 1). */
  workerStart: 'SERVE_WORKER_START',
} as const;

/** One of serve's error codes. */
export type ServeErrorCode = (typeof SERVE_ERROR_CODES)[keyof typeof SERVE_ERROR_CODES];
