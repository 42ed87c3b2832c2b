import { fingerprint, fromRows, numberColumn, stringColumn, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { customerValue, fitBgNbd, fitGammaGamma, fitSegmenter, purchaseSummary } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { segmentValues } from '../src/internal/segment-value.js';

/**
 * The README's year of purchases by 90 customers: kind 0 buys 12 times (every 29 days), kind 1 three times (every
 * 120 days), kind 2 once; customer 12000 + c is of kind c % 3, so every segment's members are known by construction.
 */
function threeKinds() {
  const rows = [];
  for (let c = 0; c < 90; c++) {
    const kind = c % 3;
    for (let v = 0; v < [12, 3, 1][kind]; v++)
      rows.push({
        invoiceNo: `${c}-${v}`,
        stockCode: kind === 1 ? 'CRATE' : 'MUG',
        description: null,
        quantity: kind === 1 ? 48 + (c % 5) : 2 + (v % 3),
        invoiceDate: Date.UTC(2011, 0, 2 + (c % 30) + v * [29, 120, 0][kind], 10),
        unitPrice: kind === 1 ? 1.25 : 6.5,
        customerId: String(12000 + c),
        country: 'United Kingdom',
      });
  }
  return fromRows(rows, TRANSACTION_SCHEMA);
}

describe('fitSegmenter: churn risk and CLV per segment (clusters[].pChurn, expectedPurchases, clv)', () => {
  it('averages per-customer values from another model when given, and names it (hand-computed means)', () => {
    // customer 12000 + c is of kind c % 3 (Champions, Need attention, Lost); give pChurn = kind / 10 + c / 1000,
    // clv = 100 × kind; customer 12089 has no value row. Means by kind over c ≡ kind (mod 3):
    // Champions c = 0, 3, …, 87 → 0 + mean(c)/1000 = 0.0435; Need attention c = 1, …, 88 → 0.1 + 0.0445;
    // Lost c = 2, …, 86 (12089 left out) → 0.2 + 0.044
    const customers = Array.from({ length: 89 }, (_, c) => ({
      customerId: String(12000 + c),
      pChurn: (c % 3) / 10 + c / 1000,
      expectedPurchases: 1,
      clv: 100 * (c % 3),
    }));
    const { report } = fitSegmenter(threeKinds(), { seed: 42, kRange: [2, 6], values: { model: 'test', customers } });
    expect(report.valueModel).toBe('test');
    const byName = Object.fromEntries(report.clusters.map((c) => [c.name, c]));
    expect(byName.Champions.pChurn).toBeCloseTo(0.0435, 12);
    expect(byName['Need attention'].pChurn).toBeCloseTo(0.1445, 12);
    expect(byName.Lost.pChurn).toBeCloseTo(0.244, 12);
    expect(byName.Lost.clv).toBe(200);
  });

  it('reuses BG/NBD and Gamma-Gamma given with the values: the same report churn and model as fitting them here', () => {
    const frame = threeKinds();
    const fitted = fitSegmenter(frame, { seed: 42, kRange: [2, 6] });
    // the fits the caller holds: BG/NBD and Gamma-Gamma on the purchase summary at the segmenter's asOf
    const summary = purchaseSummary(frame, { asOf: fitted.report.asOf });
    const col = (n: string) => (summary.columns[n] as { data: Float64Array }).data;
    const bgNbd = fitBgNbd({ x: col('x'), tx: col('tx'), T: col('T') });
    const gammaGamma = fitGammaGamma(col('x'), col('monetaryValue'));
    const customers = [{ customerId: '12000', pChurn: 0.5, expectedPurchases: 1, clv: 10 }];
    const without = fitSegmenter(frame, { seed: 42, kRange: [2, 6], values: { model: 'm', customers } });
    const given = fitSegmenter(frame, {
      seed: 42,
      kRange: [2, 6],
      values: { model: 'm', customers, bgNbd, gammaGamma },
    });
    expect(given.report.churn).toEqual(without.report.churn);
    expect(given.report.churn?.bgNbd).toEqual(bgNbd.params);
    expect(given.model.toJSON()).toEqual(without.model.toJSON());
    // the frame's fingerprint, when the caller has it, is taken as given: the same artifact as hashing it here
    const withPrint = fitSegmenter(frame, {
      seed: 42,
      kRange: [2, 6],
      values: { model: 'm', customers, bgNbd, gammaGamma, trainingFingerprint: fingerprint(frame) },
    });
    expect(withPrint.model.toJSON()).toEqual(without.model.toJSON());
  });

  it('equals the mean of customerValue over each segment’s customers (kinds known by construction)', () => {
    const frame = threeKinds();
    const { report } = fitSegmenter(frame, { seed: 42, kRange: [2, 6] });
    expect(report.clusters.map((c) => [c.name, c.size, c.medians.frequency])).toEqual([
      ['Champions', 30, 12],
      ['Need attention', 30, 3],
      ['Lost', 30, 1],
    ]);
    // independent aggregation: customerValue's per-customer rows (same asOf and horizon), averaged by kind
    const perCustomer = toRows(customerValue(frame, { asOf: report.asOf, horizon: 90 }).table);
    expect(perCustomer).toHaveLength(90);
    const byKind = [0, 1, 2].map((kind) => {
      const members = perCustomer.filter((r) => (Number(r.customerId) - 12000) % 3 === kind);
      const mean = (k: string) => members.reduce((t, r) => t + (r[k] as number), 0) / members.length;
      return { pChurn: mean('churnProbability'), expectedPurchases: mean('expectedPurchases'), clv: mean('clv') };
    });
    report.clusters.forEach((c, k) => {
      expect(c.pChurn).toBeCloseTo(byKind[k].pChurn, 12);
      expect(c.expectedPurchases).toBeCloseTo(byKind[k].expectedPurchases, 12);
      expect(c.clv).toBeCloseTo(byKind[k].clv, 9);
    });
    // the frequent buyers are the least likely to have churned and the most valuable
    const [champions, attention, lost] = report.clusters;
    expect(champions.pChurn!).toBeLessThan(attention.pChurn!);
    expect(champions.clv!).toBeGreaterThan(lost.clv!);
    for (const c of report.clusters) {
      expect(c.pChurn).toBeGreaterThanOrEqual(0);
      expect(c.pChurn).toBeLessThanOrEqual(1);
    }
  });

  it('is null for every segment when the churn models are not fitted', () => {
    const { report } = fitSegmenter(threeKinds(), { seed: 42, kRange: [2, 6], churn: false });
    for (const c of report.clusters) expect([c.pChurn, c.expectedPurchases, c.clv]).toEqual([null, null, null]);
  });
});

describe('segmentValues (hand-computed)', () => {
  const value = {
    length: 3,
    columns: {
      customerId: stringColumn(['a', 'b', 'd']),
      churnProbability: numberColumn([0.2, 0.4, 0.9]),
      expectedPurchases: numberColumn([2, 1, 0.5]),
      clv: numberColumn([100, 300, 10]),
    },
  };

  it('averages over the customers the value table scored, matched by id; others are left out', () => {
    // c has only refunds (absent from the value table); segment 1 holds c alone; d is in segment 2
    const features = { length: 4, columns: { customerId: stringColumn(['a', 'b', 'c', 'd']) } };
    expect(segmentValues(features, Int32Array.of(0, 0, 1, 2), 3, value)).toEqual([
      { pChurn: (0.2 + 0.4) / 2, expectedPurchases: 1.5, clv: 200, scored: 2 },
      { pChurn: null, expectedPurchases: null, clv: null, scored: 0 },
      { pChurn: 0.9, expectedPurchases: 0.5, clv: 10, scored: 1 },
    ]);
  });

  it('gives nulls when the feature table has no customerId column', () => {
    const features = { length: 2, columns: { recency: numberColumn([1, 2]) } };
    expect(segmentValues(features, Int32Array.of(0, 0), 1, value)).toEqual([
      { pChurn: null, expectedPurchases: null, clv: null, scored: 0 },
    ]);
  });
});
