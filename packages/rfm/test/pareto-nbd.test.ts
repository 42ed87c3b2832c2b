import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expectedPurchases,
  fitParetoNbd,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdProbabilityNoPurchase,
  probabilityNoPurchase,
} from '../src/index.js';
import { paretoNbdLogLikelihood } from '../src/pareto-nbd.js';

// Expected values: test/oracles/pareto_nbd.py (SciPy 1.10.1): Fader & Hardie's ₂F₁ closed forms for the
// likelihood, P(alive) and E[Y(t)], and a two-dimensional quadrature over the (λ, μ) posterior for
// P(no purchase), at the published CDNOW estimates and a second parameter set with α ≥ β.
const oracle = JSON.parse(readFileSync(new URL('./oracles/pareto_nbd.json', import.meta.url), 'utf8')) as {
  t: number;
  sets: Record<string, { r: number; alpha: number; s: number; beta: number }>;
  rows: {
    set: string;
    x: number;
    tx: number;
    T: number;
    logLikelihood: number;
    pAlive: number;
    expected: number;
    pNoPurchase: number;
  }[];
  bgNbd: {
    params: { r: number; alpha: number; a: number; b: number };
    rows: { x: number; tx: number; T: number; pNoPurchase: number }[];
  };
};

describe('Pareto/NBD against the SciPy oracle', () => {
  for (const row of oracle.rows) {
    const p = oracle.sets[row.set];
    it(`${row.set}: x ${row.x}, tx ${row.tx}, T ${row.T}`, () => {
      expect(paretoNbdLogLikelihood(p, row.x, row.tx, row.T)).toBeCloseTo(row.logLikelihood, 9);
      expect(paretoNbdProbabilityAlive(p, row.x, row.tx, row.T)).toBeCloseTo(row.pAlive, 9);
      expect(paretoNbdExpectedPurchases(p, oracle.t, row.x, row.tx, row.T)).toBeCloseTo(row.expected, 8);
      expect(paretoNbdProbabilityNoPurchase(p, oracle.t, row.x, row.tx, row.T)).toBeCloseTo(row.pNoPurchase, 8);
    });
  }
});

describe('BG/NBD P(no purchase in the horizon) against the SciPy oracle', () => {
  it('matches the posterior integral on the grid, and is not 1 − P(alive)', () => {
    const p = oracle.bgNbd.params;
    for (const row of oracle.bgNbd.rows)
      expect(probabilityNoPurchase(p, oracle.t, row.x, row.tx, row.T)).toBeCloseTo(row.pNoPurchase, 9);
    // a new customer (x = 0) is alive for sure, yet may well buy nothing in 39 weeks
    expect(probabilityNoPurchase(p, 39, 0, 0, 38.86)).toBeGreaterThan(0.5);
    // the published E[Y(39)] of the CDNOW example still holds beside it
    expect(expectedPurchases(p, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });
});

describe('fitParetoNbd', () => {
  it('recovers the parameters of simulated customers (seeded)', () => {
    // simulate: λ ~ Gamma(r, α), lifetime ~ Exp(μ), μ ~ Gamma(s, β); T uniform in 200..400 days
    const truth = { r: 0.9, alpha: 30, s: 0.7, beta: 60 };
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return (seed + 0.5) / 2147483648;
    };
    const gamma = (shape: number, rate: number): number => {
      // Marsaglia–Tsang, with the shape < 1 boost
      if (shape < 1) return gamma(shape + 1, rate) * rand() ** (1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const u1 = rand();
        const u2 = rand();
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        const v = (1 + c * z) ** 3;
        if (v > 0 && Math.log(rand()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
      }
    };
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const lambda = gamma(truth.r, truth.alpha);
      const life = -Math.log(rand()) / gamma(truth.s, truth.beta);
      const end = 200 + 200 * rand();
      let t = 0;
      let n = 0;
      let last = 0;
      for (;;) {
        t += -Math.log(rand()) / lambda;
        if (t > Math.min(life, end)) break;
        n++;
        last = t;
      }
      x.push(n);
      tx.push(last);
      T.push(end);
    }
    const fit = fitParetoNbd({ x, tx, T }).params;
    expect(fit.r).toBeGreaterThan(0.7);
    expect(fit.r).toBeLessThan(1.15);
    expect(fit.s).toBeGreaterThan(0.45);
    expect(fit.s).toBeLessThan(1.1);
    // rates: the mean purchase rate r/α and the mean death rate s/β within 20 %
    expect(fit.r / fit.alpha / (truth.r / truth.alpha)).toBeCloseTo(1, 0);
    expect(Math.abs(fit.r / fit.alpha / (truth.r / truth.alpha) - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.s / fit.beta / (truth.s / truth.beta) - 1)).toBeLessThan(0.35);
  });

  it('refuses inconsistent summaries with INVALID_ARGUMENT', () => {
    expect(() => fitParetoNbd({ x: [0], tx: [3], T: [10] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
