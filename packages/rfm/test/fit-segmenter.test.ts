import { filter, select, toRows } from '@retailkit/core';
import { customerFeatures, fitSegmenter, formatSegments } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../src/internal/metrics.js';
import { fitSegments } from '../src/internal/segmentation.js';
import { fixtureFrame } from './fixtures/load.js';
import { seedArchetypes, seedsAvailable, seedsFrame } from './fixtures/seeds.js';

/** The seeds' purchase lines of identified customers (what a cleaning step would keep for segmentation). */
function seedPurchases() {
  const frame = seedsFrame();
  const q = (frame.columns.quantity as { data: Float64Array }).data;
  const p = (frame.columns.unitPrice as { data: Float64Array }).data;
  const inv = frame.columns.invoiceNo as { codes: Int32Array; values: readonly string[] };
  const cu = frame.columns.customerId as { codes: Int32Array };
  return filter(frame, (i) => q[i] > 0 && p[i] > 0 && cu.codes[i] >= 0 && !inv.values[inv.codes[i]].startsWith('C'));
}

describe.runIf(seedsAvailable)('fitSegmenter on the seeds', () => {
  const clean = seedPurchases();
  const run = fitSegmenter(clean, { seed: 42, kRange: [2, 8] });

  it('reports segments.json: features, k choice, clusters, explanation, RFM segments, churn', () => {
    const r = run.report;
    expect(r.preset).toBe('default');
    expect(r.customers).toBe(773);
    expect(Object.keys(r.features)).toContain('monetary');
    for (const f of Object.values(r.features)) expect(Object.keys(f)).toEqual(['mean', 'median', 'max']);
    expect(r.clusters.reduce((t, c) => t + c.size, 0)).toBe(773);
    expect(r.clusters.reduce((t, c) => t + c.share, 0)).toBeCloseTo(1, 12);
    expect(r.explanation.accuracy).toBeGreaterThan(0.8);
    expect(r.explanation.rules.length).toBeGreaterThan(0);
    for (const c of r.selection.candidates) if (c.k === r.k) expect(c.eligible).toBe(true);
    expect(r.selection).toMatchObject({ scaler: 'robust', log1p: true, silhouetteSampled: false });
    expect(Object.values(r.rfmSegments!).reduce((a, b) => a + b, 0)).toBe(773);
    expect(r.churn?.horizon).toBe(90);
    expect(formatSegments(r)).toMatch(/^Customer segments \(preset default, 773 customers/);
  });

  it('is deterministic under a seed (report and artifact checksum)', () => {
    const again = fitSegmenter(clean, { seed: 42, kRange: [2, 8] });
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(run.report));
    expect(again.model.toJSON().checksum).toBe(run.model.toJSON().checksum);
  });

  it('samples the silhouettes only beyond silhouetteSample customers; the same seed gives the same sample', () => {
    // 773 customers: the default sample (2,000) covers them all, as Infinity does — same numbers
    const exact = fitSegmenter(clean, { seed: 42, kRange: [2, 8], silhouetteSample: Number.POSITIVE_INFINITY });
    expect(exact.report.selection.candidates).toEqual(run.report.selection.candidates);
    const a = fitSegmenter(clean, { seed: 42, kRange: [2, 8], silhouetteSample: 300, churn: false });
    const b = fitSegmenter(clean, { seed: 42, kRange: [2, 8], silhouetteSample: 300, churn: false });
    expect(a.report.selection.silhouetteSampled).toBe(true);
    expect(a.report.selection.candidates).toEqual(b.report.selection.candidates);
    // sampling changes silhouettes only: the KMeans fits, hence the inertia curve and the knee, stay
    expect(a.report.selection.candidates.map((c) => c.inertia)).toEqual(
      run.report.selection.candidates.map((c) => c.inertia),
    );
    expect(a.report.selection.kneeK).toBe(run.report.selection.kneeK);
  });

  it('recovers the planted archetypes (adjusted Rand index reported)', () => {
    const arche = seedArchetypes();
    const names = [...new Set(arche.values())];
    const table = customerFeatures(clean);
    const ids = toRows(table).map((r) => r.customerId as string);
    const truth = ids.map((id) => names.indexOf(arche.get(id) ?? 'none'));
    const seg = fitSegments(table, { seed: 42, kRange: [2, 8], restarts: 2, silhouetteSample: 2000 });
    const ari = adjustedRandIndex(seg.labels, truth);
    console.info(`seeds: adjusted Rand index vs planted archetypes at the recommended k=${seg.k}: ${ari.toFixed(3)}`);
    // occasional and regular buyers overlap, bulk and big spenders share a cluster
    expect(ari).toBeGreaterThan(0.25);
    const share = (archetypes: string[], pattern: RegExp) => {
      let hit = 0;
      let all = 0;
      ids.forEach((id, i) => {
        if (!archetypes.includes(arche.get(id) ?? '')) return;
        all++;
        if (pattern.test(seg.profiles[seg.labels[i]].name)) hit++;
      });
      return hit / all;
    };
    // names from the RFM grid: high spend and frequent → Champions (or the big-spender cells); one order → the
    // cells of F = 1 (New customers, About to sleep, Lost); repeat buyers → the cells of F > 1
    expect(share(['wholesaler', 'bigSpender'], /^(Champions|Loyal big spenders|Can't lose them)/)).toBeGreaterThan(
      0.95,
    );
    expect(share(['oneTime'], /^(New customers|About to sleep|Lost)/)).toBeGreaterThan(0.7);
    expect(
      share(['occasional', 'regular'], /^(Need attention|Loyal|Promising|At risk|Hibernating|Champions)/),
    ).toBeGreaterThan(0.8);
  });

  it('segments on caller-computed features (a FeatureTable), recorded under its name', async () => {
    const columns = ['recency', 'frequency', 'monetary', 'meanTicketSize'];
    const table = select(customerFeatures(clean), ['customerId', ...columns]);
    const { model, report } = fitSegmenter(clean, {
      seed: 42,
      kRange: [2, 6],
      features: { table, columns, log1p: true, scaler: 'standard', name: 'four columns' },
    });
    expect(report.preset).toBe('four columns');
    expect(Object.keys(report.features)).toEqual(columns);
    expect(report.selection).toMatchObject({ scaler: 'standard', log1p: true, clusteredFeatures: columns });
    expect(report.rfmSegments).toBeUndefined();
    expect(report.churn).toBeDefined(); // fitted on the transactions
    const params = model.toJSON().params;
    expect([params.preset, params.inputFeatures]).toEqual(['four columns', columns]);
    const out = await model.predict({ features: { recency: 10, frequency: 5, monetary: 900, meanTicketSize: 180 } });
    expect(out.name).toBe(report.clusters[out.segment].name);
    expect(out.churnProbability).toBeNull();
  });
});

describe('fitSegmenter on the hand-made fixture', () => {
  it('reports churn as skipped when the history is too short for BG/NBD or Gamma-Gamma', () => {
    const { report } = fitSegmenter(fixtureFrame(), { seed: 3, kRange: [2, 2], folds: 2, candidates: 2 });
    expect(report.customers).toBe(6);
    expect(report.churn === undefined ? report.churnSkipped : 'fitted').toBeTruthy();
    expect(JSON.parse(JSON.stringify(report)).k).toBe(report.k);
  });

  it('rejects a FeatureTable named "default", a missing feature column and a frame without invoiceDate', () => {
    const table = customerFeatures(fixtureFrame());
    const small = { seed: 3, kRange: [2, 2] as const, churn: false, folds: 2, candidates: 2 };
    expect(() =>
      fitSegmenter(fixtureFrame(), { ...small, features: { table, columns: ['recency'], name: 'default' } }),
    ).toThrow(/features.name must be a name other than "default"/);
    expect(() => fitSegmenter(fixtureFrame(), { ...small, features: { table, columns: ['recency', 'nope'] } })).toThrow(
      /needs a numeric column "nope"/,
    );
    expect(() => fitSegmenter({ length: 0, columns: {} })).toThrow(
      /^fitSegmenter: needs a timestamp column "invoiceDate"/,
    );
  });
});
