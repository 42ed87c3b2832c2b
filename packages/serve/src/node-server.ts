import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidArgument } from '@retailkit/core';
import type { Handler } from './create-handler.js';
import { type CoreResponse, ENGINES, type Engine, TOO_LARGE } from './internal/engine.js';

/** A Node `(req, res, next?)` listener; `next` is called for paths outside the handler's `basePath` (Express). */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

interface ListenerState {
  /** When true, responses carry `Connection: close`. */
  draining: boolean;
  inFlight: number;
  onIdle: (() => void) | null;
}

function engineOf(handler: Handler): Engine {
  const engine = ENGINES.get(handler);
  if (!engine) throw invalidArgument('toNodeListener', 'handler', handler, 'a handler returned by createHandler');
  return engine;
}

function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settled = true;
        cleanup();
        req.resume(); // discard the rest; the response closes the connection
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onError = (e: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(e);
    };
    const onAborted = () => onError(new Error('request aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function writeNode(res: ServerResponse, r: CoreResponse, method: string | undefined, close: boolean): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | number> = {
    'content-type': r.contentType,
    'content-length': typeof r.body === 'string' ? Buffer.byteLength(r.body) : r.body.byteLength,
  };
  if (r.headers) for (const k in r.headers) headers[k] = r.headers[k];
  if (close || r.status === 413) headers.connection = 'close';
  res.writeHead(r.status, headers);
  res.end(method === 'HEAD' ? undefined : r.body);
}

function makeListener(engine: Engine, state: ListenerState | null): NodeListener {
  return (req, res, next) => {
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const q = url.indexOf('?');
    const full = q < 0 ? url : url.slice(0, q);
    const path = engine.localPath(full);
    if (path === null) {
      if (next) return next();
      writeNode(res, engine.notMounted(full), req.method, false);
      return;
    }
    if (state) {
      state.inFlight++;
      res.once('close', () => {
        state.inFlight--;
        if (state.inFlight === 0 && state.onIdle) state.onIdle();
      });
    }
    const len = req.headers['content-length'];
    const contentLength = len === undefined ? null : Number(len);
    engine
      .handle({
        method: req.method ?? 'GET',
        path,
        contentType: req.headers['content-type'] ?? null,
        contentLength: contentLength === null || Number.isNaN(contentLength) ? null : contentLength,
        readBody: (limit) => readNodeBody(req, limit),
      })
      .then(
        (r) => writeNode(res, r, req.method, state?.draining ?? false),
        () => {
          if (!res.headersSent) res.writeHead(500).end();
        },
      );
  };
}

/**
 * Adapt a handler to a Node `(req, res, next?)` listener, for `http.createServer`, Express (`app.use(listener)`)
 * and Fastify (hijacked raw request). It bypasses the Fetch `Request`/`Response` objects for speed. With a
 * `basePath`, paths outside it go to `next` when given (Express reads `req.originalUrl`), else 404.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when `handler` does not come from `createHandler`.
 * @example
 * app.use(toNodeListener(createHandler({ predictors, basePath: '/ml' }))); // Express
 */
export function toNodeListener(handler: Handler): NodeListener {
  return makeListener(engineOf(handler), null);
}

/** Options of `startServer`. */
export interface ServerOptions {
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`; use `0.0.0.0` in a container. */
  host?: string;
  /** After readiness starts failing, keep accepting for this long so load balancers notice. Default 0. */
  readinessDelayMs?: number;
  /** Longest wait for in-flight requests before remaining connections are cut. Default 10,000. */
  drainTimeoutMs?: number;
  /** Idle keep-alive timeout of connections. Default 5,000. */
  keepAliveTimeoutMs?: number;
  /** Signals that trigger `close()` and then `process.exit(0)`, e.g. `['SIGTERM', 'SIGINT']`. Default none. */
  signals?: readonly NodeJS.Signals[];
}

/** A running server. */
export interface RunningServer {
  /** `http://host:port` (with the handler's basePath, if any). */
  readonly url: string;
  readonly server: Server;
  /**
   * Graceful shutdown: readiness fails first (`/health/ready` → 503), then after `readinessDelayMs` the server
   * stops accepting, idle keep-alive connections close, in-flight requests finish (their responses carry
   * `Connection: close`), and whatever is left after `drainTimeoutMs` is cut. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Serve a handler with Node's `http` module, with graceful shutdown (see `RunningServer.close`).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for bad options; rejects when the port cannot be bound.
 * @example
 * const { url, close } = await startServer(createHandler({ predictors }), { port: 8080, host: '0.0.0.0', signals: ['SIGTERM'] });
 */
export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<RunningServer> {
  const engine = engineOf(handler);
  const port = options.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidArgument('startServer', 'port', options.port, 'an integer in [0, 65535]');
  const host = options.host ?? '127.0.0.1';
  const readinessDelayMs = options.readinessDelayMs ?? 0;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const state: ListenerState = { draining: false, inFlight: 0, onIdle: null };
  const server = createServer(
    { noDelay: true, keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000 },
    makeListener(engine, state),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (closing) return closing;
    closing = (async () => {
      handler.setReady(false);
      state.draining = true;
      if (readinessDelayMs > 0) await new Promise((r) => setTimeout(r, readinessDelayMs));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (state.inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          state.onIdle = resolve;
          timer = setTimeout(resolve, drainTimeoutMs);
        });
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
      await engine.close();
      for (const s of signals) process.off(s, onSignal);
    })();
    return closing;
  };
  const signals = options.signals ?? [];
  const onSignal = () => {
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const s of signals) process.once(s, onSignal);
  return { url: `http://${shownHost}:${addr.port}${engine.basePath}`, server, close };
}
