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
  /**
   * An artifact passed its checksum but its loader refused it (parameters that do not fit, e.g. `params: {}`);
   * `details` name the source file or key, the `field` when the loader named one, and the loader's own `cause` code.
   */
  badArtifact: 'SERVE_BAD_ARTIFACT',
  /** (HTTP 422) A request's cost (the predictor's `cost`, summed over a batch) is above `maxCost`. */
  costExceeded: 'SERVE_COST_EXCEEDED',
  /** (HTTP 503) A prediction could not start within `timeoutMs`, or too many wait for a worker. Retry later. */
  overloaded: 'SERVE_OVERLOADED',
  /** (HTTP 504) A prediction ran past `timeoutMs`. */
  timeout: 'SERVE_TIMEOUT',
  /** (HTTP 500) A model returned NaN or ±Infinity, which JSON cannot carry as a number. */
  nonFiniteOutput: 'SERVE_NON_FINITE_OUTPUT',
} as const;

/** One of serve's error codes. */
export type ServeErrorCode = (typeof SERVE_ERROR_CODES)[keyof typeof SERVE_ERROR_CODES];
