import { existsSync, readFileSync } from 'node:fs';
import { clean } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import type { Frame } from '@retailkit/core';
import { type ElasticityReport, fitElasticity } from '@retailkit/pricing';
import { beforeAll, describe, expect, it } from 'vitest';

const CSV = new URL('../../../seeds/online-retail.csv.gz', import.meta.url).pathname;
const MANIFEST = new URL('../../../seeds/manifest.json', import.meta.url).pathname;
const present = existsSync(CSV) && existsSync(MANIFEST);

// The truth is the generator's: seeds/manifest.json's priceElasticity (planted by @retailkit/seeds, which moves
// these products' list prices three times and scales their demand by price^e).
describe.skipIf(!present)('planted price elasticities of the seeds are recovered (truth: seeds/manifest.json)', () => {
  let planted: Record<string, number>;
  let lines: Frame;
  let report: ElasticityReport;
  beforeAll(async () => {
    planted = JSON.parse(readFileSync(MANIFEST, 'utf8')).priceElasticity;
    lines = clean((await readCsv(CSV)).frame).views.modeling;
    report = fitElasticity(lines).report;
  });

  it('plants at least 10 products and identifies every one of them', () => {
    const codes = Object.keys(planted);
    expect(codes.length).toBeGreaterThanOrEqual(10);
    for (const code of codes) expect(report.products.find((p) => p.stockCode === code)?.identified).toBe(true);
  });

  it('puts at least 90 % of the planted values inside their 95 % intervals, with RMSE ≤ 0.3', () => {
    const rows = Object.entries(planted).map(([code, e]) => {
      const p = report.products.find((x) => x.stockCode === code);
      return { code, e, b: p?.elasticity as number, low: p?.low as number, high: p?.high as number };
    });
    const inside = rows.filter((r) => r.low <= r.e && r.e <= r.high).length;
    const rmse = Math.sqrt(rows.reduce((a, r) => a + (r.b - r.e) ** 2, 0) / rows.length);
    // on the committed seeds: 11 of 12 inside, RMSE 0.22
    expect(inside / rows.length).toBeGreaterThanOrEqual(0.9);
    expect(rmse).toBeLessThanOrEqual(0.3);
  });
});
