import { createRng, fromRows, TRANSACTION_SCHEMA } from '@retailkit/core';
import { evaluateCustomerValue } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { customerEventLists, cutoffWindow } from '../src/internal/customer-windows.js';
import { auc, brier, calibrationDeciles } from '../src/internal/scores.js';
import {
  fitValueModels,
  predictValue,
  trainingCutoffs,
  valueFeatures,
  windowModels,
} from '../src/internal/value-gbt.js';
import { EVEN_BLEND } from '../src/internal/value-selection.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}T10:00:00Z`);
const line = (customerId: string, invoiceNo: string, date: string, quantity = 1, unitPrice = 10) => ({
  invoiceNo,
  stockCode: 'MUG',
  description: null,
  quantity,
  invoiceDate: at(date),
  unitPrice,
  customerId,
  country: 'United Kingdom',
});

const WINDOW_FEATURES = [
  'x',
  'tx',
  'T',
  'm',
  'meanRevenue',
  'lastCount',
  'lastRevenue',
  'count30',
  'revenue30',
  'count90',
  'revenue90',
  'count180',
  'revenue180',
  'countPrior90',
] as const;

describe('cutoffWindow: features before the cut-off only, targets inside the horizon only', () => {
  // hand-made: cut-off 2011-04-01, horizon 30 days → targets from [04-01, 05-01), last horizon [03-02, 04-01)
  const frame = fromRows(
    [
      line('a', '1', '2011-01-05'),
      line('a', '2', '2011-03-10', 2), // 20
      line('a', '3', '2011-03-10', 1), // the same day: one purchase day of 30
      line('a', '4', '2011-04-15', 3), // target: 1 purchase, 30
      line('a', '5', '2011-05-02'), // after the horizon
      line('b', '6', '2011-02-01'),
      line('b', 'C7', '2011-04-10', -1), // a cancellation is not a purchase
      line('c', '8', '2011-04-20'), // first purchase after the cut-off: not a calibration customer
    ],
    TRANSACTION_SCHEMA,
  );
  const day = Math.floor(at('2011-04-01') / DAY);
  const w = cutoffWindow(customerEventLists(frame, 'days', at('2011-12-31')), day, 30);

  it('summarises each customer as computed by hand', () => {
    expect(w.ids).toEqual(['a', 'b']);
    expect([...w.x]).toEqual([1, 0]); // a: two purchase days before the cut-off
    expect([...w.tx]).toEqual([64, 0]); // 01-05 → 03-10
    expect([...w.T]).toEqual([86, 59]); // 01-05 → 04-01, 02-01 → 04-01
    expect([...w.m]).toEqual([30, 0]); // a's repeat day: 20 + 10
    expect([...w.meanRevenue]).toEqual([20, 10]);
    expect([...w.lastCount]).toEqual([1, 0]);
    expect([...w.lastRevenue]).toEqual([30, 0]);
    expect([...w.count]).toEqual([1, 0]);
    expect([...w.revenue]).toEqual([30, 0]);
  });

  it('counts invoices instead of days when asked', () => {
    const v = cutoffWindow(customerEventLists(frame, 'invoices', at('2011-12-31')), day, 30);
    expect([...v.x]).toEqual([2, 0]); // invoices 1, 2, 3
    expect([...v.m]).toEqual([15, 0]);
  });

  it('no leakage: changing lines on or after the cut-off changes no feature; lines after the horizon no target', () => {
    const rng = createRng(3);
    const rows = Array.from({ length: 300 }, (_, i) =>
      line(
        `c${i % 25}`,
        String(i),
        new Date(Date.UTC(2011, 0, 1) + Math.floor(rng.next() * 300) * DAY).toISOString().slice(0, 10),
        1 + (i % 4),
        2 + (i % 7),
      ),
    );
    const cut = Math.floor(Date.UTC(2011, 5, 1) / DAY);
    const base = cutoffWindow(
      customerEventLists(fromRows(rows, TRANSACTION_SCHEMA), 'days', Date.UTC(2012, 0, 1)),
      cut,
      60,
    );
    const baseFeatures = valueFeatures(base, windowModels(base), 60);
    for (let trial = 0; trial < 20; trial++) {
      const changed = rows.map((r) => {
        if (r.invoiceDate < cut * DAY) return r;
        // anything on or after the cut-off: other quantities, prices, days (still after the cut-off)
        const shift = Math.floor(rng.next() * 40) * DAY;
        return {
          ...r,
          quantity: 1 + Math.floor(rng.next() * 9),
          unitPrice: 1 + rng.next() * 50,
          invoiceDate: r.invoiceDate + shift,
        };
      });
      const w2 = cutoffWindow(
        customerEventLists(fromRows(changed, TRANSACTION_SCHEMA), 'days', Date.UTC(2012, 0, 1)),
        cut,
        60,
      );
      expect(w2.ids).toEqual(base.ids);
      for (const k of WINDOW_FEATURES) expect([...w2[k]], k).toEqual([...base[k]]);
      const f2 = valueFeatures(w2, windowModels(w2), 60);
      expect(Array.from(f2.values)).toEqual(Array.from(baseFeatures.values));
      const late = rows.map((r) => (r.invoiceDate >= (cut + 60) * DAY ? { ...r, quantity: 99, unitPrice: 99 } : r));
      const w3 = cutoffWindow(
        customerEventLists(fromRows(late, TRANSACTION_SCHEMA), 'days', Date.UTC(2012, 0, 1)),
        cut,
        60,
      );
      expect([...w3.count]).toEqual([...base.count]);
      expect([...w3.revenue]).toEqual([...base.revenue]);
    }
  });
});

describe('scores (hand-computed)', () => {
  it('AUC counts ties as ½; Brier is the mean squared error', () => {
    // positives score 0.9 and 0.4, negatives 0.4 and 0.1: pairs (0.9>0.4, 0.9>0.1, 0.4=0.4 → ½, 0.4>0.1) → 3.5 / 4
    expect(auc([0.9, 0.4, 0.4, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(brier([1, 0, 0.5], [1, 1, 0])).toBeCloseTo((0 + 1 + 0.25) / 3, 12);
  });

  it('calibration deciles: equal counts, mean prediction and observed rate', () => {
    const p = Array.from({ length: 20 }, (_, i) => i / 20);
    const y = p.map((_, i) => (i >= 10 ? 1 : 0));
    const bins = calibrationDeciles(p, y);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ bin: 1, customers: 2, meanPredicted: 0.025, observed: 0 });
    expect(bins[9]).toEqual({ bin: 10, customers: 2, meanPredicted: 0.925, observed: 1 });
  });
});

describe('evaluateCustomerValue', () => {
  // 120 customers over 2011: every 4th buys every 10 days all year, the others buy twice early and stop
  const rows = [];
  for (let c = 0; c < 120; c++)
    for (let d = c % 7, k = 0; d < 340; d += c % 4 === 0 ? 10 : 20, k++) {
      if (c % 4 !== 0 && k >= 2) break;
      rows.push(line(`c${c}`, `${c}-${d}`, new Date(Date.UTC(2011, 0, 1) + d * DAY).toISOString().slice(0, 10)));
    }
  const frame = fromRows(rows, TRANSACTION_SCHEMA);

  it('scores every baseline at each cut-off, with null for what a model does not predict', () => {
    const r = evaluateCustomerValue(frame, { cutoffs: ['2011-06-01', '2011-08-01'], horizon: 60, minCustomers: 10 });
    expect([...new Set(r.evaluations.map((e) => e.cutoff))]).toEqual(['2011-06-01', '2011-08-01']);
    const at0601 = Object.fromEntries(r.evaluations.filter((e) => e.cutoff === '2011-06-01').map((e) => [e.model, e]));
    expect(Object.keys(at0601)).toEqual([
      'naive-rate',
      'last-horizon',
      'bg-nbd',
      'pareto-nbd',
      'gamma-gamma',
      'gbt',
      'blend',
      'selected',
    ]);
    // the first cut-off with GBT rows has no earlier one: the default candidate (blend) with the even blend
    expect(r.selection[0]).toMatchObject({ cutoff: '2011-06-01', model: 'blend', blend: EVEN_BLEND });
    expect(at0601.selected.countMae).toBe(at0601.blend.countMae);
    // the even blend is the mean of the GBT and BG/NBD (counts), Gamma-Gamma (revenue): its MAE is at most theirs
    expect(at0601.blend.countMae).toBeLessThanOrEqual(
      Math.max(at0601.gbt.countMae as number, at0601['bg-nbd'].countMae as number) + 1e-12,
    );
    expect(r.selected?.model).toMatch(/^(gbt|blend)$/);
    expect(at0601.gbt.baseline).toBe(false);
    expect(typeof at0601.gbt.countMae).toBe('number');
    expect(at0601['bg-nbd'].revenueMae).toBeNull();
    expect(at0601['gamma-gamma'].countMae).toBeNull();
    expect(at0601['gamma-gamma'].churnAuc).toBeNull();
    // last-horizon on this data: the regular buyers bought 6 days in the last 60 and buy 6 in the next 60
    // (days 91…150 and 151…210 each hold 6 of their 10-day purchases); the others bought nothing either side
    expect(at0601['last-horizon'].countMae).toBe(0);
    expect(at0601['last-horizon'].churnAuc).toBe(1);
    // the mean row averages the two cut-offs
    const mean = r.mean.find((m) => m.model === 'naive-rate');
    const both = r.evaluations.filter((e) => e.model === 'naive-rate').map((e) => e.countMae as number);
    expect(mean?.countMae).toBeCloseTo((both[0] + both[1]) / 2, 12);
  });

  it('skips cut-offs without a full horizon or enough history, with the reason, and refuses when none remain', () => {
    const r = evaluateCustomerValue(frame, {
      cutoffs: ['2011-01-20', '2011-06-01', '2011-11-01'],
      horizon: 60,
      minCustomers: 10,
    });
    expect(r.skipped.map((s) => s.cutoff)).toEqual(['2011-01-20', '2011-11-01']);
    expect(r.skipped[0].reason).toMatch(/history/);
    expect(r.skipped[1].reason).toMatch(/horizon/);
    expect(() => evaluateCustomerValue(frame, { cutoffs: ['2011-11-01'], horizon: 60 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('the gbt value models never train on the evaluated horizon', () => {
  it('takes training cut-offs whose horizons end by the evaluated cut-off, with enough history (hand-computed)', () => {
    // cut-off day 200, horizon 60, data from day 0, 28 days of history: 140, 112, 84, 56, 28
    expect(trainingCutoffs(200, 60, 0, 28)).toEqual([140, 112, 84, 56, 28]);
    for (const d of trainingCutoffs(321, 90, 17, 28)) expect(d + 90).toBeLessThanOrEqual(321);
    expect(trainingCutoffs(100, 90, 0, 28)).toEqual([]);
  });

  it('predicts the same whatever happens on or after the evaluated cut-off', () => {
    const rng = createRng(11);
    const rows = Array.from({ length: 800 }, (_, i) =>
      line(
        `c${i % 60}`,
        String(i),
        new Date(Date.UTC(2011, 0, 1) + Math.floor(rng.next() * 330) * DAY).toISOString().slice(0, 10),
        1 + (i % 3),
        3 + (i % 5),
      ),
    );
    const cut = Math.floor(Date.UTC(2011, 8, 1) / DAY);
    const first = Math.floor(Date.UTC(2011, 0, 1) / DAY);
    const predict = (r: typeof rows) => {
      const events = customerEventLists(fromRows(r, TRANSACTION_SCHEMA), 'days', Date.UTC(2012, 0, 1));
      const featured = (d: number) => {
        const window = cutoffWindow(events, d, 60);
        return { window, features: valueFeatures(window, windowModels(window), 60) };
      };
      const training = trainingCutoffs(cut, 60, first, 28).reverse().map(featured);
      // every training target ends on or before the evaluated cut-off
      for (const t of training) expect(t.window.cutoffDay + 60).toBeLessThanOrEqual(cut);
      const models = fitValueModels(training, 1);
      const p = predictValue(models, featured(cut).features);
      return { count: p.countMean, revenue: p.revenueMean, churn: p.churn };
    };
    const base = predict(rows);
    const changed = rows.map((r) => (r.invoiceDate >= cut * DAY ? { ...r, quantity: 50, unitPrice: 99 } : r));
    const after = predict(changed);
    expect(base.count.length).toBe(60);
    expect([...after.count]).toEqual([...base.count]);
    expect([...after.revenue]).toEqual([...base.revenue]);
    expect([...after.churn]).toEqual([...base.churn]);
  });
});
