import { createHandler } from '@retailkit/serve';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centroidPredictor } from './fixtures/centroid.js';
import { BASE } from './helpers.js';

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
