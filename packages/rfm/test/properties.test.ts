import { fromRows, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { customerFeatures, quintileScores, referenceFeatures, rfmSegment, segmentCustomers } from '@retailkit/rfm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureFrame } from './fixtures/load.js';

const day = 86_400_000;
const txArb = fc.array(
  fc.record({
    invoice: fc.integer({ min: 0, max: 30 }),
    cancel: fc.boolean(),
    stock: fc.constantFrom('A', 'B', 'C', 'D'),
    quantity: fc.integer({ min: -5, max: 20 }),
    day: fc.integer({ min: 0, max: 500 }),
    price: fc.double({ min: 0.1, max: 50, noNaN: true }),
    customer: fc.option(fc.constantFrom('1', '2', '3', '4', '5'), { nil: null }),
  }),
  { minLength: 1, maxLength: 80 },
);
type Tx = {
  invoice: number;
  cancel: boolean;
  stock: string;
  quantity: number;
  day: number;
  price: number;
  customer: string | null;
};
const toFrame = (rows: Tx[]) =>
  fromRows(
    rows.map((r) => ({
      invoiceNo: `${r.cancel ? 'C' : ''}${r.invoice}`,
      stockCode: r.stock,
      description: null,
      quantity: r.quantity,
      invoiceDate: Date.UTC(2010, 11, 1) + r.day * day + 3_600_000,
      unitPrice: r.price,
      customerId: r.customer,
      country: 'UK',
    })),
    TRANSACTION_SCHEMA,
  );

describe('properties', () => {
  it('customerFeatures: one row per identified customer, rates in [0, 1], input not mutated', () => {
    fc.assert(
      fc.property(txArb, (rows) => {
        const f = toFrame(rows);
        const before = JSON.stringify(toRows(f));
        const out = toRows(customerFeatures(f));
        expect(JSON.stringify(toRows(f))).toBe(before);
        const ids = new Set(rows.map((r) => r.customer).filter((c) => c !== null));
        expect(out.length).toBe(ids.size);
        for (const r of out) {
          for (const k of ['refundLineRate', 'refundValueRate']) {
            expect(r[k] as number).toBeGreaterThanOrEqual(0);
            expect(r[k] as number).toBeLessThanOrEqual(1);
          }
          expect(r.recency as number).toBeLessThanOrEqual(r.tenure as number);
          expect(r.frequency as number).toBeGreaterThanOrEqual(0);
          expect(Number.isFinite(r.meanDaysBetween as number)).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('referenceFeatures: frequency counts every distinct invoice of the customer (cancellations included)', () => {
    fc.assert(
      fc.property(txArb, (rows) => {
        const out = toRows(referenceFeatures(toFrame(rows)));
        for (const r of out) {
          const invoices = new Set(
            rows.filter((t) => t.customer === r.customerId).map((t) => `${t.cancel ? 'C' : ''}${t.invoice}`),
          );
          expect(r.frequency).toBe(invoices.size);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('quintile scores are in 1..5, balanced and monotone in the value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 5, maxLength: 200 }),
        (values) => {
          const s = quintileScores(values);
          for (let i = 0; i < values.length; i++)
            for (let j = 0; j < values.length; j++) if (values[i] < values[j]) expect(s[i]).toBeLessThanOrEqual(s[j]);
          const counts = [1, 2, 3, 4, 5].map((q) => s.filter((v) => v === q).length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(rfmSegment(r, f)).not.toBe('Unscored');
  });
});

describe('reference preset end to end', () => {
  it('segments the notebook table and reports its features', () => {
    const { summary, model } = segmentCustomers(fixtureFrame(), {
      preset: 'reference',
      seed: 3,
      kRange: [2, 2],
      churn: false,
      folds: 2,
      candidates: 2,
    });
    expect(summary.customers).toBe(5);
    expect(Object.keys(summary.features)).toEqual([
      'recency',
      'frequency',
      'monetary',
      'isOneTime',
      'meanTimeInterval',
      'meanTicketSize',
      'meanUniqueItems',
      'meanQuantity',
      'spendPerMonth',
      'frequencyPerMonth',
    ]);
    expect(summary.features.frequency).toEqual({ mean: 3, median: 3, max: 5 });
    expect(model.params.preset).toBe('reference');
  });
});

describe('small inputs', () => {
  it('segments the hand-made fixture with churn reported as skipped when the history is too short', () => {
    const { summary } = segmentCustomers(fixtureFrame(), { seed: 3, kRange: [2, 2], folds: 2, candidates: 2 });
    expect(summary.customers).toBe(6);
    expect(summary.churn === undefined ? summary.churnSkipped : 'fitted').toBeTruthy();
    expect(JSON.parse(JSON.stringify(summary)).k).toBe(summary.k);
  });
});
