import { createRng, fromRows, type Rng, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import {
  customerValue,
  expectedPurchases,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  purchaseSummary,
  validateChurn,
} from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { fixtureFrame } from './fixtures/load.js';

/** Marsaglia–Tsang Gamma(shape, rate) sampler (shape < 1 by the boost u^(1/shape)). */
function gamma(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) return gamma(rng, shape + 1, rate) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = rng.normal();
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

/** Simulate BG/NBD customers (λ ~ Gamma(r, α), p ~ Beta(a, b); dropout only after a repeat purchase). */
function simulate(rng: Rng, n: number, p: { r: number; alpha: number; a: number; b: number }) {
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  for (let i = 0; i < n; i++) {
    const lambda = gamma(rng, p.r, p.alpha);
    const g1 = gamma(rng, p.a, 1);
    const drop = g1 / (g1 + gamma(rng, p.b, 1));
    const obs = 30 + rng.next() * 340;
    let t = 0;
    let k = 0;
    let last = 0;
    for (;;) {
      t += -Math.log(1 - rng.next()) / lambda;
      if (t > obs) break;
      k++;
      last = t;
      if (rng.next() < drop) break;
    }
    x.push(k);
    tx.push(last);
    T.push(obs);
  }
  return { x, tx, T };
}

describe('BG/NBD', () => {
  it('reproduces the published CDNOW example (Fader, Hardie & Lee 2005): E[Y(39)] = 1.226', () => {
    const cdnow = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(expectedPurchases(cdnow, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
    expect(probabilityAlive(cdnow, 0, 0, 38.86)).toBe(1);
    const pa = probabilityAlive(cdnow, 2, 30.43, 38.86);
    expect(pa).toBeGreaterThan(0.5);
    expect(pa).toBeLessThan(1);
  });

  it('recovers known parameters from simulated data', () => {
    const truth = { r: 0.8, alpha: 40, a: 0.6, b: 3 };
    const sim = simulate(createRng(2024), 6000, truth);
    const fit = fitBgNbd(sim).params;
    expect(fit.r).toBeCloseTo(truth.r, 0);
    expect(Math.abs(fit.r / truth.r - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.alpha / truth.alpha - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.a / truth.a - 1)).toBeLessThan(0.35);
    expect(Math.abs(fit.b / truth.b - 1)).toBeLessThan(0.45);
    // predicted future purchases of the population track the truth: simulate 90 more days is replaced by the
    // model-implied mean E[X(t)] comparison between true and fitted parameters
    const mean = (p: typeof truth) =>
      sim.x.reduce((s, _, i) => s + expectedPurchases(p, 90, sim.x[i], sim.tx[i], sim.T[i]), 0);
    expect(Math.abs(mean(fit) / mean(truth) - 1)).toBeLessThan(0.05);
  });
});

describe('Gamma-Gamma', () => {
  it('recovers known parameters from simulated spend', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const rng = createRng(7);
    const xs: number[] = [];
    const ms: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const nu = gamma(rng, truth.q, truth.gamma);
      const k = 1 + rng.int(8);
      let s = 0;
      for (let j = 0; j < k; j++) s += gamma(rng, truth.p, nu);
      xs.push(k);
      ms.push(s / k);
    }
    const fit = fitGammaGamma(xs, ms).params;
    expect(Math.abs(fit.p / truth.p - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.q / truth.q - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.gamma / truth.gamma - 1)).toBeLessThan(0.25);
    // E[M] for x = 0 is the population mean pγ/(q−1) = 30
    expect(expectedSpend(truth, 0, 0)).toBe(30);
    expect(expectedSpend(truth, 2, 20)).toBeCloseTo((6 * (15 + 40)) / (12 + 3), 12);
  });
});

describe('purchase summary, value and validation', () => {
  it('summarises the fixture in the lifetimes convention (hand-computed)', () => {
    const rows = toRows(purchaseSummary(fixtureFrame(), { asOf: '2011-12-10' }));
    const c = rows.find((r) => r.customerId === '12347')!;
    // purchase days 2010-12-01, 2010-12-05, 2011-03-15, 2011-12-01; repeat revenue 180 + 30.6 + 169.08
    expect([c.x, c.tx, c.T]).toEqual([3, 365, 374]);
    expect(c.monetaryValue).toBeCloseTo((180 + 30.6 + 169.08) / 3, 10);
    const one = rows.find((r) => r.customerId === '12346')!;
    expect([one.x, one.tx, one.T, one.monetaryValue]).toEqual([0, 0, 2, 0]);
  });

  it('ranks customers by CLV and validates on a calibration/holdout split of simulated transactions', () => {
    const rng = createRng(99);
    const rows: Record<string, unknown>[] = [];
    const start = Date.UTC(2011, 0, 1);
    const truth = { r: 1.2, alpha: 30, a: 0.5, b: 4 };
    for (let c = 0; c < 1500; c++) {
      const lambda = gamma(rng, truth.r, truth.alpha);
      const g1 = gamma(rng, truth.a, 1);
      const drop = g1 / (g1 + gamma(rng, truth.b, 1));
      let t = rng.next() * 120;
      let inv = 0;
      for (;;) {
        rows.push({
          invoiceNo: `${c}-${inv++}`,
          stockCode: 'A',
          description: null,
          quantity: 1 + rng.int(5),
          invoiceDate: start + Math.floor(t) * 86_400_000 + 36_000_000,
          unitPrice: 5 + rng.next() * 20,
          customerId: String(10_000 + c),
          country: 'UK',
        });
        if (inv > 1 && rng.next() < drop) break;
        t += -Math.log(1 - rng.next()) / lambda;
        if (t > 364) break;
      }
    }
    const frame = fromRows(rows as never, TRANSACTION_SCHEMA);
    const value = customerValue(frame, { asOf: '2012-01-01', horizon: 90 });
    const v = toRows(value.table);
    expect(v.length).toBe(1500);
    const top = v.find((r) => r.clvRank === 1)!;
    expect(top.clv).toBe(Math.max(...v.map((r) => r.clv as number)));
    // churn = P(no purchase in the horizon) = 1 − P(alive) + P(alive)·((α+T)/(α+T+h))^{r+x}, at least 1 − P(alive)
    const { r: rr, alpha } = value.bgNbd.params;
    for (const r of v) {
      const alive = r.pAlive as number;
      const quiet = ((alpha + (r.T as number)) / (alpha + (r.T as number) + value.horizon)) ** (rr + (r.x as number));
      expect(r.churnProbability as number).toBeCloseTo(1 - alive + alive * quiet, 12);
      expect(r.churnProbability as number).toBeGreaterThanOrEqual(1 - alive - 1e-12);
    }
    const val = validateChurn(frame, { cutoff: '2011-10-03', horizon: 90 });
    expect(val.customers).toBeGreaterThan(1300);
    expect(Math.abs(val.totalError)).toBeLessThan(0.15);
    expect(val.mae).toBeLessThan(val.baselineMae);
  });
});
