import type { JsonSchema, Predictor } from '@retailkit/core';

/** Options of `buildOpenApi`. */
export interface OpenApiOptions {
  /** Document title. Default `RetailKit models`. */
  title?: string;
  /** API version string in `info.version`. Default `1`. */
  version?: string;
  /** Largest batch accepted by `predict` (`maxItems` of `instances`). Default 1000. */
  maxBatchSize?: number;
  /** Prefix the API is mounted under (the `servers` URL). Default `/`. */
  basePath?: string;
}

/** The request and response schemas of one model's predict route. The handler validates with these objects. */
export interface PredictSchemas {
  readonly input: JsonSchema;
  readonly batch: JsonSchema;
  readonly output: JsonSchema;
  readonly single: JsonSchema;
  readonly batchResponse: JsonSchema;
}

/**
 * @internal Build the predict schemas of one predictor around `input` (its input schema, or the handler's bounded
 * copy of it; the object is used as is, not copied).
 */
export function predictSchemas(p: Predictor, maxBatchSize: number, input: JsonSchema = p.inputSchema): PredictSchemas {
  return {
    input,
    batch: {
      type: 'object',
      description: `A batch of 1 to ${maxBatchSize} instances.`,
      properties: {
        instances: { type: 'array', items: input, minItems: 1, maxItems: maxBatchSize },
      },
      required: ['instances'],
      additionalProperties: false,
    },
    output: p.outputSchema,
    single: {
      type: 'object',
      properties: { model: { type: 'string' }, version: { type: 'string' }, prediction: p.outputSchema },
      required: ['model', 'version', 'prediction'],
      additionalProperties: false,
    },
    batchResponse: {
      type: 'object',
      properties: {
        model: { type: 'string' },
        version: { type: 'string' },
        predictions: { type: 'array', items: p.outputSchema },
      },
      required: ['model', 'version', 'predictions'],
      additionalProperties: false,
    },
  };
}

/** RFC 9457 problem details, as every error of the handler is written. */
export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details (media type application/problem+json).',
  properties: {
    type: { type: 'string', description: 'A URI naming the problem type.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path.' },
    code: { type: 'string', description: 'Stable RetailKit error code.' },
  },
  required: ['type', 'title', 'status', 'detail'],
  additionalProperties: false,
};

/** A 422 problem: every offending field with its JSONPath and JSON Pointer. */
export const VALIDATION_PROBLEM_SCHEMA: JsonSchema = {
  ...PROBLEM_SCHEMA,
  description: 'A problem listing every schema violation of the request body.',
  properties: {
    ...(PROBLEM_SCHEMA.properties as Record<string, JsonSchema>),
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'JSONPath, e.g. $.instances[3].recency' },
          pointer: { type: 'string', description: 'RFC 6901 JSON Pointer, e.g. /instances/3/recency' },
          keyword: { type: 'string' },
          message: { type: 'string' },
        },
        required: ['path', 'pointer', 'keyword', 'message'],
        additionalProperties: false,
      },
    },
    truncated: { type: 'boolean', description: 'True when more errors were found than listed.' },
  },
  required: ['type', 'title', 'status', 'detail', 'errors'],
};

export const MODEL_INFO_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    kind: { type: 'string' },
    version: { type: 'string' },
    createdAt: { type: 'string' },
    schemaVersion: { type: 'integer' },
    trainingFingerprint: { type: 'string' },
    checksum: { type: 'string' },
    inputSchema: { type: 'object' },
    outputSchema: { type: 'object' },
    driftFeatures: { type: 'array', items: { type: 'string' } },
    links: { type: 'object' },
  },
  required: ['name', 'kind', 'version', 'inputSchema', 'outputSchema', 'trainingFingerprint'],
};

const HEALTH_SCHEMA: JsonSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'ready'] }, models: { type: 'integer' } },
  required: ['status'],
};

/** A component name safe for OpenAPI (`^[a-zA-Z0-9._-]+$`). */
export function componentName(model: string, suffix: string): string {
  return `${model.replace(/[^A-Za-z0-9._-]/g, '_')}.${suffix}`;
}

/** A problem+json response; `validation`: a 422, either a list of schema violations or a coded problem. */
function problemResponse(description: string, validation = false) {
  const problem = { $ref: '#/components/schemas/Problem' };
  return {
    description,
    content: {
      'application/problem+json': {
        schema: validation ? { oneOf: [{ $ref: '#/components/schemas/ValidationProblem' }, problem] } : problem,
      },
    },
  };
}

/**
 * Generate the OpenAPI 3.1 document of a handler serving `predictors`: every route, every model's request and
 * response schemas (the very objects the handler validates with), and the problem+json error bodies
 * (400, 404, 405, 413, 415, 422, 500, 503, 504).
 *
 * Complexity: O(total schema size).
 *
 * @example
 * buildOpenApi([segments]).paths['/v1/models/segments/predict'].post.requestBody.content['application/json'].schema
 * // { oneOf: [{ $ref: '#/components/schemas/segments.Input' }, { $ref: '#/components/schemas/segments.BatchRequest' }] }
 */
export function buildOpenApi(
  predictors: readonly Predictor[],
  options: OpenApiOptions = {},
  schemas: ReadonlyMap<string, PredictSchemas> = new Map(),
): Record<string, unknown> {
  const maxBatchSize = options.maxBatchSize ?? 1000;
  const components: Record<string, JsonSchema> = {
    Problem: PROBLEM_SCHEMA,
    ValidationProblem: VALIDATION_PROBLEM_SCHEMA,
    ModelInfo: MODEL_INFO_SCHEMA,
    ModelList: {
      type: 'object',
      properties: { models: { type: 'array', items: { $ref: '#/components/schemas/ModelInfo' } } },
      required: ['models'],
    },
    Health: HEALTH_SCHEMA,
  };
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: unknown) => ({ 'application/json': { schema } });
  const paths: Record<string, unknown> = {
    '/health/live': {
      get: {
        operationId: 'live',
        summary: 'Liveness: the process answers.',
        tags: ['health'],
        responses: { 200: { description: 'Alive', content: json(ref('Health')) } },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'ready',
        summary: 'Readiness: models loaded and not shutting down.',
        tags: ['health'],
        responses: {
          200: { description: 'Ready', content: json(ref('Health')) },
          503: problemResponse('Draining (shutting down) or not ready'),
        },
      },
    },
    '/v1/models': {
      get: {
        operationId: 'listModels',
        summary: 'The models served.',
        tags: ['models'],
        responses: { 200: { description: 'Models', content: json(ref('ModelList')) } },
      },
    },
    '/v1/models/{name}': {
      get: {
        operationId: 'getModel',
        summary: 'One model: kind, version, input and output schemas, training fingerprint.',
        tags: ['models'],
        parameters: [
          {
            name: 'name',
            in: 'path',
            required: true,
            schema: { type: 'string', enum: predictors.map((p) => p.name) },
          },
        ],
        responses: {
          200: { description: 'The model', content: json(ref('ModelInfo')) },
          404: problemResponse('Unknown model'),
        },
      },
    },
  };
  for (const p of predictors) {
    const s = schemas.get(p.name) ?? predictSchemas(p, maxBatchSize);
    components[componentName(p.name, 'Input')] = s.input;
    components[componentName(p.name, 'BatchRequest')] = s.batch;
    components[componentName(p.name, 'Output')] = s.output;
    components[componentName(p.name, 'PredictResponse')] = s.single;
    components[componentName(p.name, 'BatchResponse')] = s.batchResponse;
    paths[`/v1/models/${encodeURIComponent(p.name)}/predict`] = {
      post: {
        operationId: `predict_${p.name.replace(/[^A-Za-z0-9_]/g, '_')}`,
        summary: `Predict with ${p.name} (${p.kind}): one instance, or { "instances": [...] } (at most ${maxBatchSize}).`,
        tags: ['predict'],
        requestBody: {
          required: true,
          content: json({
            oneOf: [ref(componentName(p.name, 'Input')), ref(componentName(p.name, 'BatchRequest'))],
          }),
        },
        responses: {
          200: {
            description: 'Prediction(s)',
            content: json({
              oneOf: [ref(componentName(p.name, 'PredictResponse')), ref(componentName(p.name, 'BatchResponse'))],
            }),
          },
          400: problemResponse('Malformed JSON'),
          404: problemResponse('Unknown model'),
          413: problemResponse('Body larger than the limit'),
          415: problemResponse('Content type is not application/json'),
          422: problemResponse(
            'Schema violations (the path of each offending field, at most 100), a cost above the limit, or a model error',
            true,
          ),
          500: problemResponse('The model failed or returned a non-finite number'),
          503: problemResponse('Busy: the prediction could not start within the time budget (Retry-After)'),
          504: problemResponse('The prediction ran past the time budget'),
        },
      },
    };
  }
  const text = (type: string, summary: string, id: string) => ({
    get: {
      operationId: id,
      summary,
      tags: ['monitoring'],
      responses: { 200: { description: summary, content: { [type]: { schema: { type: 'string' } } } } },
    },
  });
  paths['/metrics'] = text('text/plain', 'Prometheus metrics (text exposition format 0.0.4).', 'metrics');
  paths['/dashboard'] = text('text/html', 'Self-contained monitoring page.', 'dashboard');
  paths['/docs'] = text('text/html', 'This API, rendered as a page.', 'docs');
  paths['/openapi.json'] = {
    get: {
      operationId: 'openapi',
      summary: 'This document.',
      tags: ['docs'],
      responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
    },
  };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: options.title ?? 'RetailKit models',
      version: options.version ?? '1',
      description: `Fitted RetailKit models served by @retailkit/serve: ${predictors.map((p) => `${p.name} (${p.kind})`).join(', ') || 'none'}.`,
    },
    servers: [{ url: options.basePath || '/' }],
    paths,
    components: { schemas: components },
  };
}
