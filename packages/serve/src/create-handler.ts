import type { Predictor } from '@retailkit/core';
import {
  type CoreRequest,
  type CoreResponse,
  ENGINES,
  Engine,
  type HandlerOptions,
  TOO_LARGE,
} from './internal/engine.js';

export type { HandlerOptions } from './internal/engine.js';

/** A fetch-style handler: `(Request) => Promise<Response>`, plus readiness control and introspection. */
export interface Handler {
  (request: Request): Promise<Response>;
  /** The models served, in the order given. */
  readonly predictors: readonly Predictor[];
  /** The OpenAPI 3.1 document served at `/openapi.json`. */
  readonly openapi: Readonly<Record<string, unknown>>;
  /** Whether `/health/ready` answers 200 (true) or 503 (false). */
  readonly ready: boolean;
  /** Make `/health/ready` fail (false) before shutting down, or pass again (true). */
  setReady(ready: boolean): void;
  /** Requests being handled now. */
  readonly inFlight: number;
  /** The data behind `/dashboard` (request volume, latency percentiles, error rate, drift, recent predictions). */
  monitoring(): ReturnType<Engine['dashboardData']>;
}

/**
 * Build the HTTP API over a list of predictors as a fetch-style handler, usable in any runtime with the Fetch API
 * (Node 18+, Hono, Bun, Deno, Cloudflare Workers) and, through `toNodeListener`, in Node `http`, Express and Fastify.
 *
 * Routes (below `basePath`): `GET /health/live`, `GET /health/ready`, `GET /v1/models`, `GET /v1/models/{name}`,
 * `POST /v1/models/{name}/predict` (one instance, or `{ "instances": [...] }` up to `maxBatchSize`),
 * `GET /openapi.json`, `GET /docs`, `GET /metrics`, `GET /dashboard` (and its data at `/dashboard/data`).
 *
 * Responses: `{ model, version, prediction }` or `{ model, version, predictions: [...] }`. Errors are RFC 9457
 * `application/problem+json`: 400 malformed JSON or invalid UTF-8, 404 unknown model or route, 405 wrong method,
 * 413 body over `maxBodyBytes`, 415 not JSON, 422 schema violations (`errors`: JSONPath and JSON Pointer of every
 * offending field, at most 100 listed), 422 a RetailKitError from the model, 500 any other model failure, 503
 * `/health/ready` while draining. No input can crash the process.
 *
 * Cost per prediction: O(input size) validation + the model's own cost; the monitoring bookkeeping is O(features).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for bad options, `SERVE_DUPLICATE_MODEL`, `SERVE_INVALID_PREDICTOR`,
 *   `SERVE_SCHEMA_UNSUPPORTED`.
 * @example
 * const handler = createHandler({ predictors: [segments] });
 * const res = await handler(new Request('http://x/v1/models/segments/predict', {
 *   method: 'POST', headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ recency: 12, frequency: 9, monetary: 900 }) }));
 * await res.json() // { model: 'segments', version: '2011-12-10', prediction: { segment: 'champions', cluster: 0 } }
 */
export function createHandler(options: HandlerOptions): Handler {
  const engine = new Engine(options);
  const handler = (async (request: Request): Promise<Response> => {
    const url = request.url;
    // the path is what follows the authority, up to the query
    const start = url.indexOf('/', url.indexOf('//') + 2);
    let end = url.indexOf('?', start);
    if (end < 0) end = url.length;
    const hash = url.indexOf('#', start);
    if (hash >= 0 && hash < end) end = hash;
    const full = start < 0 ? '/' : url.slice(start, end);
    const path = engine.localPath(full);
    if (path === null) return toResponse(engine.notMounted(full), request.method);
    const len = request.headers.get('content-length');
    const core: CoreRequest = {
      method: request.method,
      path,
      contentType: request.headers.get('content-type'),
      contentLength: len === null || len === '' || Number.isNaN(Number(len)) ? null : Number(len),
      readBody: (limit) => readLimited(request, limit),
    };
    return toResponse(await engine.handle(core), request.method);
  }) as Handler;
  Object.defineProperties(handler, {
    predictors: { get: () => engine.predictors, enumerable: true },
    openapi: { get: () => engine.openapi, enumerable: true },
    ready: { get: () => engine.ready, enumerable: true },
    inFlight: { get: () => engine.metrics.inFlight, enumerable: true },
    setReady: { value: (ready: boolean) => void (engine.ready = ready === true) },
    monitoring: { value: () => engine.dashboardData() },
  });
  ENGINES.set(handler, engine);
  return handler;
}

function toResponse(r: CoreResponse, method: string): Response {
  const headers = new Headers(r.headers);
  headers.set('content-type', r.contentType);
  return new Response(method === 'HEAD' ? null : r.body, { status: r.status, headers });
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array | typeof TOO_LARGE> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
