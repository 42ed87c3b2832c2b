import { createRecommender } from '@retailkit/basket';
import { fitSegmenter } from '@retailkit/rfm';
import { createHandler, startServer } from '@retailkit/serve';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centroidPredictor } from './fixtures/centroid.js';
import { BASE, transactionFrame } from './helpers.js';

// Property: whatever arrives (method, route, content type, body bytes), the handler answers, never with a 5xx,
// errors are problem+json, and the process keeps serving valid requests afterwards.
describe('fuzz: random requests at every route', () => {
  const predictor = centroidPredictor();
  const handler = createHandler({ predictors: [predictor], maxBatchSize: 50, maxBodyBytes: 4096 });
  const routes = [
    '/health/live',
    '/health/ready',
    '/v1/models',
    '/v1/models/segments',
    '/v1/models/segments/predict',
    '/v1/models/unknown/predict',
    '/v1/models/%ZZ/predict',
    '/openapi.json',
    '/docs',
    '/metrics',
    '/dashboard',
    '/dashboard/data',
    '/nope',
  ];
  const field = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 3 }),
  );
  const instance = fc.record(
    { recency: field, frequency: field, monetary: field, extra: field, __proto__: field, constructor: field },
    { requiredKeys: [] },
  );
  const jsonBody = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    instance.map((v) => JSON.stringify(v)),
    fc.array(instance, { maxLength: 60 }).map((instances) => JSON.stringify({ instances })),
    fc.record({ instances: fc.jsonValue() }).map((v) => JSON.stringify(v)),
  );
  const body = fc.oneof(
    jsonBody,
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 300 }),
    fc.constant('x'.repeat(5000)),
    fc.constant(undefined),
  );
  const contentType = fc.oneof(
    fc.constant('application/json'),
    fc.constant('application/json; charset=utf-8'),
    fc.constant('text/plain'),
    fc.constant(undefined),
    fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e]*$/.test(s) && s.length > 0),
  );
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');

  it('never answers 5xx, errors are problem+json, and the server keeps working', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), method, contentType, body, async (route, m, ct, b) => {
        const headers: Record<string, string> = {};
        if (ct !== undefined) headers['content-type'] = ct;
        const withBody = m !== 'GET' && m !== 'HEAD' && b !== undefined;
        const res = await handler(
          new Request(`${BASE}${route}`, { method: m, headers, body: withBody ? b : undefined }),
        );
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          if (m !== 'HEAD') expect(((await res.json()) as { status: number }).status).toBe(res.status);
        } else await res.arrayBuffer();
        if (route === '/v1/models/segments/predict' && m === 'POST' && res.status === 200) {
          // only schema-valid bodies get through
          expect(ct === undefined || /json/i.test(ct)).toBe(true);
        }
      }),
      { numRuns: 600 },
    );
    console.log('fuzz serve routes (in process): 600 cases');
    const ok = await handler(
      new Request(`${BASE}/v1/models/segments/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"recency":1,"frequency":1,"monetary":1}',
      }),
    );
    expect(ok.status).toBe(200);
    expect(({} as Record<string, unknown>).recency).toBeUndefined();
  });
});

// issue 17, findings 1 and 5: random JSON bodies at every endpoint of the suite's models, over a socket; every
// answer is 2xx or a 4xx problem+json, and /health/live answers within 5 s after each.
describe('fuzz: random JSON bodies at every endpoint of real models over HTTP', () => {
  it('answers 2xx or 4xx problem+json, and /health/live within 5 s', async () => {
    const frame = transactionFrame(5, 40);
    const segments = fitSegmenter(frame, { seed: 1, k: 3, churn: false }).model;
    const recommender = createRecommender(
      [{ antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }],
      { createdAt: '2011-12-09T12:50:00.000Z', k: 2 },
    );
    const server = await startServer(createHandler({ predictors: [segments, recommender], maxBatchSize: 20 }), {
      port: 0,
    });
    const features = segments.toJSON().params.inputFeatures;
    const num = fc.oneof(fc.double(), fc.integer(), fc.constant(1e308), fc.string({ maxLength: 3 }));
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ features: fc.dictionary(fc.constantFrom(...features, 'x'), num) }, { requiredKeys: [] }),
      fc.record({ items: fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 30 }) }),
      fc.record({ instances: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 30 }) }),
      fc.record({
        transactions: fc.array(
          fc.record({
            invoiceNo: fc.string({ maxLength: 4 }),
            stockCode: fc.string({ maxLength: 4 }),
            quantity: fc.integer(),
            invoiceDate: fc.constantFrom('2011-05-01 10:00:00', 'x', '2011-13-45'),
            unitPrice: fc.double({ noNaN: true }),
          }),
          { maxLength: 5 },
        ),
      }),
    );
    const routes = [
      '/v1/models/segments/predict',
      '/v1/models/recommender/predict',
      '/v1/models/segments',
      '/v1/models',
      '/health/ready',
      '/openapi.json',
      '/metrics',
      '/dashboard/data',
    ];
    let cases = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...routes), body, async (route, b) => {
          cases++;
          const predict = route.endsWith('/predict');
          const res = await fetch(`${server.url}${route}`, {
            method: predict ? 'POST' : 'GET',
            headers: predict ? { 'content-type': 'application/json' } : {},
            body: predict ? JSON.stringify(b) : undefined,
            signal: AbortSignal.timeout(5000),
          });
          const text = await res.text();
          expect(res.status < 300 || (res.status >= 400 && res.status < 500)).toBe(true);
          if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
          else if (res.headers.get('content-type')?.startsWith('application/json')) JSON.parse(text);
          const live = await fetch(`${server.url}/health/live`, { signal: AbortSignal.timeout(5000) });
          expect(live.status).toBe(200);
          await live.text();
        }),
        { numRuns: 250 },
      );
    } finally {
      await server.close();
    }
    console.log(`fuzz serve endpoints (HTTP, real models): ${cases} cases`);
  });
});
