import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { type Predictor, sealArtifact } from '@retailkit/core';
import { segmenterLoader } from '@retailkit/rfm';
import { createHandler, loadModels, SERVE_ERROR_CODES, serveModels, startServer } from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema } from '../src/internal/compile-schema.js';
import { WorkerPool } from '../src/internal/offload.js';
import { centroidArtifact, centroidPredictor } from './fixtures/centroid.js';
import { slowArtifact } from './fixtures/slow.js';
import { post, rejection } from './helpers.js';

const SLOW_LOADERS = fileURLToPath(new URL('./fixtures/slow-loaders.mjs', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-budget-'));
  await writeFile(join(dir, 'slow.json'), JSON.stringify(slowArtifact()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A predictor over the slow artifact, in this thread (what createHandler gets from an app). */
async function inlineSlow(): Promise<Predictor> {
  const { loaders } = (await import(SLOW_LOADERS)) as { loaders: { fromJSON(a: unknown): Predictor }[] };
  return loaders[0].fromJSON(slowArtifact());
}

const predictSlow = (url: string, ms: number) =>
  fetch(`${url}/v1/models/slow/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });

const problemOf = async (res: Response) => ({
  status: res.status,
  type: res.headers.get('content-type'),
  body: (await res.json()) as { code?: string; detail: string; errors?: unknown[]; truncated?: boolean },
});

describe('compute budget: cost, offload to worker threads, time budget', () => {
  // issue 17, finding 1: one expensive request held the event loop (and /health/live) for 46 s
  it('runs a request above offloadCost on a worker thread while /health/live answers, cheap ones inline', async () => {
    const served = await serveModels({ dir, loaders: SLOW_LOADERS, port: 0 });
    try {
      const predict = (ms: number) => predictSlow(served.url, ms);
      const cheap = (await (await predict(0)).json()) as { prediction: { thread: string } };
      expect(cheap.prediction.thread).toBe('main'); // cost 0: no worker hop
      const order: string[] = [];
      const heavy = predict(800).then(async (r) => {
        order.push('heavy');
        return (await r.json()) as { prediction: { thread: string; value: number } };
      });
      await new Promise((r) => setTimeout(r, 100));
      const live = await fetch(`${served.url}/health/live`);
      order.push('live');
      expect(live.status).toBe(200);
      expect((await heavy).prediction).toEqual({ thread: 'worker', value: 1600 });
      expect(order).toEqual(['live', 'heavy']);
    } finally {
      await served.close();
    }
  });

  it('answers 504 problem+json past timeoutMs, replaces the worker, and serves the next request', async () => {
    const served = await serveModels({ dir, loaders: SLOW_LOADERS, port: 0, timeoutMs: 1000 });
    try {
      const predict = (ms: number) => predictSlow(served.url, ms);
      const overRes = predict(5000);
      const over = await problemOf(await overRes);
      expect([over.status, over.type, over.body.code]).toEqual([
        504,
        'application/problem+json',
        SERVE_ERROR_CODES.timeout,
      ]);
      const next = (await (await predict(5)).json()) as { prediction: { thread: string } };
      expect(next.prediction.thread).toBe('worker');
    } finally {
      await served.close();
    }
  });

  it('refuses work at once when the worker queue is full, and ends a job still queued at its budget', async () => {
    const pool = new WorkerPool({ url: pathToFileURL(SLOW_LOADERS).href, artifacts: [slowArtifact()] }, 1, 1);
    try {
      const running = pool.run('slow', [{ ms: 600 }], 5000);
      await new Promise((r) => setTimeout(r, 20));
      const queued = pool.run('slow', [{ ms: 1 }], 100);
      expect(await pool.run('slow', [{ ms: 1 }], 5000)).toEqual({ timeout: 'queued' }); // queue of 1 is full
      expect(await queued).toEqual({ timeout: 'queued' }); // its 100 ms ran out behind the 600 ms job
      expect(await running).toEqual({ outputs: [{ thread: 'worker', value: 1200 }] });
    } finally {
      await pool.close();
    }
  });

  it.runIf(process.platform === 'linux')(
    'runs the worker threads at the nice value offloadPriority gives, the event loop at its own',
    async () => {
      const pool = new WorkerPool(
        { url: pathToFileURL(SLOW_LOADERS).href, artifacts: [slowArtifact()], priority: 10 },
        1,
        4,
      );
      try {
        expect(await pool.run('slow', [{ ms: 1 }], 5000)).toEqual({ outputs: [{ thread: 'worker', value: 2 }] });
        // field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value
        const nice = (tid: string) =>
          Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
        const values = readdirSync('/proc/self/task').map(nice);
        expect(nice(String(process.pid))).toBe(0);
        expect(values.filter((v) => v === 10)).toHaveLength(1);
      } finally {
        await pool.close();
      }
    },
  );

  it('refuses an offloadPriority outside 0 … 19', () => {
    expect(() => createHandler({ predictors: [], offloadPriority: 20 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('refuses a request above maxCost with 422 before any work', async () => {
    let calls = 0;
    const slow = await inlineSlow();
    const counted: Predictor = {
      ...slow,
      predict: (x) => {
        calls++;
        return slow.predict(x);
      },
    };
    const handler = createHandler({ predictors: [counted], maxCost: 1e9 });
    const res = await problemOf(
      await post(handler, '/v1/models/slow/predict', { instances: [{ ms: 600 }, { ms: 600 }] }),
    );
    expect([res.status, res.type, res.body.code]).toEqual([422, 'application/problem+json', 'SERVE_COST_EXCEEDED']);
    expect(res.body.detail).toMatch(/cost 1200000000 operations, more than the server's limit of 1000000000/);
    expect(calls).toBe(0);
  });

  it('without a loaders module (plain predictors) runs heavy requests inline', async () => {
    const handler = createHandler({ predictors: [await inlineSlow()] });
    const res = await post(handler, '/v1/models/slow/predict', { ms: 5 });
    expect(((await res.json()) as { prediction: { thread: string } }).prediction.thread).toBe('main');
    expect(threadId).toBe(0);
  });
});

describe('fair service: batch work yields between chunks, in arrival order', () => {
  // issue 17, finding 12: a large batch ran to its end before anything else was served
  it('answers /health/live while a long inline batch is being predicted', async () => {
    let started!: () => void;
    const first = new Promise<void>((r) => {
      started = r;
    });
    const slow = await inlineSlow();
    const signalling: Predictor = {
      ...slow,
      predict: (x) => {
        started();
        return slow.predict(x);
      },
    };
    const server = await startServer(createHandler({ predictors: [signalling] }), { port: 0 });
    try {
      const order: string[] = [];
      const batch = fetch(`${server.url}/v1/models/slow/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: Array.from({ length: 200 }, () => ({ ms: 2 })) }),
      }).then((r) => {
        order.push('batch');
        return r.status;
      });
      await first;
      const live = await fetch(`${server.url}/health/live`);
      order.push('live');
      expect([live.status, await batch]).toEqual([200, 200]);
      expect(order).toEqual(['live', 'batch']);
    } finally {
      await server.close();
    }
  });

  it('completes queued requests in arrival order whatever their size', async () => {
    const handler = createHandler({ predictors: [await inlineSlow()] });
    const order: number[] = [];
    const sizes = [120, 1, 60, 1, 1];
    await Promise.all(
      sizes.map((n, i) =>
        post(handler, '/v1/models/slow/predict', { instances: Array.from({ length: n }, () => ({ ms: 0.2 })) }).then(
          (r) => {
            expect(r.status).toBe(200);
            order.push(i);
          },
        ),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('outputs hold their schema', () => {
  // issue 17, finding 9 (serve's side): a NaN was sent as "yhat": null in a 200
  it('answers 500 SERVE_NON_FINITE_OUTPUT instead of null for a NaN or Infinity', async () => {
    const base = centroidPredictor();
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const nan: Predictor = { ...base, predict: () => ({ segment: 'x', cluster: 0, score: [1, { d: bad }] }) };
      const errors: unknown[] = [];
      const handler = createHandler({ predictors: [nan], onError: (e) => errors.push(e) });
      const res = await problemOf(
        await post(handler, '/v1/models/segments/predict', { recency: 1, frequency: 1, monetary: 1 }),
      );
      expect([res.status, res.type, res.body.code]).toEqual([
        500,
        'application/problem+json',
        'SERVE_NON_FINITE_OUTPUT',
      ]);
      expect(res.body.detail).toMatch(/at \$\.prediction\.score\[1\]\.d/);
      expect(errors).toHaveLength(1);
    }
  });
});

describe('bounded validation', () => {
  // issue 17, finding 5: 524k bad instances cost 2 s and 250 MB to list 100 of 1,048,001 errors
  it('stops walking once 101 issues are found and lists 100', async () => {
    const items = Array.from({ length: 524_288 }, () => ({}));
    let read = 0;
    const counted = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read++;
        return Reflect.get(target, key, receiver);
      },
    });
    const v = compileSchema({
      type: 'object',
      properties: { instances: { type: 'array', items: centroidPredictor().inputSchema } },
      required: ['instances'],
      additionalProperties: false,
    });
    const issues = v({ instances: counted }, 101);
    expect(issues).toHaveLength(101);
    expect(read).toBeLessThanOrEqual(101); // each bad instance has 3 missing fields: 34 instances read
    const handler = createHandler({
      predictors: [centroidPredictor()],
      maxBatchSize: 1_000_000,
      maxBodyBytes: 2 ** 21,
    });
    const res = await problemOf(await post(handler, '/v1/models/segments/predict', { instances: items }));
    expect([res.status, res.body.errors?.length, res.body.truncated]).toEqual([422, 100, true]);
    expect(res.body.detail).toMatch(/more than 100 errors/);
  });

  it('reports an array over maxItems without walking its items', () => {
    let read = 0;
    const counted = new Proxy(
      Array.from({ length: 5000 }, () => 'bad'),
      {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) read++;
          return Reflect.get(target, key, receiver);
        },
      },
    );
    const v = compileSchema({ type: 'array', items: { type: 'number' }, maxItems: 1000 });
    expect(v(counted).map((i) => i.keyword)).toEqual(['maxItems']);
    expect(read).toBe(0);
  });
});

describe('bounded request schemas', () => {
  it('gives every unbounded array and string the limits, in what it validates and publishes', async () => {
    const base = centroidPredictor();
    const open: Predictor = {
      ...base,
      inputSchema: {
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'string' } }, note: { type: 'string', maxLength: 5 } },
        required: ['tags'],
        additionalProperties: false,
      },
      predict: () => ({ segment: 'x', cluster: 0 }),
    };
    const handler = createHandler({ predictors: [open], limits: { maxItems: 3, maxLength: 4 } });
    const input = (handler.openapi.components as { schemas: Record<string, { properties: Record<string, object> }> })
      .schemas['segments.Input'];
    expect(input.properties).toEqual({
      tags: { type: 'array', items: { type: 'string', maxLength: 4 }, maxItems: 3 },
      note: { type: 'string', maxLength: 5 },
    });
    const res = await problemOf(await post(handler, '/v1/models/segments/predict', { tags: ['a', 'b', 'c', 'd'] }));
    expect(res.body.errors).toEqual([
      { path: '$.tags', pointer: '/tags', keyword: 'maxItems', message: 'must have at most 3 items' },
    ]);
    expect(open.inputSchema.properties?.tags).toEqual({ type: 'array', items: { type: 'string' } }); // not modified
  });
});

describe('artifacts that pass their checksum but do not fit', () => {
  // issue 17, finding 10: params = {} crashed start-up with an uncoded TypeError
  it('refuses them at start-up with SERVE_BAD_ARTIFACT naming the file and the field', async () => {
    const sub = await mkdtemp(join(dir, 'bad-'));
    const segments = sealArtifact({ ...centroidArtifact(), kind: 'rfm.segmenter', params: {} });
    await writeFile(join(sub, 'segments.json'), JSON.stringify(segments));
    const err = await rejection(loadModels({ dir: sub, loaders: [segmenterLoader] }));
    expect(err.code).toBe(SERVE_ERROR_CODES.badArtifact);
    expect(err.message).toMatch(/segments\.json.*params\.preset/);
    expect(err.details).toMatchObject({ field: 'preset', cause: 'ARTIFACT_INVALID' });
    const typeError = {
      kind: 'test.centroid',
      fromJSON: (a: { params: { features: string[] } }) => a.params.features.map(String),
    };
    await writeFile(join(sub, 'segments.json'), JSON.stringify(sealArtifact({ ...centroidArtifact(), params: {} })));
    const uncoded = await rejection(loadModels({ dir: sub, loaders: [typeError as never] }));
    expect([uncoded.code, uncoded.details.cause]).toEqual([SERVE_ERROR_CODES.badArtifact, 'TypeError']);
  });
});
