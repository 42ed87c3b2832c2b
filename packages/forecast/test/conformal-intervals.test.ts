import { createRng } from '@retailkit/core';
import {
  conformalIntervals,
  coverage,
  crossValidation,
  historicAverage,
  naive,
  seriesFromArrays,
} from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { intervalHalfWidths } from '../src/internal/interval-half-widths.js';
import { truncateSeries } from '../src/internal/series-subsets.js';

// Two series 100× apart. Naive backtest, horizon 1, 2 windows, step 1: cutoffs 4 and 5.
//   a: forecasts 2 (actual 4) and 4 (actual 0) → |e| = 2, 4; scale (mean |y| of the 2 values before the cutoff) 2, 3
//   b: forecasts 200 (actual 100) and 100 (actual 300) → |e| = 100, 200; scale 200, 150
// Scaled scores (hand-computed): 1, 4/3, 0.5, 4/3 → sorted 0.5, 1, 4/3, 4/3 (k = 4).
const data = seriesFromArrays([
  { id: 'a', y: [2, 2, 2, 2, 4, 0] },
  { id: 'b', y: [200, 200, 200, 200, 100, 300] },
]);
const cv = crossValidation(data, [naive()], { horizon: 1, windows: 2, step: 1 });

describe('conformalIntervals (hand-computed conformal ranks ⌈(k + 1)·L⌉)', () => {
  it('absolute residuals pooled across series', () => {
    expect(Array.from(cv.cutoffs)).toEqual([4, 5, 4, 5]);
    // scores 2, 4, 100, 200; L = 0.5 → rank ⌈2.5⌉ = 3 → 100
    const ci = conformalIntervals(cv, 'Naive', { level: 0.5 });
    expect(Array.from(ci.halfWidth)).toEqual([100]);
    expect(ci.samples).toBe(4);
  });

  it('scale-free residuals |e| / s per series, and widths back in each series’ units', () => {
    const ci = conformalIntervals(cv, 'Naive', { level: 0.5, scale: 'series', data, windowSize: 2 });
    expect(ci.halfWidth[0]).toBeCloseTo(4 / 3, 12); // rank 3 of [0.5, 1, 4/3, 4/3]
    expect(conformalIntervals(cv, 'Naive', { level: 0.4, scale: 'series', data, windowSize: 2 }).halfWidth[0]).toBe(1); // rank ⌈2⌉ = 2
    // forecasts from the end of the data: s(a) = (4 + 0) / 2 = 2, s(b) = (100 + 300) / 2 = 200
    const w = intervalHalfWidths(ci, data, 2);
    expect(Array.from(w).map((v) => Number(v.toFixed(10)))).toEqual([
      2.6666666667, 2.6666666667, 266.6666666667, 266.6666666667,
    ]);
    // every backtest score is ≤ q = 4/3, so each residual is inside q · (its window's scale)
    const perWindow = Float64Array.of(
      2 * ci.halfWidth[0],
      3 * ci.halfWidth[0],
      200 * ci.halfWidth[0],
      150 * ci.halfWidth[0],
    );
    expect(coverage(cv.actual, cv.forecasts.Naive, perWindow)).toBe(1); // all scores ≤ 4/3
  });

  it('too few scores per step for the level: pooled over steps (auto); the largest score when the rank exceeds k', () => {
    // L = 0.9 needs ⌈0.9 / 0.1⌉ = 9 scores per step; 4 are available → pooled, rank min(4, ⌈4.5⌉) = 4
    const ci = conformalIntervals(cv, 'Naive', { level: 0.9, scale: 'series', data, windowSize: 2 });
    expect(ci.pooled).toBe(true);
    expect(ci.halfWidth[0]).toBeCloseTo(4 / 3, 12);
    expect(() => conformalIntervals(cv, 'Naive', { scale: 'series' })).toThrow(/data/);
    expect(() => conformalIntervals(cv, 'Nope')).toThrow(/model/);
  });

  it('a pooled absolute quantile over-covers small series and under-covers large ones; scaling treats both alike', () => {
    // 40 series: 20 at level 1, 20 at level 1000; series k and k + 20 share the relative pattern 1 + 0.2 sin(1.7t + k)
    const series = Array.from({ length: 40 }, (_, i) => {
      const level = i < 20 ? 1 : 1000;
      return { id: `s${i}`, y: Array.from({ length: 30 }, (_, t) => level * (1 + 0.2 * Math.sin(1.7 * t + (i % 20)))) };
    });
    const d = seriesFromArrays(series);
    const W = 10;
    const bt = crossValidation(d, [naive()], { horizon: 1, windows: W, step: 1 });
    // widths of each backtest value: q, or q · (mean |y| of the 8 values before that window's cutoff)
    const widths = (ci: ReturnType<typeof conformalIntervals>) =>
      Float64Array.from(bt.actual, (_, o) => {
        const i = Math.floor(o / W);
        const cut = bt.cutoffs[o];
        const y = d.y.subarray(d.offsets[i] + cut - 8, d.offsets[i] + cut);
        return ci.halfWidth[0] * (ci.scale === 'series' ? y.reduce((a, b) => a + Math.abs(b), 0) / 8 : 1);
      });
    const group = (w: Float64Array, from: number, to: number) =>
      coverage(
        bt.actual.subarray(from * W, to * W),
        bt.forecasts.Naive.subarray(from * W, to * W),
        w.subarray(from * W, to * W),
      );
    const abs = widths(conformalIntervals(bt, 'Naive', { level: 0.8 }));
    const rel = widths(conformalIntervals(bt, 'Naive', { level: 0.8, scale: 'series', data: d }));
    expect(group(abs, 0, 20)).toBe(1); // widths of the large series' errors: everything small is inside
    expect(group(abs, 20, 40)).toBeLessThan(0.8);
    // the same relative errors, so the same coverage up to one score (of 200) tied with q and split by rounding
    expect(Math.abs(group(rel, 0, 20) - group(rel, 20, 40))).toBeLessThanOrEqual(0.005 + 1e-12);
    expect(group(rel, 0, 40)).toBeGreaterThanOrEqual(0.8);
  });
});

describe('conformalIntervals per step, non-decreasing (hand-computed)', () => {
  // Naive on y = 0, 1, 3, 6, 10, 15, 21 (differences 1 … 6), horizon 2, 3 windows, step 1: cutoffs 3, 4, 5.
  // Step 1 residuals: y[3] − y[2] = 3, y[4] − y[3] = 4, y[5] − y[4] = 5; step 2: y[4] − y[2] = 7, 9, 11.
  const tri = seriesFromArrays([{ id: 't', y: [0, 1, 3, 6, 10, 15, 21] }]);
  const bt = crossValidation(tri, [naive()], { horizon: 2, windows: 3, step: 1 });

  it('one quantile per step: rank ⌈(3 + 1) · 0.5⌉ = 2 of each step’s 3 scores', () => {
    expect(Array.from(bt.forecasts.Naive)).toEqual([3, 3, 6, 6, 10, 10]);
    const ci = conformalIntervals(bt, 'Naive', { level: 0.5, pool: 'step' });
    expect(Array.from(ci.halfWidth)).toEqual([4, 9]);
    expect(ci.samples).toBe(3);
  });

  it('monotone keeps a later step at least as wide as an earlier one', () => {
    // a hand-made backtest result (forecasts 0): step 1 scores 8, 9, 10, step 2 scores 1, 2, 3 → ranks 2: [9, 2]
    const hand = { ...bt, actual: Float64Array.of(8, 1, 9, 2, 10, 3), forecasts: { M: new Float64Array(6) } };
    expect(Array.from(conformalIntervals(hand, 'M', { level: 0.5, pool: 'step' }).halfWidth)).toEqual([9, 2]);
    expect(Array.from(conformalIntervals(hand, 'M', { level: 0.5, pool: 'step', monotone: true }).halfWidth)).toEqual([
      9, 9,
    ]);
  });
});

describe('conformal coverage on a seeded synthetic series with known noise (statistical check)', () => {
  it('90 % intervals of HistoricAverage on i.i.d. normal noise cover 90 % of fresh points within 4 sd', () => {
    // 50 series of 200 values 100 + 10·ε, ε ~ N(0, 1) i.i.d. (seed 7). Calibration: 20 one-step windows inside the
    // first 150 values (k = 1,000 scores); test: the 50 one-step windows with cutoffs 150 … 199 (2,500 points), each
    // fitted on all values before it. Under exchangeability the coverage given the calibration scores is
    // Beta(r, k + 1 − r), r = ⌈(k + 1)·0.9⌉ (variance ≈ 0.9·0.1/(k + 2)), and the test share adds a binomial
    // 0.9·0.1/2,500: sd = √(0.09/1,002 + 0.09/2,500) ≈ 0.0112; tolerance 4 sd = 0.045 (the mean error of a
    // historic average of ≥ 130 values, σ/√130 ≈ 0.09σ, adds far less).
    const rng = createRng(7);
    const d = seriesFromArrays(
      Array.from({ length: 50 }, (_, i) => ({
        id: `s${i}`,
        y: Array.from({ length: 200 }, () => 100 + 10 * rng.normal()),
      })),
    );
    const calib = crossValidation(
      truncateSeries(d, () => 150),
      [historicAverage()],
      { horizon: 1, windows: 20, step: 1 },
    );
    const ci = conformalIntervals(calib, 'HistoricAverage', { level: 0.9 });
    expect(ci.samples).toBe(1000);
    const test = crossValidation(d, [historicAverage()], { horizon: 1, windows: 50, step: 1 });
    const cov = coverage(test.actual, test.forecasts.HistoricAverage, ci.halfWidth);
    expect(Math.abs(cov - 0.9)).toBeLessThan(0.045);
    // the half-width estimates the 90 % quantile of |N(0, 10²)|, 16.45, within the same order of error
    expect(Math.abs(ci.halfWidth[0] - 16.45)).toBeLessThan(1.5);
  });
});

describe('conformalIntervals scalePower (hand-computed)', () => {
  it("'fit' finds the exponent of errors that grow as the square root of the level", () => {
    // Naive, one window at cutoff 4, windowSize 4: a has s = 1 and |e| = 1, b has s = 100 and |e| = 10
    // → OLS slope of log|e| on log s = log 10 / log 100 = 0.5; scores 1/1^0.5 = 1 and 10/100^0.5 = 1
    const d = seriesFromArrays([
      { id: 'a', y: [1, 1, 1, 1, 2] },
      { id: 'b', y: [100, 100, 100, 100, 110] },
    ]);
    const bt = crossValidation(d, [naive()], { horizon: 1 });
    const ci = conformalIntervals(bt, 'Naive', {
      level: 0.5,
      scale: 'series',
      data: d,
      windowSize: 4,
      scalePower: 'fit',
    });
    expect(ci.scalePower).toBeCloseTo(0.5, 12);
    expect(ci.halfWidth[0]).toBeCloseTo(1, 12);
    // forecasts from the end: s(a) = (1 + 1 + 1 + 2) / 4 = 1.25 → width 1.25^0.5
    expect(intervalHalfWidths(ci, d, 1)[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(() => conformalIntervals(bt, 'Naive', { scale: 'series', data: d, scalePower: 2 })).toThrow(/scalePower/);
  });
});
