import { fromRows, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { customerFeatures, quintileScores, rfmSegment } from '@retailkit/rfm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FEATURE_DEFINITIONS } from '../src/internal/feature-definitions.js';
import { fixtureFrame } from './fixtures/load.js';

// Expected values computed by hand from test/fixtures/transactions.csv (arithmetic shown in comments).
describe('customerFeatures', () => {
  const rows = toRows(customerFeatures(fixtureFrame()));
  const byId = Object.fromEntries(rows.map((r) => [r.customerId as string, r]));

  it('gives one row per identified customer, sorted by id, skipping missing ids', () => {
    expect(rows.map((r) => r.customerId)).toEqual(['0', '12346', '12347', '12348', '12349', '12350']);
  });

  it('computes every feature of a multi-year customer (12347)', () => {
    const c = byId['12347'];
    expect(c.frequency).toBe(4); // 536365, 536370, 536374, 536379 (C536371 is a refund)
    expect(c.monetary).toBeCloseTo(405.42, 10); // 40.74 + 180 + 30.6 + 169.08 − 15
    expect(c.recency).toBe(9); // 2011-12-01 → asOf 2011-12-10
    expect(c.tenure).toBe(374); // 2010-12-01 → 2011-12-10
    expect(c.meanDaysBetween).toBeCloseTo(365 / 3, 10);
    expect(c.meanTicketSize).toBeCloseTo(420.42 / 4, 10);
    expect(c.meanItemsPerInvoice).toBeCloseTo(1.75, 10); // (2 + 2 + 1 + 2) / 4
    expect(c.meanQuantityPerInvoice).toBeCloseTo(45.5, 10); // (14 + 48 + 12 + 108) / 4
    expect(c.activeMonths).toBe(3); // 2010-12, 2011-03, 2011-12 (December of two years counted twice)
    expect(c.meanSpendPerMonth).toBeCloseTo(405.42 / 3, 10);
    expect(c.purchasesPerMonth).toBeCloseTo(4 / 3, 10);
    expect(c.refundLineRate).toBeCloseTo(0.1, 10); // 1 cancelled line of 10
    expect(c.refundValueRate).toBeCloseTo(15 / 420.42, 10);
    expect(c.activeDays).toBe(4);
    expect(c.oneTime).toBe(0);
  });

  it('handles a one-time buyer and a refunding customer', () => {
    const a = byId['12346'];
    expect([a.frequency, a.recency, a.tenure, a.meanDaysBetween, a.oneTime, a.monetary]).toEqual([1, 2, 2, 2, 1, 11.9]);
    const b = byId['12350'];
    expect(b.frequency).toBe(2);
    expect(b.monetary).toBeCloseTo(9.34, 10);
    expect(b.recency).toBe(162);
    expect(b.tenure).toBe(163);
    expect(b.meanDaysBetween).toBe(1); // 2011-06-30 23:50 and 2011-07-01 00:10 are one calendar day apart
    expect(b.refundLineRate).toBe(0.25);
    expect(b.meanSpendPerMonth).toBeCloseTo(9.34 / 2, 10);
  });

  it('scores recency quintiles (most recent = 5) and names RFM segments', () => {
    expect(rows.map((r) => r.rScore)).toEqual([5, 4, 3, 1, 5, 2]);
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(1, 5)).toBe("Can't lose them");
    expect(rfmSegment(3, 3)).toBe('Need attention');
  });

  it('respects asOf: later rows are ignored', () => {
    const early = toRows(customerFeatures(fixtureFrame(), { asOf: '2011-01-01' }));
    expect(early.map((r) => r.customerId)).toEqual(['0', '12347', '12348', '12349']);
    const c = early.find((r) => r.customerId === '12347')!;
    expect([c.frequency, c.recency, c.tenure]).toEqual([2, 27, 31]);
  });

  it('matches pandas qcut(rank(method="first"), 5) on 10 values', () => {
    // pandas 1.5.3: pd.qcut(pd.Series([5,3,3,9,1,7,7,2,8,4]).rank(method='first'), 5, labels=[1,2,3,4,5])
    expect(Array.from(quintileScores([5, 3, 3, 9, 1, 7, 7, 2, 8, 4]))).toEqual([3, 2, 2, 5, 1, 4, 4, 1, 5, 3]);
  });

  it('computes each numeric column with its feature definition kernel, the entry customerFeaturesSql reads', () => {
    // 12347's aggregates by hand (see 'computes every feature of a multi-year customer'); asOf 2011-12-10 = day 15318
    const aggregates = {
      frequency: 4,
      firstDay: 14944, // 2010-12-01
      lastDay: 15309, // 2011-12-01
      asOfDay: 15318,
      gross: 420.42,
      quantity: 182,
      items: 7,
      net: 405.42,
      refunded: 15,
      lines: 10,
      cancelledLines: 1,
      activeDays: 4,
      activeMonths: 3,
    };
    const table = customerFeatures(fixtureFrame());
    expect(Object.keys(table.columns).slice(1, 1 + FEATURE_DEFINITIONS.length)).toEqual(
      FEATURE_DEFINITIONS.map((d) => d.name),
    );
    for (const d of FEATURE_DEFINITIONS) expect(byId['12347'][d.name], d.name).toBeCloseTo(d.kernel(aggregates), 10);
  });

  it('rejects a frame without the canonical columns (MISSING_COLUMN)', () => {
    expect(() => customerFeatures({ length: 0, columns: {} })).toThrow(
      /^customerFeatures: needs a string column "invoiceNo"; the frame has no such column/,
    );
  });
});

const DAY = 86_400_000;
const transactions = fc.array(
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

describe('customerFeatures and RFM scores (properties)', () => {
  it('one row per identified customer, rates in [0, 1], recency ≤ tenure, no missing value, input not mutated', () => {
    fc.assert(
      fc.property(transactions, (rows) => {
        const f = fromRows(
          rows.map((r) => ({
            invoiceNo: `${r.cancel ? 'C' : ''}${r.invoice}`,
            stockCode: r.stock,
            description: null,
            quantity: r.quantity,
            invoiceDate: Date.UTC(2010, 11, 1) + r.day * DAY + 3_600_000,
            unitPrice: r.price,
            customerId: r.customer,
            country: 'UK',
          })),
          TRANSACTION_SCHEMA,
        );
        const before = JSON.stringify(toRows(f));
        const out = toRows(customerFeatures(f));
        expect(JSON.stringify(toRows(f))).toBe(before);
        expect(out.length).toBe(new Set(rows.map((r) => r.customer).filter((c) => c !== null)).size);
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

  it('quintile scores are in 1..5, balanced and monotone in the value; every R × F cell has a name', () => {
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
