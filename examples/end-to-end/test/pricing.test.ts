import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pricingLoader } from '@retailkit/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PricingProductRow } from '../src/pricing-outputs.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../../seeds/manifest.json', import.meta.url));

const FIELDS = [
  'stockCode',
  'description',
  'listPrice',
  'elasticity',
  'stdError',
  'identified',
  'recommendedPrice',
  'expectedRevenueChange',
];

type Row = PricingProductRow;

// The truth is the seed generator's: seeds/manifest.json's priceElasticity names the products whose list price it
// moves (and the elasticity it plants); every other product keeps one list price.
describe('retailkit pricing on the seeds', () => {
  let dir: string;
  let pricing: { products: Row[]; validation: Record<string, unknown> } & Record<string, unknown>;
  let planted: Record<string, number>;
  const readJson = async (p: string) => JSON.parse(await readFile(join(dir, p), 'utf8'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-pricing-'));
    await chmod(dir, 0o755);
    await run(process.execPath, [BIN, 'pricing', '--data', SEEDS, '--out', 'out', '--quiet'], {
      cwd: tmpdir(),
      env: { ...process.env, INIT_CWD: dir },
      maxBuffer: 1 << 24,
    });
    pricing = await readJson('out/pricing.json');
    planted = JSON.parse(await readFile(MANIFEST, 'utf8')).priceElasticity;
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes pricing.json in the issue's shape: one row per product with exactly its eight fields, and the validation", () => {
    expect(pricing.products.length).toBeGreaterThan(100);
    for (const p of pricing.products) {
      expect(Object.keys(p)).toEqual(FIELDS);
      expect(typeof p.stockCode).toBe('string');
      expect(p.listPrice).toBeGreaterThan(0);
      expect(typeof p.identified).toBe('boolean');
    }
    expect(new Set(pricing.products.map((p) => p.stockCode)).size).toBe(pricing.products.length);
    expect(pricing.validation).toMatchObject({
      holdoutWeeks: 8,
      changes: expect.any(Array),
      mae: { model: expect.any(Number), seasonal: expect.any(Number), noPriceEffect: expect.any(Number) },
    });
  });

  it('gives null, never a number, for every product that is not identified', () => {
    const unidentified = pricing.products.filter((p) => !p.identified);
    expect(unidentified.length).toBeGreaterThan(0);
    for (const p of unidentified)
      expect([p.elasticity, p.stdError, p.recommendedPrice, p.expectedRevenueChange], p.stockCode).toEqual([
        null,
        null,
        null,
        null,
      ]);
  });

  it('identifies exactly the planted products, each with numbers, its price kept or moved within ±10 %', () => {
    const identified = pricing.products.filter((p) => p.identified);
    expect(identified.map((p) => p.stockCode).sort()).toEqual(Object.keys(planted).sort());
    for (const p of identified) {
      for (const v of [p.elasticity, p.stdError, p.recommendedPrice, p.expectedRevenueChange])
        expect(Number.isFinite(v), p.stockCode).toBe(true);
      expect(p.elasticity as number, p.stockCode).toBeLessThan(0);
      expect(Math.abs((p.recommendedPrice as number) / p.listPrice - 1)).toBeLessThanOrEqual(0.1 + 1e-9);
      expect(p.expectedRevenueChange as number).toBeGreaterThanOrEqual(0);
    }
    expect(pricing.counts).toMatchObject({ identified: identified.length });
  });

  it('the artifact loads through pricingLoader and predicts the revenue change pricing.json reports', async () => {
    const artifact = await readJson('out/models/pricing.json');
    const model = pricingLoader.fromJSON(artifact);
    expect(artifact.kind).toBe(pricingLoader.kind);
    const moved = pricing.products.filter((p) => p.identified && p.recommendedPrice !== p.listPrice);
    expect(moved.length).toBeGreaterThan(0);
    for (const p of moved) {
      const at = model.predict({ stockCode: p.stockCode, prices: [p.listPrice, p.recommendedPrice as number] });
      expect(at.elasticity).toBe(p.elasticity);
      // independent: constant elasticity, q(p) = q₀·(p/p₀)^β with q₀ the artifact's base demand
      const q0 = at.baseDemand;
      const expected =
        (p.recommendedPrice as number) *
          q0 *
          ((p.recommendedPrice as number) / p.listPrice) ** (p.elasticity as number) -
        p.listPrice * q0;
      expect(p.expectedRevenueChange as number).toBeCloseTo(expected, 6);
      expect((at.points[1].revenue as number) - (at.points[0].revenue as number)).toBeCloseTo(expected, 6);
    }
    const none = pricing.products.find((p) => !p.identified) as Row;
    expect(model.predict({ stockCode: none.stockCode, price: none.listPrice }).points[0].demand).toBeNull();
  });

  it('serve loads models/pricing.json and answers a what-if over HTTP', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--out', 'out', '--port', '0'], {
      cwd: tmpdir(),
      env: { ...process.env, INIT_CWD: dir },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
          const m = /at (http:\/\/\S+)/.exec(text);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const models = (await (await fetch(`${url}/v1/models`)).json()) as { models: { name: string; kind: string }[] };
      expect(models.models).toContainEqual(expect.objectContaining({ name: 'pricing', kind: 'pricing.model' }));
      const p = pricing.products.find((x) => x.identified) as Row;
      const res = await fetch(`${url}/v1/models/pricing/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ stockCode: p.stockCode, prices: [p.listPrice * 0.9, p.listPrice] }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { prediction: { points: { demand: number }[] } };
      // β < 0: the lower price sells more
      expect(body.prediction.points[0].demand).toBeGreaterThan(body.prediction.points[1].demand);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
