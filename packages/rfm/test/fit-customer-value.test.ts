import { createRng, fromRows, TRANSACTION_SCHEMA } from '@retailkit/core';
import { customerValueLoader, expectedPurchases, fitCustomerValue, probabilityNoPurchase } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';

const DAY = 86_400_000;
// 80 customers over 2011 on random days, seeded: enough history for training windows with a 60-day horizon
const rng = createRng(5);
const rows = Array.from({ length: 1200 }, (_, i) => {
  const day = Math.floor(rng.next() * 360);
  return {
    invoiceNo: String(i),
    stockCode: 'MUG',
    description: null,
    quantity: 1 + (i % 3),
    invoiceDate: Date.UTC(2011, 0, 1) + day * DAY + 36e6,
    unitPrice: 2 + (i % 7),
    customerId: `c${i % 80}`,
    country: 'United Kingdom',
  };
});
const frame = fromRows(rows, TRANSACTION_SCHEMA);
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

describe('fitCustomerValue', () => {
  const { model, report } = fitCustomerValue(frame, { horizon: 60, minHistoryDays: 60, importance: true });

  it('scores every customer with probabilities, non-negative means and training windows before asOf', () => {
    expect(report.asOf).toBe('2011-12-27');
    expect(report.customers).toHaveLength(80);
    for (const c of report.customers) {
      expect(c.pChurn).toBeGreaterThanOrEqual(0);
      expect(c.pChurn).toBeLessThanOrEqual(1);
      expect(c.expectedPurchases).toBeGreaterThanOrEqual(0);
      expect(c.clv).toBeGreaterThanOrEqual(c.expectedRevenue - 1e-9); // CLV sums ≥ 1 horizon
    }
    for (const d of report.trainingCutoffs)
      expect(Date.parse(d) + 60 * DAY).toBeLessThanOrEqual(Date.parse(report.asOf));
    // permutation importance covers every GBT feature once, sorted by decreasing mean drop
    expect(report.churnImportance).toHaveLength(21);
    expect(new Set(report.churnImportance?.map((f) => f.feature)).size).toBe(21);
    const means = (report.churnImportance ?? []).map((f) => f.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  it('a single prediction from transactions equals the report row (two paths), and survives a JSON round trip', () => {
    const back = customerValueLoader.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.name).toBe('customer-value');
    const mine = rows
      .filter((r) => r.customerId === 'c7')
      .map((r) => ({ ...r, invoiceDate: iso(r.invoiceDate), customerId: undefined }));
    const txs = mine.map(({ invoiceNo, stockCode, quantity, invoiceDate, unitPrice }) => ({
      invoiceNo,
      stockCode,
      quantity,
      invoiceDate,
      unitPrice,
    }));
    const p = customerValueLoader.fromJSON(back.toJSON()).predict({ transactions: txs });
    const row = report.customers.find((c) => c.customerId === 'c7');
    expect(p.pChurn).toBeCloseTo(row?.pChurn as number, 12);
    expect(p.expectedPurchases).toBeCloseTo(row?.expectedPurchases as number, 12);
    expect(p.expectedRevenue).toBeCloseTo(row?.expectedRevenue as number, 9);
    expect(p.purchasesInterval[0]).toBeLessThanOrEqual(p.purchasesInterval[1]);
    expect(p.revenueInterval[0]).toBeLessThanOrEqual(p.revenueInterval[1]);
    // P(no purchase) ≥ 10 % puts the revenue interval's lower end at 0
    if (p.pChurn >= 0.1) expect(p.revenueInterval[0]).toBe(0);
  });

  it('with blend weights 0 it is BG/NBD (oracle: expectedPurchases and probabilityNoPurchase at its params)', () => {
    const fit = fitCustomerValue(frame, { horizon: 60, minHistoryDays: 60, blend: { count: 0, revenue: 0, churn: 0 } });
    const bg = fit.model.toJSON().params.bgNbd;
    expect(fit.report.bgNbd.params).toEqual(bg); // the report's fit is the model's
    const f = { x: 3, tx: 100, T: 200, m: 20, meanRevenue: 20, lastCount: 0, lastRevenue: 0, count30: 0, revenue30: 0 };
    const out = fit.model.predict({
      features: { ...f, count90: 0, revenue90: 0, count180: 1, revenue180: 20, countPrior90: 1 },
    });
    expect(out.expectedPurchases).toBeCloseTo(expectedPurchases(bg, 60, 3, 100, 200), 12);
    expect(out.pChurn).toBeCloseTo(probabilityNoPurchase(bg, 60, 3, 100, 200), 12);
  });

  it('refuses unknown features and tampered artifacts', () => {
    expect(() => model.predict({ features: { x: 1 } as never })).toThrow(
      expect.objectContaining({ code: 'RFM_BAD_INPUT' }),
    );
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    json.params.horizon = 7;
    expect(() => customerValueLoader.fromJSON(json)).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^ARTIFACT_/) }),
    );
  });

  it('refuses data without a training window', () => {
    expect(() => fitCustomerValue(frame, { asOf: '2011-03-01', horizon: 60 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
