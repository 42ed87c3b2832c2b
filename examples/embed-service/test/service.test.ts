import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CleanResult } from '@retailkit/cleaning';
import { toRows } from '@retailkit/core';
import { customerValue } from '@retailkit/rfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitArtifacts } from '../src/fit-artifacts.js';
import { readSeedViews, storeFromRevenue } from '../src/seed-store.js';
import { type RunningService, startService } from '../src/service.js';
import type { Store } from '../src/store.js';

const SEEDS = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));
// Planted in the seed file (seeds/README.md): the regency teacups bundle, customer archetypes, no Saturday trading.
const TEACUPS = ['22697', '22699', '22698'];
const ONE_TIME = '12351'; // one invoice
const BIG_SPENDER = '12425'; // 12–30 invoices of pricier items
const SKU = '22697';

let dir: string;
let views: CleanResult['views'];
let store: Store;
let svc: RunningService;

const get = (path: string, init?: RequestInit) => fetch(`${svc.url}${path}`, init);
const post = (path: string, body: unknown) =>
  get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const statusOf = async (path: string, base = svc.url) => (await fetch(`${base}${path}`)).status;
/** Every route of the shop itself, and how it must answer whatever the artifacts do. */
async function shopStatuses(base = svc.url): Promise<number[]> {
  const cart = (await (await fetch(`${base}/carts`, { method: 'POST' })).json()) as { id: string };
  return Promise.all(
    [
      '/health',
      '/products',
      `/products/${SKU}`,
      `/customers/${BIG_SPENDER}`,
      `/customers/${BIG_SPENDER}/orders`,
      `/carts/${cart.id}`,
    ].map((p) => statusOf(p, base)),
  );
}
const ML_ROUTES = ['/recommendations?items=22697', `/customers/${BIG_SPENDER}/insights`, `/forecast/${SKU}`];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-embed-'));
  views = await readSeedViews(SEEDS);
  await fitArtifacts({ views, dir: join(dir, 'models') });
  store = storeFromRevenue(views.revenue);
  svc = await startService({ store, artifactsDir: join(dir, 'models'), port: 0, host: '127.0.0.1', pollMs: 25 });
});
afterAll(async () => {
  await svc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the shop routes', () => {
  it('answer as before: health, catalogue, customers, carts', async () => {
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    const products = (await (await get('/products?limit=3')).json()) as { total: number; products: unknown[] };
    expect(products.total).toBe(store.products.size);
    expect(products.products).toHaveLength(3);
    expect(((await (await get(`/products/${SKU}`)).json()) as { name: string }).name).toMatch(/REGENCY TEACUP/);
    const customer = (await (await get(`/customers/${ONE_TIME}`)).json()) as { orders: number };
    expect(customer.orders).toBe(1); // a one-time buyer: one invoice
    const orders = (await (await get(`/customers/${ONE_TIME}/orders`)).json()) as { lines: { invoiceNo: string }[] };
    expect(new Set(orders.lines.map((l) => l.invoiceNo)).size).toBe(1);
    const cart = (await (await post('/carts', { customerId: BIG_SPENDER })).json()) as { id: string };
    const added = await post(`/carts/${cart.id}/items`, { sku: SKU, quantity: 2 });
    expect(((await added.json()) as { items: unknown[] }).items).toEqual([{ sku: SKU, quantity: 2 }]);
    expect((await get(`/carts/${cart.id}/items/${SKU}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('answer problem+json for unknown things and malformed bodies', async () => {
    for (const res of [await get('/products/NOPE'), await get('/nowhere'), await get('/carts/999999')]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const bad = await get('/carts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the RetailKit routes', () => {
  it('/recommendations recommends the rest of the planted teacups bundle for a cart holding one of them', async () => {
    const cart = (await (await post('/carts', {})).json()) as { id: string };
    await post(`/carts/${cart.id}/items`, { sku: TEACUPS[0] });
    const res = await get(`/recommendations?cart=${cart.id}&k=2`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cart: string[]; recommendations: { sku: string; lift: number }[] };
    expect(body.cart).toEqual([TEACUPS[0]]);
    expect(body.recommendations.map((r) => r.sku).sort()).toEqual(TEACUPS.slice(1).sort());
    for (const r of body.recommendations) expect(r.lift).toBeGreaterThan(10); // planted lift 11–40
    expect((await get('/recommendations')).status).toBe(400);
  });

  it('/customers/:id/insights gives segment, churn and value as rfm customerValue computes them over all customers', async () => {
    // Independent path: rfm's batch customerValue over the whole revenue view, refitted here with the same asOf.
    const segments = JSON.parse(readFileSync(join(dir, 'models/segments.json'), 'utf8')) as {
      params: { asOf: string; names: string[] };
    };
    const table = toRows(customerValue(views.revenue, { asOf: segments.params.asOf, horizon: 90 }).table);
    for (const id of [ONE_TIME, BIG_SPENDER]) {
      const res = await get(`/customers/${id}/insights`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        segment: { name: string };
        summary: { x: number };
        churn: { probability: number };
        value: { clv: number; horizonDays: number };
      };
      const row = table.find((r) => r.customerId === id)!;
      expect(body.summary.x).toBe(row.x);
      expect(body.churn.probability).toBeCloseTo(row.churnProbability as number, 9);
      expect(body.value.clv).toBeCloseTo(row.clv as number, 6);
      expect(body.value.horizonDays).toBe(90);
      expect(segments.params.names).toContain(body.segment.name);
    }
    // BG/NBD convention: a customer without a repeat purchase (x = 0) was never seen to drop out, P(alive) = 1,
    // so the churn risk is the chance of no purchase while alive: ((α+T)/(α+T+90))^r, strictly between 0 and 1.
    const once = (await (await get(`/customers/${ONE_TIME}/insights`)).json()) as {
      churn: { probability: number; pAlive: number };
    };
    expect(once.churn.pAlive).toBe(1);
    expect(once.churn.probability).toBeGreaterThan(0);
    expect(once.churn.probability).toBeLessThan(1);
    expect((await get('/customers/00000/insights')).status).toBe(404);
  });

  it('/forecast/:sku forecasts the next trading days (no Saturdays, as planted) with ordered intervals', async () => {
    const res = await get(`/forecast/${SKU}?horizon=7`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { forecasts: { ds: string; yhat: number; lo: number; hi: number }[] };
    expect(body.forecasts).toHaveLength(7);
    // the data ends on Friday 2011-12-09; trading days skip Saturdays
    expect(body.forecasts.map((f) => f.ds)).toEqual([
      '2011-12-11',
      '2011-12-12',
      '2011-12-13',
      '2011-12-14',
      '2011-12-15',
      '2011-12-16',
      '2011-12-18',
    ]);
    for (const f of body.forecasts) expect(f.lo <= f.yhat && f.yhat <= f.hi).toBe(true);
    expect((await get('/forecast/NOPE')).status).toBe(404);
    expect((await get(`/forecast/${SKU}?horizon=0`)).status).toBe(400);
  });

  it('/ml mounts serve: OpenAPI, models, metrics, dashboard', async () => {
    const models = (await (await get('/ml/v1/models')).json()) as { models: { name: string }[] };
    expect(models.models.map((m) => m.name).sort()).toEqual(['customer-value', 'forecast', 'recommender', 'segments']);
    const openapi = (await (await get('/ml/openapi.json')).json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: object;
    };
    expect(openapi.openapi).toMatch(/^3\.1/);
    expect(openapi.servers).toEqual([{ url: '/ml' }]);
    expect(Object.keys(openapi.paths)).toContain('/v1/models/recommender/predict');
    const predicted = await post('/ml/v1/models/customer-value/predict', { x: 0, tx: 0, T: 30, monetaryValue: 0 });
    // BG/NBD: no repeat purchase, never seen to drop out → P(alive) = 1
    expect(((await predicted.json()) as { prediction: { pAlive: number } }).prediction.pAlive).toBe(1);
    expect(await (await get('/ml/metrics')).text()).toMatch(/^# (HELP|TYPE) /m);
    expect((await get('/ml/docs')).status).toBe(200);
    const dash = await get('/ml/dashboard');
    expect(dash.status).toBe(200);
    expect(dash.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('artifacts that go missing, break and come back', () => {
  it('a deleted artifact makes only its route answer 503 naming it; restoring it brings the route back', async () => {
    const file = join(dir, 'models/recommender.json');
    const saved = readFileSync(file);
    unlinkSync(file);
    await until(async () => (await statusOf(ML_ROUTES[0])) === 503);
    const res = await get(ML_ROUTES[0]);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { status: number; artifact: string; detail: string };
    expect(problem).toMatchObject({ status: 503, artifact: 'recommender.json' });
    expect(problem.detail).toContain('recommender.json');
    expect(await shopStatuses()).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await Promise.all(ML_ROUTES.slice(1).map((p) => statusOf(p)))).toEqual([200, 200]);
    const states = (await (await get('/models')).json()) as { artifacts: { file: string; state: string }[] };
    expect(states.artifacts.map((a) => [a.file, a.state])).toEqual([
      ['recommender.json', 'missing'],
      ['segments.json', 'ok'],
      ['customer-value.json', 'ok'],
      ['forecast.json', 'ok'],
    ]);
    writeAtomic(file, saved);
    await until(async () => (await statusOf(ML_ROUTES[0])) === 200);
  });

  it('a corrupted artifact answers 503 with the code that refused it (the last good model is dropped); a good copy restores it', async () => {
    const file = join(dir, 'models/segments.json');
    const saved = readFileSync(file, 'utf8');
    // one digit of the parameters changed: the checksum no longer matches
    const tampered = saved.replace(/"outlierThreshold":(\d)/, (_m, d) => `"outlierThreshold":${(Number(d) + 1) % 10}`);
    expect(tampered).not.toBe(saved);
    writeAtomic(file, tampered);
    await until(async () => (await statusOf(ML_ROUTES[1])) === 503);
    const problem = (await (await get(ML_ROUTES[1])).json()) as { artifact: string; artifacts: { code: string }[] };
    expect(problem.artifact).toBe('segments.json');
    expect(problem.artifacts).toEqual([{ file: 'segments.json', state: 'invalid', code: 'ARTIFACT_CHECKSUM' }]);
    expect(await shopStatuses()).toEqual([200, 200, 200, 200, 200, 200]);
    expect([await statusOf(ML_ROUTES[0]), await statusOf(ML_ROUTES[2])]).toEqual([200, 200]);
    writeAtomic(file, '{ not json');
    await until(async () => {
      const body = (await (await get(ML_ROUTES[1])).json()) as { artifacts?: { code: string }[] };
      return body.artifacts?.[0]?.code === 'SERVE_ARTIFACT_PARSE';
    });
    const models = (await (await get('/ml/v1/models')).json()) as { models: { name: string }[] };
    expect(models.models.map((m) => m.name)).not.toContain('segments');
    writeAtomic(file, saved);
    await until(async () => (await statusOf(ML_ROUTES[1])) === 200);
  });

  it('starts with missing and invalid artifacts: the shop and the other routes answer, the rest come back when written', async () => {
    const partial = join(dir, 'partial');
    copyArtifacts(partial, ['forecast.json']);
    writeAtomic(join(partial, 'customer-value.json'), JSON.stringify({ kind: 'shop.customer-value' }));
    const other = await startService({ store, artifactsDir: partial, port: 0, host: '127.0.0.1', pollMs: 25 });
    try {
      expect(await shopStatuses(other.url)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(await statusOf(ML_ROUTES[2], other.url)).toBe(200);
      expect(await statusOf(ML_ROUTES[0], other.url)).toBe(503);
      const problem = (await (await fetch(`${other.url}${ML_ROUTES[1]}`)).json()) as {
        artifact: string;
        artifacts: { file: string; state: string; code: string }[];
      };
      expect(problem.artifact).toBe('segments.json');
      expect(problem.artifacts).toEqual([
        { file: 'segments.json', state: 'missing', code: 'ARTIFACT_MISSING' },
        { file: 'customer-value.json', state: 'invalid', code: 'ARTIFACT_INVALID' },
      ]);
      copyArtifacts(partial, ['recommender.json', 'segments.json', 'customer-value.json']);
      await until(async () =>
        (await Promise.all(ML_ROUTES.map((p) => statusOf(p, other.url)))).every((s) => s === 200),
      );
    } finally {
      await other.close();
    }
  });
});

/** Write a file as a deployment would: a temporary file, then a rename, so a poll never sees half of it. */
function writeAtomic(file: string, data: string | Buffer): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

/** Copy some of the fitted artifacts into `target`, atomically. */
function copyArtifacts(target: string, files: string[]): void {
  mkdirSync(target, { recursive: true });
  for (const f of files) {
    copyFileSync(join(dir, 'models', f), join(target, `.${f}.tmp`));
    renameSync(join(target, `.${f}.tmp`), join(target, f));
  }
}
