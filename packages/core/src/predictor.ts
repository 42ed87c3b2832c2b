import type { ModelArtifact } from './artifact.js';

/** A JSON Schema (draft 2020-12 subset) describing a predictor's input or output. */
export type JsonSchema = {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | readonly string[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: readonly unknown[];
  oneOf?: readonly JsonSchema[];
  anyOf?: readonly JsonSchema[];
  description?: string;
  title?: string;
  format?: string;
  default?: unknown;
  examples?: readonly unknown[];
  $ref?: string;
  [key: string]: unknown;
};

/**
 * What `@retailkit/serve` hosts: a fitted model that turns one validated JSON input into one JSON output.
 * Every analytics package exports a loader from its artifact (`fromJSON`) to a `Predictor`.
 */
export interface Predictor<I = unknown, O = unknown> {
  /** Unique name under which it is served, e.g. `segments`. */
  readonly name: string;
  /** The artifact kind, e.g. `rfm.segmenter`, `basket.recommender`, `forecast.model`. */
  readonly kind: string;
  /** The model's own version string (e.g. the artifact's created-at or a semver). */
  readonly version: string;
  /** JSON Schema of one input instance; names its required fields and forbids unknown ones. */
  readonly inputSchema: JsonSchema;
  /** JSON Schema of one output. */
  readonly outputSchema: JsonSchema;
  /** Predict for one (already validated) instance. */
  predict(input: I): O | Promise<O>;
  /** The versioned artifact this predictor was loaded from or can be saved as. */
  toJSON(): ModelArtifact;
  /**
   * Optional: the work one prediction of `input` costs, in nanoseconds of a current server core, roughly (for a
   * forecast: history length × the model's per-observation work + horizon × its per-step work; for a
   * nearest-centroid segment: features × centroids × a few ns). Called on
   * an already validated input and must be cheap (O(1) or O(input size)). `@retailkit/serve` runs predictions whose
   * cost exceeds its offload threshold on worker threads and refuses those above its budget; a predictor without
   * `cost` is treated as cheap.
   */
  cost?(input: I): number;
  /** Optional: numeric input features for drift monitoring, with their training reference samples. */
  readonly reference?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Turns an artifact of one kind into its `Predictor`. Every analytics package exports one per model kind
 * (`segmenterLoader`, `recommenderLoader`, `forecasterLoader`); `@retailkit/serve` takes a list of them.
 * `fromJSON` verifies the envelope (checksum, kind, schema version) and the parameters before building anything;
 * an artifact only ever supplies data, never code.
 *
 * @example
 * const loader: PredictorLoader = { kind: 'rfm.segmenter', fromJSON: segmenterFromJSON };
 */
export interface PredictorLoader<P extends Predictor = Predictor> {
  /** The artifact kind it loads, e.g. `rfm.segmenter`. */
  readonly kind: string;
  /** Verify `json` (a parsed artifact) and build the predictor. */
  fromJSON(json: unknown): P;
}

/**
 * What every `fitX(frame, options)` of the analytics packages returns: the fitted `model` (a `Predictor`;
 * `model.toJSON()` is its sealed artifact) and the JSON-ready `report` of the fit (what the CLI writes as
 * `segments.json`, `rules.json`, `forecast.json`).
 */
export interface FitResult<M extends Predictor, R> {
  readonly model: M;
  readonly report: R;
}
