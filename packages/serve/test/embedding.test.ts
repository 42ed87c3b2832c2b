import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHandler, toNodeListener } from '@retailkit/serve';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { centroidPredictor } from './fixtures/centroid.js';

const handler = () =>
  createHandler({
    predictors: [centroidPredictor()],
    basePath: '/ml',
  });
const body = JSON.stringify({ recency: 12, frequency: 9, monetary: 900 });
const expected = { model: 'segments', version: '2011-12-10', prediction: { segment: 'champions', cluster: 0 } };

async function exercise(url: string): Promise<void> {
  const ok = await fetch(`${url}/ml/v1/models/segments/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual(expected);
  const bad = await fetch(`${url}/ml/v1/models/segments/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"recency":"x","frequency":1,"monetary":1}',
  });
  expect(bad.status).toBe(422);
  expect(bad.headers.get('content-type')).toBe('application/problem+json');
  expect(((await bad.json()) as { errors: { path: string }[] }).errors[0].path).toBe('$.recency');
  // the host application's own routes keep working
  expect(await (await fetch(`${url}/hello`)).text()).toBe('host app');
  expect((await fetch(`${url}/ml/health/ready`)).status).toBe(200);
}

describe('embedding', () => {
  it('mounts in Express with app.use(toNodeListener(handler)) (JSON body parsers must not run before it)', async () => {
    const app = express();
    app.get('/hello', (_req, res) => {
      res.send('host app');
    });
    app.use(toNodeListener(handler()));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      await exercise(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('mounts in Fastify: raw body left unparsed in an encapsulated plugin, reply hijacked', async () => {
    const app = Fastify();
    app.get('/hello', async () => 'host app');
    const listener = toNodeListener(handler());
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      scope.all('/ml/*', (req, reply) => {
        reply.hijack();
        listener(req.raw, reply.raw);
      });
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await exercise(url);
    } finally {
      await app.close();
    }
  });

  it('mounts in Hono as a fetch handler: app.all("/ml/*", (c) => handler(c.req.raw))', async () => {
    const app = new Hono();
    const h = handler();
    app.get('/hello', (c) => c.text('host app'));
    app.all('/ml/*', (c) => h(c.req.raw));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      await exercise(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
