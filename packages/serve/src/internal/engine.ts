import { invalidArgument, isRetailKitError, type JsonSchema, type Predictor, RetailKitError } from '@retailkit/core';
import { SERVE_ERROR_CODES } from '../errors.js';
import { checkPredictor } from './artifacts.js';
import { boundSchema, DEFAULT_LIMITS, type SchemaLimits } from './bounds.js';
import { compileSchema, type SchemaIssue, type Validator } from './compile-schema.js';
import { dashboardHtml } from './dashboard-page.js';
import { docsHtml } from './docs-page.js';
import { Metrics, renderPrometheus } from './metrics.js';
import { Monitor } from './monitor.js';
import { type OffloadSource, WorkerPool } from './offload.js';
import { buildOpenApi, type PredictSchemas, predictSchemas } from './openapi.js';
import { type JobResult, Scheduler } from './scheduler.js';
import { Turnstile } from './turnstile.js';

/** Returned by `CoreRequest.readBody` when the body exceeds the limit. */
export const TOO_LARGE: unique symbol = Symbol('too-large');

/** A transport-neutral request: the fetch and Node adapters both build one. */
export interface CoreRequest {
  readonly method: string;
  /** Path without the query string and without the mount prefix. */
  readonly path: string;
  readonly contentType: string | null;
  /** Declared `content-length`, or null. */
  readonly contentLength: number | null;
  readBody(limit: number): Promise<Uint8Array | string | typeof TOO_LARGE>;
}

/** A transport-neutral response. */
export interface CoreResponse {
  readonly status: number;
  readonly contentType: string;
  /** Text, or UTF-8 bytes (batch answers). */
  readonly body: string | Uint8Array<ArrayBuffer>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Options of `createHandler`. */
export interface HandlerOptions {
  /** The models to serve; names must be unique and URL-safe (`[A-Za-z0-9._-]`). */
  predictors: readonly Predictor[];
  /** Largest `instances` batch. Default 1000. */
  maxBatchSize?: number;
  /** Largest request body in bytes. Default 1 MiB (1,048,576). */
  maxBodyBytes?: number;
  /** Mount prefix to strip from paths, e.g. `/ml`. Default none. */
  basePath?: string;
  /** Title of the docs and dashboard pages and the OpenAPI document. Default `RetailKit models`. */
  title?: string;
  /** Predictions kept for the dashboard's "recent" table. Default 20. */
  recentPredictions?: number;
  /** Recent input values kept per feature for drift. Default 1000. */
  driftWindow?: number;
  /** Recent request latencies kept for percentiles. Default 4096. */
  latencyWindow?: number;
  /** Dashboard refresh period in ms. Default 2000. */
  dashboardRefreshMs?: number;
  /**
   * Accept input schemas that do not forbid unknown fields or name no required field. Default false: every
   * object in an input schema must have `additionalProperties: false`, and the root must list `required` fields
   * (directly or in each `oneOf`/`anyOf` branch).
   */
  allowOpenSchemas?: boolean;
  /**
   * Bounds given to every array (`maxItems`) and string (`maxLength`) of an input schema that has none, so no
   * request can carry an unbounded list or text. They are part of the schemas the handler validates with and
   * publishes (`/openapi.json`, `/v1/models/{name}`). Default `{ maxItems: 10000, maxLength: 1000 }`.
   */
  limits?: { maxItems?: number; maxLength?: number };
  /**
   * Largest cost of one request (a predictor's `cost(input)` summed over a batch's instances): a request above it
   * is refused with 422 `SERVE_COST_EXCEEDED` before any work. Default 1e10.
   */
  maxCost?: number;
  /**
   * Cost of one request (`Predictor.cost`, about nanoseconds) above which its prediction runs on a worker thread,
   * off the event loop. Default 2.5e5 (a quarter of a millisecond: above it, a worker's round trip, about 0.05 ms
   * of the event loop's time, is the cheaper way).
   * Only `serveModels` with `loaders` given as a module specifier can offload (each worker imports that module
   * and builds its predictors from the artifacts); a handler over plain Predictor objects runs such requests
   * inline, in arrival order, and still refuses those above `maxCost`.
   */
  offloadCost?: number;
  /** Worker threads for offloaded predictions (started on first use). Default 1. */
  offloadWorkers?: number;
  /**
   * Nice value of the worker threads, 0 (the server's own) to 19 (lowest), on Linux and macOS: when the cores are
   * busy, the event loop (health checks, light predictions) gets the CPU before heavy offloaded work. Default 10.
   */
  offloadPriority?: number;
  /**
   * Time budget of one request's prediction in ms, from when it is validated: a request still waiting when it runs
   * out gets 503 (`SERVE_OVERLOADED`, with `Retry-After`); one still running gets 504 (`SERVE_TIMEOUT`), and an
   * offloaded one has its worker terminated and replaced. Inline predictions are checked between chunks of a
   * batch. Default 10,000.
   */
  timeoutMs?: number;
  /** Called with unexpected errors (a predictor that throws something other than a RetailKitError). */
  onError?: (error: unknown, context: { path: string; model?: string }) => void;
}

interface ModelEntry {
  predictor: Predictor;
  /** The input schema as validated and published: the predictor's, with `limits` filled in. */
  input: JsonSchema;
  schemas: PredictSchemas;
  validateInput: Validator;
  validateBatch: Validator;
  batchable: boolean;
  singlePrefix: string;
  batchPrefix: string;
  info: string;
  meta: { name: string; kind: string; version: string; fingerprint: string };
}

const JSON_TYPE = 'application/json';
/** Method label values (others become `OTHER`, so label cardinality stays bounded). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const PROBLEM_TYPE = 'application/problem+json';
/** Validation stops after this many issues (one more than listed, to know the list is truncated). */
const MAX_LISTED_ISSUES = 100;
/** Offloaded requests waiting for a worker; more are answered 503 at once. */
const MAX_OFFLOAD_QUEUE = 64;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The routes, as Prometheus label values (templates, so label cardinality stays bounded). */
const ROUTES = {
  live: '/health/live',
  ready: '/health/ready',
  models: '/v1/models',
  model: '/v1/models/{name}',
  predict: '/v1/models/{name}/predict',
  openapi: '/openapi.json',
  docs: '/docs',
  metrics: '/metrics',
  dashboard: '/dashboard',
  dashboardData: '/dashboard/data',
  unmatched: 'unmatched',
} as const;

function problem(
  status: number,
  slug: string,
  detail: string,
  instance: string,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): CoreResponse {
  const body = {
    type: `urn:retailkit:problem:${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance,
    ...extra,
  };
  return { status, contentType: PROBLEM_TYPE, body: JSON.stringify(body), headers };
}

/** Characters of JSON gathered before they are encoded: far below V8's largest young object (see `batchBytes`). */
const CHUNK_CHARS = 8192;

/**
 * A batch answer, `prefix` + outputs + `]}`, encoded piecewise as UTF-8 bytes.
 *
 * One string of the whole answer would exceed V8's largest regular object (128 KiB: 64 Ki characters once any
 * character is outside Latin-1, as `→` in a rule is). Such a string is allocated in the old generation, which only a
 * full collection frees: under steady batch load the old generation grew by about 140 KB per request, and each full
 * collection that freed the hundreds of MB stalled the event loop for 50–70 ms (`--trace-gc`, segments batch 100),
 * the tail of every request in flight. Chunks of a few KB die young instead; the bytes live outside the JS heap.
 */
function batchBytes(prefix: string, outputs: readonly unknown[]): Uint8Array<ArrayBuffer> {
  const parts: Buffer<ArrayBuffer>[] = [];
  let s = prefix;
  for (let i = 0; i < outputs.length; i++) {
    s += `${i ? ',' : ''}${JSON.stringify(outputs[i]) ?? 'null'}`;
    if (s.length >= CHUNK_CHARS) {
      parts.push(Buffer.from(s));
      s = '';
    }
  }
  parts.push(Buffer.from(`${s}]}`));
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

function jsonResponse(status: number, body: string | Uint8Array<ArrayBuffer>): CoreResponse {
  return { status, contentType: JSON_TYPE, body };
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The shared request engine behind the fetch handler and the Node adapter. */
export class Engine {
  readonly models = new Map<string, ModelEntry>();
  readonly metrics = new Metrics();
  readonly monitor: Monitor;
  readonly maxBatchSize: number;
  readonly maxBodyBytes: number;
  readonly basePath: string;
  readonly openapi: Record<string, unknown>;
  readonly predictors: readonly Predictor[];
  readonly limits: SchemaLimits;
  readonly maxCost: number;
  readonly offloadCost: number;
  readonly offloadWorkers: number;
  readonly offloadPriority: number;
  readonly timeoutMs: number;
  ready = true;
  private readonly scheduler = new Scheduler();
  private readonly turnstile = new Turnstile();
  private pool: WorkerPool | null = null;
  private readonly openapiText: string;
  private readonly modelsText: string;
  private readonly dashboardText: string;
  private readonly docsText: string;
  private readonly onError: HandlerOptions['onError'];

  constructor(options: HandlerOptions) {
    const fn = 'createHandler';
    if (options === null || typeof options !== 'object' || !Array.isArray(options.predictors))
      throw invalidArgument(fn, 'options.predictors', options?.predictors, 'an array of Predictors');
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1)
      throw invalidArgument(fn, 'maxBatchSize', options.maxBatchSize, 'an integer >= 1');
    if (!Number.isInteger(this.maxBodyBytes) || this.maxBodyBytes < 2)
      throw invalidArgument(fn, 'maxBodyBytes', options.maxBodyBytes, 'an integer >= 2');
    const base = options.basePath ?? '';
    if (base !== '' && !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(base))
      throw invalidArgument(fn, 'basePath', base, 'empty or a path such as "/ml" (leading slash, no trailing slash)');
    this.basePath = base;
    const title = options.title ?? 'RetailKit models';
    const limits = options.limits ?? {};
    if (limits === null || typeof limits !== 'object')
      throw invalidArgument(fn, 'limits', limits, 'an object { maxItems?, maxLength? }');
    this.limits = {
      maxItems: positive(fn, 'limits.maxItems', limits.maxItems, DEFAULT_LIMITS.maxItems),
      maxLength: positive(fn, 'limits.maxLength', limits.maxLength, DEFAULT_LIMITS.maxLength),
    };
    this.maxCost = positiveNumber(fn, 'maxCost', options.maxCost, 1e10);
    this.offloadCost = positiveNumber(fn, 'offloadCost', options.offloadCost, 2.5e5);
    this.offloadWorkers = positive(fn, 'offloadWorkers', options.offloadWorkers, 1);
    const nice = options.offloadPriority ?? 10;
    if (!Number.isInteger(nice) || nice < 0 || nice > 19)
      throw invalidArgument(fn, 'offloadPriority', options.offloadPriority, 'an integer nice value from 0 to 19');
    this.offloadPriority = nice;
    this.timeoutMs = positive(fn, 'timeoutMs', options.timeoutMs, 10_000);
    this.monitor = new Monitor(
      positive(fn, 'latencyWindow', options.latencyWindow, 4096),
      positive(fn, 'recentPredictions', options.recentPredictions, 20, true),
      positive(fn, 'driftWindow', options.driftWindow, 1000),
    );
    this.onError = options.onError;
    this.predictors = options.predictors.slice();
    const schemas = new Map<string, PredictSchemas>();
    for (const p of this.predictors) {
      checkPredictor(p, fn);
      if (!NAME_PATTERN.test(p.name))
        throw invalidArgument(fn, 'predictor name', p.name, 'letters, digits, ".", "_" or "-" (it is a URL segment)');
      if (this.models.has(p.name))
        throw new RetailKitError(
          SERVE_ERROR_CODES.duplicateModel,
          `createHandler: two predictors are named "${p.name}". Give each a unique name.`,
          { details: { name: p.name } },
        );
      if (options.allowOpenSchemas !== true) checkClosedSchema(p.name, p.inputSchema);
      const input = boundSchema(p.inputSchema, this.limits);
      const s = predictSchemas(p, this.maxBatchSize, input);
      schemas.set(p.name, s);
      const artifact = safeArtifact(p);
      const props = (p.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
      this.monitor.addModel(p.name, p.reference, numericPaths(p.inputSchema));
      const meta = {
        name: p.name,
        kind: p.kind,
        version: p.version,
        fingerprint: artifact?.trainingFingerprint ?? '',
      };
      const head = `{"model":${JSON.stringify(p.name)},"version":${JSON.stringify(p.version)},`;
      this.models.set(p.name, {
        predictor: p,
        input,
        schemas: s,
        validateInput: compileSchema(s.input),
        validateBatch: compileSchema(s.batch),
        batchable: !Object.hasOwn(props, 'instances'),
        singlePrefix: `${head}"prediction":`,
        batchPrefix: `${head}"predictions":[`,
        meta,
        info: JSON.stringify({
          name: p.name,
          kind: p.kind,
          version: p.version,
          createdAt: artifact?.createdAt,
          schemaVersion: artifact?.schemaVersion,
          trainingFingerprint: meta.fingerprint,
          checksum: artifact?.checksum,
          inputSchema: input,
          outputSchema: p.outputSchema,
          driftFeatures: this.monitor.features.get(p.name)?.map((f) => f.feature) ?? [],
          links: {
            predict: `${base}/v1/models/${encodeURIComponent(p.name)}/predict`,
            openapi: `${base}/openapi.json`,
          },
        }),
      });
    }
    this.openapi = buildOpenApi(this.predictors, { title, maxBatchSize: this.maxBatchSize, basePath: base }, schemas);
    this.openapiText = JSON.stringify(this.openapi);
    this.modelsText = `{"models":[${[...this.models.values()].map((m) => m.info).join(',')}]}`;
    this.dashboardText = dashboardHtml({ title, refreshMs: options.dashboardRefreshMs ?? 2000 });
    this.docsText = docsHtml({ title });
  }

  /** Strip the mount prefix; null when the path is outside it. */
  localPath(path: string): string | null {
    if (this.basePath === '') return path;
    if (path === this.basePath) return '/';
    if (path.startsWith(this.basePath) && path.charCodeAt(this.basePath.length) === 47)
      return path.slice(this.basePath.length);
    return null;
  }

  /** The 404 for a path outside the mount prefix (`localPath` gave null), as both adapters answer it. */
  notMounted(path: string): CoreResponse {
    return problem(404, 'not-found', `No route matches ${path}; this API is mounted at ${this.basePath}.`, path);
  }

  async handle(req: CoreRequest): Promise<CoreResponse> {
    const started = performance.now();
    this.metrics.inFlight++;
    const routeRef = { route: ROUTES.unmatched as string, api: false };
    let res: CoreResponse;
    try {
      res = await this.dispatch(req, routeRef);
    } catch (error) {
      this.onError?.(error, { path: req.path });
      res = problem(500, 'internal', 'The server failed to handle this request.', req.path);
    }
    this.metrics.inFlight--;
    const ms = performance.now() - started;
    this.metrics.record(routeRef.route, METHODS.has(req.method) ? req.method : 'OTHER', res.status, ms / 1000);
    if (routeRef.api) this.monitor.request(res.status, ms, Date.now());
    return res;
  }

  private async dispatch(req: CoreRequest, ref: { route: string; api: boolean }): Promise<CoreResponse> {
    const path = req.path;
    const method = req.method;
    const isGet = method === 'GET' || method === 'HEAD';
    if (path.startsWith('/v1/models/')) {
      const rest = path.slice(11);
      const predict = rest.endsWith('/predict');
      const raw = predict ? rest.slice(0, -8) : rest;
      ref.route = predict ? ROUTES.predict : ROUTES.model;
      ref.api = true;
      if (raw.includes('/') || raw === '') return problem(404, 'not-found', `No route matches ${path}.`, path);
      let name: string;
      try {
        name = decodeURIComponent(raw);
      } catch {
        return problem(400, 'bad-path', `The model name in ${path} is not valid percent-encoding.`, path);
      }
      const entry = this.models.get(name);
      if (predict) {
        if (method !== 'POST') return notAllowed(path, 'POST');
        if (!entry) return this.unknownModel(name, path);
        return this.predict(entry, req);
      }
      if (!isGet) return notAllowed(path, 'GET, HEAD');
      if (!entry) return this.unknownModel(name, path);
      return jsonResponse(200, entry.info);
    }
    let route: string | undefined;
    let make: (() => CoreResponse) | undefined;
    switch (path) {
      case '/health/live':
        route = ROUTES.live;
        make = () => jsonResponse(200, '{"status":"ok"}');
        break;
      case '/health/ready':
        route = ROUTES.ready;
        make = () =>
          this.ready
            ? jsonResponse(200, `{"status":"ready","models":${this.models.size}}`)
            : problem(503, 'draining', 'The server is shutting down and accepts no new work.', path);
        break;
      case '/v1/models':
        route = ROUTES.models;
        ref.api = true;
        make = () => jsonResponse(200, this.modelsText);
        break;
      case '/openapi.json':
        route = ROUTES.openapi;
        make = () => jsonResponse(200, this.openapiText);
        break;
      case '/docs':
        route = ROUTES.docs;
        make = () => html(this.docsText);
        break;
      case '/metrics':
        route = ROUTES.metrics;
        make = () => ({
          status: 200,
          contentType: 'text/plain; version=0.0.4; charset=utf-8',
          body: renderPrometheus(this.metrics, {
            models: [...this.models.values()].map((m) => m.meta),
            drift: this.driftForMetrics(),
            ready: this.ready,
          }),
        });
        break;
      case '/dashboard':
        route = ROUTES.dashboard;
        make = () => html(this.dashboardText);
        break;
      case '/dashboard/data':
        route = ROUTES.dashboardData;
        make = () => jsonResponse(200, JSON.stringify(this.dashboardData()));
        break;
    }
    if (route === undefined || make === undefined) return problem(404, 'not-found', `No route matches ${path}.`, path);
    ref.route = route;
    if (!isGet) return notAllowed(path, 'GET, HEAD');
    return make();
  }

  private unknownModel(name: string, path: string): CoreResponse {
    const known = [...this.models.keys()];
    return problem(
      404,
      'unknown-model',
      `No model named ${JSON.stringify(name)}. Served models: ${known.length ? known.join(', ') : 'none'} (GET ${this.basePath}/v1/models).`,
      path,
      { code: 'SERVE_UNKNOWN_MODEL' },
    );
  }

  private async predict(entry: ModelEntry, req: CoreRequest): Promise<CoreResponse> {
    const path = req.path;
    const ct = req.contentType;
    if (!isJsonType(ct))
      return problem(
        415,
        'unsupported-media-type',
        `Send the body as application/json; received content-type ${ct === null ? '(none)' : JSON.stringify(ct)}.`,
        path,
      );
    const limit = this.maxBodyBytes;
    if (req.contentLength !== null && req.contentLength > limit) return tooLarge(path, limit, req.contentLength);
    let raw: Uint8Array | string | typeof TOO_LARGE;
    try {
      raw = await req.readBody(limit);
    } catch {
      return problem(400, 'incomplete-body', 'The request body could not be read to its end.', path);
    }
    if (raw === TOO_LARGE) return tooLarge(path, limit, null);
    const body = raw;
    return this.turnstile.run(() => this.answer(entry, body, path));
  }

  /**
   * The synchronous part of a prediction (decode, parse, validate, cost, inline predict, serialise), run by the
   * turnstile in arrival order; offloaded and queued predictions finish asynchronously.
   */
  private answer(entry: ModelEntry, raw: Uint8Array | string, path: string): CoreResponse | Promise<CoreResponse> {
    let text: string;
    try {
      text = typeof raw === 'string' ? raw : decoder.decode(raw);
    } catch {
      return problem(400, 'malformed-json', 'The body is not valid UTF-8.', path);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return problem(
        400,
        'malformed-json',
        `The body is not valid JSON: ${(e as Error).message}. Send one instance as a JSON object or a batch as {"instances": [...]}.`,
        path,
      );
    }
    const batch =
      entry.batchable &&
      body !== null &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      Object.hasOwn(body as object, 'instances');
    const issues = batch
      ? entry.validateBatch(body, MAX_LISTED_ISSUES + 1)
      : entry.validateInput(body, MAX_LISTED_ISSUES + 1);
    if (issues.length) return invalid(path, issues, batch);
    const p = entry.predictor;
    const instances = batch ? (body as { instances: unknown[] }).instances : [body];
    let cost = 0;
    if (typeof p.cost === 'function')
      try {
        for (let i = 0; i < instances.length; i++) cost += p.cost(instances[i]);
      } catch (error) {
        return this.modelFailed(p, path, error);
      }
    if (cost > this.maxCost || Number.isNaN(cost))
      return problem(
        422,
        'cost-exceeded',
        `${p.name}: this request would cost ${cost} operations, more than the server's limit of ${this.maxCost}. Send fewer instances or smaller inputs.`,
        path,
        { code: SERVE_ERROR_CODES.costExceeded },
      );
    const t0 = performance.now();
    const result =
      cost > this.offloadCost && this.pool?.models.has(p.name)
        ? this.pool.run(p.name, instances, this.timeoutMs)
        : this.scheduler.run(p, instances, t0 + this.timeoutMs);
    if (result instanceof Promise) return result.then((r) => this.respond(entry, instances, batch, r, t0, path));
    return this.respond(entry, instances, batch, result, t0, path);
  }

  /** The answer to a prediction job: outputs checked for non-finite numbers, monitored and serialised. */
  private respond(
    entry: ModelEntry,
    instances: readonly unknown[],
    batch: boolean,
    result: JobResult,
    t0: number,
    path: string,
  ): CoreResponse {
    const p = entry.predictor;
    if ('timeout' in result) return this.overBudget(p, path, result.timeout);
    if ('error' in result) return this.modelFailed(p, path, result.error);
    const outputs = result.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const at = nonFiniteAt(outputs[i], batch ? `$.predictions[${i}]` : '$.prediction');
      if (at !== null) {
        this.onError?.(new Error(`${p.name} returned a non-finite number at ${at}`), { path, model: p.name });
        return problem(
          500,
          'non-finite-output',
          `The model ${JSON.stringify(p.name)} produced a non-finite number (NaN or Infinity) at ${at}, which its output schema cannot carry.`,
          path,
          { code: SERVE_ERROR_CODES.nonFiniteOutput },
        );
      }
    }
    const perInstanceMs = (performance.now() - t0) / instances.length;
    const now = Date.now();
    this.metrics.countPredictions(p.name, instances.length);
    for (let i = 0; i < instances.length; i++) {
      this.monitor.inputs(p.name, instances[i]);
      this.monitor.prediction({
        time: now,
        model: p.name,
        input: instances[i],
        output: outputs[i],
        latencyMs: perInstanceMs,
      });
    }
    if (!batch) return jsonResponse(200, `${entry.singlePrefix}${JSON.stringify(outputs[0]) ?? 'null'}}`);
    return jsonResponse(200, batchBytes(entry.batchPrefix, outputs));
  }

  /** A predictor's error as a problem: 422 with its code for a RetailKitError, else 500 (details to `onError`). */
  private modelFailed(p: Predictor, path: string, error: unknown): CoreResponse {
    if (isRetailKitError(error) && !error.retryable)
      return problem(422, 'prediction-failed', `${p.name}: ${error.message}`, path, { code: error.code });
    this.onError?.(error, { path, model: p.name });
    return problem(500, 'prediction-failed', `The model ${JSON.stringify(p.name)} failed on this input.`, path);
  }

  /** The time budget ran out: 503 while still waiting for its turn, 504 while running. */
  private overBudget(p: Predictor, path: string, where: 'queued' | 'running'): CoreResponse {
    if (where === 'queued')
      return problem(
        503,
        'overloaded',
        `The server is busy: this ${p.name} prediction could not start within ${this.timeoutMs} ms, or too many wait for a worker. Retry later.`,
        path,
        { code: SERVE_ERROR_CODES.overloaded },
        { 'retry-after': '1' },
      );
    return problem(
      504,
      'timeout',
      `This ${p.name} prediction did not finish within the time budget of ${this.timeoutMs} ms. Send fewer instances or smaller inputs.`,
      path,
      { code: SERVE_ERROR_CODES.timeout },
    );
  }

  /**
   * Run heavy predictions (cost above `offloadCost`) of the models built from `source.artifacts` on worker threads
   * (`serveModels` calls it when its loaders are a module specifier).
   */
  offloadTo(source: OffloadSource): void {
    void this.pool?.close();
    this.pool = new WorkerPool(
      { ...source, priority: this.offloadPriority },
      this.offloadWorkers,
      MAX_OFFLOAD_QUEUE,
      (error) => this.onError?.(error, { path: 'worker' }),
    );
  }

  /** Stop the worker threads, if any. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  driftForMetrics() {
    const out: { model: string; feature: string; psi: number; ks: number; sampleSize: number }[] = [];
    for (const name of this.models.keys())
      for (const d of this.monitor.drift(name))
        out.push({ model: name, feature: d.feature, psi: d.psi.value, ks: d.ks.statistic, sampleSize: d.sampleSize });
    return out;
  }

  dashboardData() {
    const now = Date.now();
    return {
      now,
      ready: this.ready,
      ...this.monitor.snapshot(now),
      inFlight: this.metrics.inFlight,
      models: [...this.models.values()].map((m) => ({
        name: m.meta.name,
        kind: m.meta.kind,
        version: m.meta.version,
        predictions: this.metrics.predictions.get(m.meta.name) ?? 0,
        drift: this.monitor.drift(m.meta.name),
      })),
      recent: this.monitor.recentPredictions(),
    };
  }
}

const isNumeric = (s: JsonSchema | undefined): boolean => {
  const t = s?.type;
  return t === 'number' || t === 'integer' || (Array.isArray(t) && (t.includes('number') || t.includes('integer')));
};

/**
 * Numeric input features for drift: top-level number properties (`recency`), and number properties one level
 * down (`features.recency`, as rfm's segmenter takes them). A top-level name wins over a nested one.
 */
export function numericPaths(schema: JsonSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [k, v] of Object.entries(props)) if (isNumeric(v)) out.set(k, [k]);
  for (const [k, v] of Object.entries(props)) {
    const inner = (v?.properties ?? {}) as Record<string, JsonSchema>;
    for (const [f, w] of Object.entries(inner)) if (isNumeric(w) && !out.has(f)) out.set(f, [k, f]);
  }
  return out;
}

/** Refuse input schemas that accept unknown fields or name no required field (see `allowOpenSchemas`). */
function checkClosedSchema(model: string, schema: JsonSchema): void {
  const fail = (at: string, what: string) => {
    throw new RetailKitError(
      SERVE_ERROR_CODES.schemaOpen,
      `createHandler: the input schema of "${model}" ${what} at ${at}. Input schemas must name their required fields and forbid unknown ones (additionalProperties: false); pass allowOpenSchemas: true to serve it anyway.`,
      { details: { model, at } },
    );
  };
  const hasRequired = (s: JsonSchema): boolean =>
    (Array.isArray(s.required) && s.required.length > 0) ||
    (['oneOf', 'anyOf'] as const).some(
      (k) => Array.isArray(s[k]) && (s[k] as JsonSchema[]).length > 0 && (s[k] as JsonSchema[]).every(hasRequired),
    );
  const walk = (s: JsonSchema, at: string): void => {
    if (s === null || typeof s !== 'object') return;
    const isObject = s.type === 'object' || s.properties !== undefined;
    if (isObject && s.additionalProperties !== false) fail(at, 'does not forbid unknown fields');
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) walk(v, `${at}.${k}`);
    if (s.items && typeof s.items === 'object') walk(s.items as JsonSchema, `${at}[]`);
  };
  if (schema.type !== 'object') fail('$', 'is not an object schema');
  if (!hasRequired(schema)) fail('$', 'names no required field');
  walk(schema, '$');
}

function positiveNumber(fn: string, name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (typeof x !== 'number' || !(x > 0)) throw invalidArgument(fn, name, v, 'a number > 0');
  return x;
}

/** JSONPath of the first non-finite number in a prediction (NaN and ±Infinity serialise as null), or null. */
function nonFiniteAt(v: unknown, at: string): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : at;
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number' ? !Number.isFinite(x) : x !== null && typeof x === 'object') {
        const r = nonFiniteAt(x, `${at}[${i}]`);
        if (r !== null) return r;
      }
    }
    return null;
  }
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'number' ? !Number.isFinite(x) : x !== null && typeof x === 'object') {
      const r = nonFiniteAt(x, `${at}.${k}`);
      if (r !== null) return r;
    }
  }
  return null;
}

function positive(fn: string, name: string, v: number | undefined, dflt: number, allowZero = false): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < (allowZero ? 0 : 1))
    throw invalidArgument(fn, name, v, allowZero ? 'an integer >= 0' : 'an integer >= 1');
  return x;
}

function safeArtifact(p: Predictor) {
  try {
    return p.toJSON();
  } catch {
    return undefined;
  }
}

function html(body: string): CoreResponse {
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body,
    headers: {
      'content-security-policy':
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'",
      'cache-control': 'no-store',
    },
  };
}

function notAllowed(path: string, allow: string): CoreResponse {
  return problem(405, 'method-not-allowed', `${path} accepts ${allow}.`, path, undefined, { allow });
}

function tooLarge(path: string, limit: number, received: number | null): CoreResponse {
  return problem(
    413,
    'content-too-large',
    `The body is larger than the limit of ${limit} bytes${received === null ? '' : ` (content-length ${received})`}. Split the batch.`,
    path,
  );
}

/** A 422 listing the first issues found; validation stopped after `MAX_LISTED_ISSUES + 1`. */
function invalid(path: string, issues: SchemaIssue[], batch: boolean): CoreResponse {
  const listed = issues.length > MAX_LISTED_ISSUES ? issues.slice(0, MAX_LISTED_ISSUES) : issues;
  const count =
    issues.length > MAX_LISTED_ISSUES
      ? `more than ${MAX_LISTED_ISSUES} errors`
      : `${issues.length} error${issues.length === 1 ? '' : 's'}`;
  return problem(
    422,
    'validation',
    `The ${batch ? 'batch' : 'instance'} does not match the model's input schema: ${count} (first: ${issues[0].path} ${issues[0].message}).`,
    path,
    issues.length > MAX_LISTED_ISSUES ? { errors: listed, truncated: true } : { errors: listed },
  );
}

/** `application/json` or any `+json` type, parameters ignored. */
export function isJsonType(ct: string | null): boolean {
  if (ct === null) return false;
  if (ct === JSON_TYPE) return true;
  const semi = ct.indexOf(';');
  const t = (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
  return t === JSON_TYPE || (t.startsWith('application/') && t.endsWith('+json'));
}

/** The engine behind each handler, for the adapters of this package. */
export const ENGINES = new WeakMap<object, Engine>();
