import { type Predictor, RetailKitError } from '@retailkit/core';
import { createHandler, type Handler, kolmogorovSmirnov, populationStabilityIndex } from '@retailkit/serve';
import { describe, expect, it, vi } from 'vitest';
import { compileSchema } from '../src/internal/compile-schema.js';
import { centroidArtifact, centroidPredictor } from './fixtures/centroid.js';
import { BASE, get, post } from './helpers.js';

const segments = (): Predictor => centroidPredictor();

function make(extra: Partial<Parameters<typeof createHandler>[0]> = {}): Handler {
  return createHandler({ predictors: [segments()], maxBatchSize: 5, maxBodyBytes: 2048, ...extra });
}

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as Record<string, unknown> & { errors?: { path: string; keyword: string }[] };
}

describe('health', () => {
  it('live is always 200; ready is 200 until setReady(false), then 503 problem', async () => {
    const h = make();
    expect(await (await get(h, '/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await get(h, '/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', models: 1 });
    h.setReady(false);
    const draining = await get(h, '/health/ready');
    expect(draining.status).toBe(503);
    expect((await problemOf(draining)).type).toBe('urn:retailkit:problem:draining');
    expect((await get(h, '/health/live')).status).toBe(200);
  });
});

describe('models', () => {
  it('lists models and shows one with kind, version, schemas and training fingerprint', async () => {
    const h = make();
    const list = (await (await get(h, '/v1/models')).json()) as { models: Record<string, unknown>[] };
    expect(list.models).toHaveLength(1);
    const one = await (await get(h, '/v1/models/segments')).json();
    expect(one).toEqual(list.models[0]);
    const a = centroidArtifact();
    expect(one).toMatchObject({
      name: 'segments',
      kind: 'test.centroid',
      version: '2011-12-10',
      createdAt: '2011-12-10T00:00:00.000Z',
      schemaVersion: 1,
      trainingFingerprint: 'sha256:00ff',
      checksum: a.checksum,
      inputSchema: a.inputSchema,
      outputSchema: a.outputSchema,
      driftFeatures: ['recency', 'frequency', 'monetary'],
    });
    const missing = await get(h, '/v1/models/nope');
    expect(missing.status).toBe(404);
    const p = await problemOf(missing);
    expect(p.detail).toContain('segments');
    expect(p.code).toBe('SERVE_UNKNOWN_MODEL');
  });

  it('refuses input schemas that do not forbid unknown fields or name no required field', () => {
    const open = {
      ...segments(),
      inputSchema: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] },
    };
    expect(() => createHandler({ predictors: [open as never] })).toThrow(
      /SERVE_SCHEMA_OPEN|forbid unknown fields at \$/,
    );
    const nested = {
      ...segments(),
      inputSchema: {
        type: 'object',
        properties: { f: { type: 'object', properties: { x: { type: 'number' } } } },
        required: ['f'],
        additionalProperties: false,
      },
    };
    expect(() => createHandler({ predictors: [nested as never] })).toThrow(/at \$\.f/);
    const none = { ...segments(), inputSchema: { type: 'object', properties: {}, additionalProperties: false } };
    expect(() => createHandler({ predictors: [none as never] })).toThrow(/names no required field/);
    expect(createHandler({ predictors: [open as never], allowOpenSchemas: true }).predictors).toHaveLength(1);
  });

  it('refuses duplicate or URL-unsafe predictor names at construction', () => {
    expect(() => createHandler({ predictors: [segments(), segments()] })).toThrow(RetailKitError);
    const bad = { ...segments(), name: 'a/b' };
    expect(() => createHandler({ predictors: [bad] })).toThrow(/URL segment/);
  });
});

describe('predict', () => {
  it('predicts one instance (hand-computed nearest centroid)', async () => {
    const h = make();
    const res = await post(h, '/v1/models/segments/predict', { recency: 190, frequency: 2, monetary: 40 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      model: 'segments',
      version: '2011-12-10',
      prediction: { segment: 'lost', cluster: 1 },
    });
  });

  it('predicts a batch in order, and refuses batches over maxBatchSize with 422 at $.instances', async () => {
    const h = make();
    const instances = [
      { recency: 1, frequency: 12, monetary: 990 },
      { recency: 300, frequency: 1, monetary: 0 },
    ];
    const res = await post(h, '/v1/models/segments/predict', { instances });
    expect(await res.json()).toEqual({
      model: 'segments',
      version: '2011-12-10',
      predictions: [
        { segment: 'champions', cluster: 0 },
        { segment: 'lost', cluster: 1 },
      ],
    });
    const big = await post(h, '/v1/models/segments/predict', { instances: Array(6).fill(instances[0]) });
    expect(big.status).toBe(422);
    expect((await problemOf(big)).errors).toEqual([
      { path: '$.instances', pointer: '/instances', keyword: 'maxItems', message: 'must have at most 5 items' },
    ]);
    const empty = await post(h, '/v1/models/segments/predict', { instances: [] });
    expect((await problemOf(empty)).errors?.[0]).toMatchObject({ path: '$.instances', keyword: 'minItems' });
  });

  it('422 lists the JSON path of every offending field, single and batch', async () => {
    const h = make();
    const single = await post(h, '/v1/models/segments/predict', { recency: 'x', frequency: 0, colour: 'red' });
    expect(single.status).toBe(422);
    const p = await problemOf(single);
    expect(p.errors?.map((e) => `${e.path} ${e.keyword}`)).toEqual([
      '$.monetary required',
      '$.recency type',
      '$.frequency minimum',
      '$.colour additionalProperties',
    ]);
    expect(p.detail).toContain('4 errors');
    const batch = await post(h, '/v1/models/segments/predict', {
      instances: [{ recency: 1, frequency: 1, monetary: 1 }, { recency: 1, frequency: 1 }, 'x'],
    });
    expect((await problemOf(batch)).errors?.map((e) => e.path)).toEqual(['$.instances[1].monetary', '$.instances[2]']);
    const top = await post(h, '/v1/models/segments/predict', { instances: [], extra: 1 });
    expect((await problemOf(top)).errors?.map((e) => e.path)).toEqual(['$.instances', '$.extra']);
    const arr = await post(h, '/v1/models/segments/predict', [1, 2]);
    expect((await problemOf(arr)).errors).toEqual([
      { path: '$', pointer: '', keyword: 'type', message: 'must be an object' },
    ]);
  });

  it('400 for malformed JSON, an empty body and invalid UTF-8', async () => {
    const h = make();
    for (const body of ['{"recency": 1,', '', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const res = await post(h, '/v1/models/segments/predict', body);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).type).toBe('urn:retailkit:problem:malformed-json');
    }
  });

  it('415 for a missing or non-JSON content type; accepts parameters and +json types', async () => {
    const h = make();
    const x = JSON.stringify({ recency: 1, frequency: 1, monetary: 1 });
    expect((await post(h, '/v1/models/segments/predict', x, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(h, '/v1/models/segments/predict', x, {})).status).toBe(415);
    const form = await post(h, '/v1/models/segments/predict', x, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect((await problemOf(form)).detail).toContain('application/x-www-form-urlencoded');
    for (const ct of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.retail+json'])
      expect((await post(h, '/v1/models/segments/predict', x, { 'content-type': ct })).status).toBe(200);
  });

  it('413 for a declared or streamed body over maxBodyBytes', async () => {
    const h = make();
    const big = JSON.stringify({ recency: 1, frequency: 1, monetary: 1, pad: 'x'.repeat(3000) });
    const declared = await post(h, '/v1/models/segments/predict', big);
    expect(declared.status).toBe(413);
    expect((await problemOf(declared)).detail).toContain('2048 bytes');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(500)));
        c.close();
      },
    });
    const streamed = await h(
      new Request(`${BASE}/v1/models/segments/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it('404 for unknown models and routes, 405 with Allow for wrong methods', async () => {
    const h = make();
    expect((await post(h, '/v1/models/nope/predict', {})).status).toBe(404);
    expect((await get(h, '/nowhere')).status).toBe(404);
    expect((await get(h, '/v1/models/a/b/c')).status).toBe(404);
    const wrong = await get(h, '/v1/models/segments/predict');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await post(h, '/metrics', {})).status).toBe(405);
    expect((await get(h, '/v1/models/%E0%A4%A/predict', 'POST')).status).toBe(400);
  });

  it('maps model failures: RetailKitError → 422 with its code, anything else → 500 and onError', async () => {
    const onError = vi.fn();
    const base = segments();
    const failing = {
      ...base,
      name: 'failing',
      predict(input: { recency: number }) {
        if (input.recency === 1) throw new RetailKitError('RFM_UNKNOWN', 'customer unknown');
        throw new Error('boom');
      },
    };
    const h = make({ predictors: [failing], onError });
    const a = await post(h, '/v1/models/failing/predict', { recency: 1, frequency: 1, monetary: 1 });
    expect(a.status).toBe(422);
    expect((await problemOf(a)).code).toBe('RFM_UNKNOWN');
    const b = await post(h, '/v1/models/failing/predict', { recency: 2, frequency: 1, monetary: 1 });
    expect(b.status).toBe(500);
    expect(JSON.stringify(await b.json())).not.toContain('boom');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('awaits asynchronous predictors', async () => {
    const base = segments();
    const slow = { ...base, name: 'slow', predict: async (x: unknown) => base.predict(x) };
    const h = make({ predictors: [slow] });
    const res = await post(h, '/v1/models/slow/predict', { instances: [{ recency: 1, frequency: 1, monetary: 1 }] });
    expect(((await res.json()) as { predictions: unknown[] }).predictions).toEqual([{ segment: 'lost', cluster: 1 }]); // d² 42,002 vs 998,163
  });

  it('mounts under a basePath', async () => {
    const h = make({ basePath: '/ml' });
    expect((await get(h, '/ml/health/live')).status).toBe(200);
    expect((await get(h, '/health/live')).status).toBe(404);
    const res = await post(h, '/ml/v1/models/segments/predict?debug=1', { recency: 1, frequency: 1, monetary: 1 });
    expect(res.status).toBe(200);
    expect((h.openapi.servers as { url: string }[])[0].url).toBe('/ml');
  });
});

describe('openapi', () => {
  it('is OpenAPI 3.1 built from the very schemas that validate requests, with problem bodies', async () => {
    const h = make();
    const doc = (await (await get(h, '/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, never> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/v1/models/segments/predict'].post;
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '404', '413', '415', '422', '500', '503', '504']);
    const s = doc.components.schemas;
    // the handler's own object, not a copy
    expect((h.openapi.components as { schemas: Record<string, unknown> }).schemas['segments.Input']).toBe(
      h.predictors[0].inputSchema,
    );
    // responses and problems produced by the handler validate against the published schemas
    const ok = await (await post(h, '/v1/models/segments/predict', { recency: 1, frequency: 1, monetary: 1 })).json();
    expect(compileSchema(s['segments.PredictResponse'])(ok)).toEqual([]);
    const okBatch = await (
      await post(h, '/v1/models/segments/predict', { instances: [{ recency: 1, frequency: 1, monetary: 1 }] })
    ).json();
    expect(compileSchema(s['segments.BatchResponse'])(okBatch)).toEqual([]);
    const bad = await (await post(h, '/v1/models/segments/predict', { recency: 'x' })).json();
    expect(compileSchema(s.ValidationProblem)(bad)).toEqual([]);
    for (const res of [
      await post(h, '/v1/models/segments/predict', '{'),
      await post(h, '/v1/models/segments/predict', '{}', { 'content-type': 'text/plain' }),
      await get(h, '/v1/models/nope'),
    ])
      expect(compileSchema(s.Problem)(await res.json())).toEqual([]);
    // a request body valid per the published oneOf is accepted, an invalid one refused
    const requestSchema = compileSchema({ oneOf: [s['segments.Input'], s['segments.BatchRequest']] });
    expect(requestSchema({ recency: 1, frequency: 1, monetary: 1 })).toEqual([]);
    expect(requestSchema({ instances: Array(6).fill({ recency: 1, frequency: 1, monetary: 1 }) })).not.toEqual([]);
  });

  it('serves a self-contained docs page', async () => {
    const res = await get(make(), '/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('openapi.json');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|https?:\/\/(?!www\.w3\.org)/);
  });
});

function parseProm(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

describe('metrics', () => {
  it('exposes request totals, a cumulative latency histogram, in-flight, predictions and model info', async () => {
    const h = make();
    await post(h, '/v1/models/segments/predict', { recency: 1, frequency: 1, monetary: 1 });
    await post(h, '/v1/models/segments/predict', {
      instances: Array(3).fill({ recency: 1, frequency: 1, monetary: 1 }),
    });
    await post(h, '/v1/models/segments/predict', { recency: -1, frequency: 1, monetary: 1 });
    await post(h, '/v1/models/nope/predict', {});
    await get(h, '/health/live');
    await get(h, '/health/live', 'BREW'); // unknown methods share one label value
    const res = await get(h, '/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const m = parseProm(text);
    const route = '/v1/models/{name}/predict';
    expect(m.get(`retailkit_http_requests_total{route="${route}",method="POST",status="200"}`)).toBe(2);
    expect(m.get(`retailkit_http_requests_total{route="${route}",method="POST",status="422"}`)).toBe(1);
    expect(m.get(`retailkit_http_requests_total{route="${route}",method="POST",status="404"}`)).toBe(1);
    expect(m.get('retailkit_http_requests_total{route="/health/live",method="GET",status="200"}')).toBe(1);
    expect(m.get('retailkit_http_requests_total{route="/health/live",method="OTHER",status="405"}')).toBe(1);
    expect(m.get(`retailkit_http_request_duration_seconds_count{route="${route}"}`)).toBe(4);
    expect(m.get(`retailkit_http_request_duration_seconds_bucket{route="${route}",le="+Inf"}`)).toBe(4);
    const buckets = [...m.entries()].filter(([k]) =>
      k.startsWith(`retailkit_http_request_duration_seconds_bucket{route="${route}"`),
    );
    for (let i = 1; i < buckets.length; i++) expect(buckets[i][1]).toBeGreaterThanOrEqual(buckets[i - 1][1]);
    expect(m.get('retailkit_predictions_total{model="segments"}')).toBe(4);
    expect(m.get('retailkit_http_requests_in_flight')).toBe(1); // the /metrics request itself
    expect(
      m.get(
        'retailkit_model_info{model="segments",kind="test.centroid",version="2011-12-10",fingerprint="sha256:00ff"}',
      ),
    ).toBe(1);
    expect(m.get('retailkit_ready')).toBe(1);
    expect(m.get('retailkit_feature_drift_samples{model="segments",feature="recency"}')).toBe(4);
    expect(text).toContain('# TYPE retailkit_http_request_duration_seconds histogram');
  });
});

describe('dashboard', () => {
  it('is one self-contained HTML page with a strict CSP', async () => {
    const res = await get(make(), '/dashboard');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('id="total-requests"');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(|https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toContain('innerHTML');
  });

  it('data reflects traffic: volume, latency percentiles, errors, drift per feature, recent predictions', async () => {
    const h = make();
    const sent: number[] = [];
    for (let i = 0; i < 40; i++) {
      sent.push(150 + i);
      await post(h, '/v1/models/segments/predict', { recency: 150 + i, frequency: 1 + (i % 3), monetary: 5 * i });
    }
    await post(h, '/v1/models/segments/predict', { recency: 'bad' });
    const d = (await (await get(h, '/dashboard/data')).json()) as ReturnType<Handler['monitoring']>;
    expect(d.totals).toEqual({ requests: 41, errors: 1 });
    expect(d.errorRate).toBeCloseTo(1 / 41, 12);
    expect(d.latencyMs.count).toBe(41);
    expect(d.latencyMs.p50).toBeGreaterThan(0);
    expect(d.latencyMs.p99).toBeGreaterThanOrEqual(d.latencyMs.p50 as number);
    expect(d.timeline.reduce((s, t) => s + t.requests, 0)).toBe(41);
    const model = d.models[0];
    expect(model.predictions).toBe(40);
    const recency = model.drift.find((x) => x.feature === 'recency')!;
    const ref = centroidArtifact().reference!.recency;
    // independent: the public statistics on the same reference and the values sent
    expect(recency.psi.value).toBeCloseTo(populationStabilityIndex(ref, sent).psi, 12);
    expect(recency.ks.statistic).toBeCloseTo(kolmogorovSmirnov(ref, sent).statistic, 12);
    // reference 0..199, sent 150..189: all in the top quarter → drift
    expect(recency.status).toBe('drift');
    expect(recency.sampleSize).toBe(40);
    expect(d.recent).toHaveLength(20);
    expect(d.recent[0].input).toEqual({ recency: 189, frequency: 1 + (39 % 3), monetary: 195 });
    expect(d.recent[0].output).toEqual({ segment: 'lost', cluster: 1 });
  });
});
