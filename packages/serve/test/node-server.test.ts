import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import type { Socket } from 'node:net';
import { createHandler, startServer } from '@retailkit/serve';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centroidPredictor } from './fixtures/centroid.js';

const base = () => centroidPredictor();

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  socket: Socket;
}

function send(
  url: string,
  options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string>; agent?: Agent },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
            socket: req.socket as Socket,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('startServer', () => {
  it('serves predictions and all routes over real HTTP', async () => {
    const handler = createHandler({ predictors: [base()] });
    const srv = await startServer(handler, { port: 0 });
    try {
      expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await send(srv.url, {
        method: 'POST',
        path: '/v1/models/segments/predict',
        headers: JSON_HEADERS,
        body: '{"recency":12,"frequency":9,"monetary":900}',
      });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({
        model: 'segments',
        version: '2011-12-10',
        prediction: { segment: 'champions', cluster: 0 },
      });
      const big = await send(srv.url, {
        method: 'POST',
        path: '/v1/models/segments/predict',
        headers: JSON_HEADERS,
        body: 'x'.repeat(2_000_000),
      });
      expect(big.status).toBe(413);
      expect(big.headers.connection).toBe('close');
      const head = await send(srv.url, { method: 'HEAD', path: '/metrics' });
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    } finally {
      await srv.close();
    }
  });

  it('answers a large batch of non-ASCII predictions byte-exact, with its length in bytes', async () => {
    // a batch answer is encoded in chunks (engine.ts, batchBytes): 100 predictions of ~240 characters, each with
    // two-byte and three-byte characters, cross the 8,192-character chunk boundary many times
    const named = { ...base(), predict: (x: unknown) => ({ rule: `→ café ${'é'.repeat(200)}`, x }) };
    const srv = await startServer(createHandler({ predictors: [named] }), { port: 0 });
    try {
      const instances = Array.from({ length: 100 }, (_, i) => ({ recency: i, frequency: 1, monetary: 1 }));
      const r = await send(srv.url, {
        method: 'POST',
        path: '/v1/models/segments/predict',
        headers: JSON_HEADERS,
        body: JSON.stringify({ instances }),
      });
      expect(r.status).toBe(200);
      expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
      expect(JSON.parse(r.body)).toEqual({
        model: 'segments',
        version: '2011-12-10',
        predictions: instances.map((x) => ({ rule: `→ café ${'é'.repeat(200)}`, x })),
      });
    } finally {
      await srv.close();
    }
  });

  it('shuts down gracefully: readiness fails first, in-flight requests drain, keep-alive connections close', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow = {
      ...base(),
      name: 'slow',
      async predict(x: unknown) {
        await gate;
        return base().predict(x as Record<string, number>);
      },
    };
    const handler = createHandler({ predictors: [slow] });
    const srv = await startServer(handler, { port: 0, readinessDelayMs: 300, drainTimeoutMs: 5000 });
    const idleAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const busyAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    // an idle keep-alive connection
    const first = await send(srv.url, { path: '/health/live', agent: idleAgent });
    expect(first.headers.connection).toBe('keep-alive');
    const idleClosed = new Promise<number>((r) => first.socket.once('close', () => r(Date.now())));
    // an in-flight prediction
    const inflight = send(srv.url, {
      method: 'POST',
      path: '/v1/models/slow/predict',
      headers: JSON_HEADERS,
      body: '{"recency":1,"frequency":1,"monetary":1}',
      agent: busyAgent,
    });
    while (handler.inFlight === 0) await new Promise((r) => setTimeout(r, 5));

    const closeStarted = Date.now();
    let closed = false;
    const closing = srv.close().then(() => {
      closed = true;
    });
    // 1. readiness fails first, while the server still accepts connections
    const ready = await send(srv.url, { path: '/health/ready' });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).type).toBe('urn:retailkit:problem:draining');
    // 2. after the readiness delay: idle keep-alive connection closed, new connections refused
    const idleAt = await idleClosed;
    expect(idleAt - closeStarted).toBeGreaterThanOrEqual(250);
    await expect(send(srv.url, { path: '/health/live' })).rejects.toThrow(/ECONNREFUSED/);
    expect(closed).toBe(false);
    // 3. the in-flight request completes normally and is told the connection closes
    release();
    const done = await inflight;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).prediction).toEqual({ segment: 'lost', cluster: 1 });
    expect(done.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    expect(srv.server.listening).toBe(false);
    idleAgent.destroy();
    busyAgent.destroy();
  });

  it('cuts connections still busy after drainTimeoutMs', async () => {
    const stuck = { ...base(), name: 'stuck', predict: () => new Promise(() => {}) };
    const handler = createHandler({ predictors: [stuck] });
    const srv = await startServer(handler, { port: 0, drainTimeoutMs: 100 });
    const pending = send(srv.url, {
      method: 'POST',
      path: '/v1/models/stuck/predict',
      headers: JSON_HEADERS,
      body: '{"recency":1,"frequency":1,"monetary":1}',
    });
    while (handler.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await srv.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  it('fuzz over sockets: random bodies and headers never take the server down', async () => {
    const handler = createHandler({ predictors: [base()], maxBodyBytes: 4096 });
    const srv = await startServer(handler, { port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/v1/models/segments/predict', '/v1/models/x/predict', '/metrics', '/dashboard/data', '/zz'),
          fc.constantFrom('GET', 'POST', 'PUT'),
          fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'),
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.string({ maxLength: 100 }),
          ),
          async (path, method, ct, body) => {
            const r = await send(srv.url, {
              method,
              path,
              headers: { 'content-type': ct },
              body: method === 'GET' ? undefined : body,
              agent,
            });
            expect(r.status).toBeLessThan(500);
          },
        ),
        { numRuns: 150 },
      );
      expect((await send(srv.url, { path: '/health/live' })).status).toBe(200);
    } finally {
      agent.destroy();
      await srv.close();
    }
  });
});
