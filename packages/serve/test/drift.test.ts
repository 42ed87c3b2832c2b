import { kolmogorovSmirnov, populationStabilityIndex } from '@retailkit/serve';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareQuantile } from '../src/internal/chi-square.js';

// Fixtures shared with the python oracle below.
const ref = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
const smp = Array.from({ length: 150 }, (_, i) => ((i * 53) % 89) + 10);

describe('chi-square helpers', () => {
  it('match scipy.stats.chi2 (values computed by Debian python3-scipy 1.10.1)', () => {
    expect(chiSquareQuantile(0.95, 9)).toBeCloseTo(16.918977604620448, 9);
    expect(chiSquareQuantile(0.99, 9)).toBeCloseTo(21.665994333461924, 9);
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841458820694124, 9);
    expect(chiSquareQuantile(0.99, 3)).toBeCloseTo(11.344866730144373, 9);
    expect(chiSquareCdf(7.5, 4)).toBeCloseTo(0.8882907071839568, 12);
    expect(chiSquareCdf(30, 9)).toBeCloseTo(0.9995612782290205, 12);
  });
});

describe('populationStabilityIndex', () => {
  it('matches a numpy computation (np.quantile edges, searchsorted side=left, floor 1e-4)', () => {
    // python: edges = unique(quantile(ref, k/10)); e, a = bincount(searchsorted(edges, x, 'left')) / n;
    // psi = sum((a' - e') * log(a' / e')) with a', e' floored at 1e-4
    const r = populationStabilityIndex(ref, smp);
    expect(r.bins.map((b) => b.upper).slice(0, -1)).toEqual([
      9.900000000000002, 19.800000000000004, 30, 40, 50, 60, 70.29999999999998, 80.20000000000002, 90.1,
    ]);
    expect(r.psi).toBeCloseTo(0.7075027628784802, 12);
    expect(r.thresholds.warning).toBeCloseTo(0.19738807205390524, 9);
    expect(r.thresholds.drift).toBeCloseTo(0.25276993389038915, 9);
    expect(r.status).toBe('drift');
    expect(r.referenceSize).toBe(200);
    expect(r.sampleSize).toBe(150);
  });

  it('thresholds fall to the 0.1 / 0.25 rules of thumb for large samples and rise for small ones', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i % 997);
    const large = populationStabilityIndex(big, big);
    expect(large.thresholds).toEqual({ warning: 0.1, drift: 0.25 });
    expect(large.psi).toBe(0);
    const small = populationStabilityIndex(big, big.slice(0, 40));
    // (1/100000 + 1/40) · χ²₀.₉₉(9) = 0.025010 · 21.665994 = 0.54187
    expect(small.thresholds.drift).toBeCloseTo((1 / 100_000 + 1 / 40) * 21.665994333461924, 9);
    expect(populationStabilityIndex(big, big.slice(0, 10)).status).toBe('insufficient');
  });

  it('property: PSI >= 0, zero for identical distributions, proportions sum to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }),
        (a, b) => {
          const r = populationStabilityIndex(a, b);
          expect(r.psi).toBeGreaterThanOrEqual(0);
          expect(r.bins.reduce((s, x) => s + x.expected, 0)).toBeCloseTo(1, 9);
          if (b.length) expect(r.bins.reduce((s, x) => s + x.actual, 0)).toBeCloseTo(1, 9);
          expect(populationStabilityIndex(a, a).psi).toBe(0);
        },
      ),
    );
  });
});

describe('kolmogorovSmirnov', () => {
  it('matches scipy.stats.ks_2samp D and the Stephens p-value via scipy.special.kolmogorov', () => {
    // python: D = ks_2samp(ref, smp).statistic; p = kolmogorov((sqrt(ne) + 0.12 + 0.11/sqrt(ne)) * D)
    const r = kolmogorovSmirnov(ref, smp);
    expect(r.statistic).toBeCloseTo(0.1, 12);
    expect(r.pValue).toBeCloseTo(0.34116897618405584, 9);
    expect(r.status).toBe('stable');
    expect(kolmogorovSmirnov([1, 1, 2, 2, 3, 3, 3, 4], [2, 2, 3, 5, 5]).statistic).toBeCloseTo(0.4, 12);
    expect(kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]).statistic).toBe(0.5);
  });

  it('flags a shifted distribution and reports the critical value', () => {
    const a = Array.from({ length: 500 }, (_, i) => i);
    const b = Array.from({ length: 500 }, (_, i) => i + 100);
    const r = kolmogorovSmirnov(a, b);
    expect(r.statistic).toBeCloseTo(0.2, 12);
    expect(r.status).toBe('drift');
    expect(r.critical05).toBeCloseTo(1.3581 * Math.sqrt(1000 / 250000), 12);
  });
});
