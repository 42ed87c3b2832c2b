import { createRng } from '@retailkit/core';
import { gradientBoosting, type SeriesData, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';

// 40 series × 60 weeks; the price of each week is drawn from {1, 2, 4} independently (seed 3) and demand follows the
// previous week's price: y(t) = 100 − 30·log2 p(t − 1) (100, 70 or 40). The lags of y carry no information about
// y(t) (they follow earlier, independent prices); the last price before the origin determines it exactly.
const rng = createRng(3);
const S = 40;
const n = 60;
const prices: number[][] = [];
const base = seriesFromArrays(
  Array.from({ length: S }, (_, i) => {
    const p = Array.from({ length: n }, () => [1, 2, 4][Math.floor(rng.next() * 3)]);
    prices.push(p);
    return { id: `s${i}`, y: p.map((_, t) => (t === 0 ? 70 : 100 - 30 * Math.log2(p[t - 1]))) };
  }),
  { freq: 'W', start: Date.UTC(2011, 0, 3) },
);
const data: SeriesData = { ...base, exog: { price: Float64Array.from(prices.flat()) } };
const opts = { strategy: 'direct', horizon: 1, target: 'identity', nTrees: 100, minSamplesLeaf: 5 } as const;

describe('gradientBoosting price features', () => {
  it('the last price before the origin predicts demand that only depends on it; without it the GBT cannot', () => {
    const truth = prices.map((p) => 100 - 30 * Math.log2(p[n - 1]));
    const err = (f: Float64Array) => f.reduce((a, v, i) => a + Math.abs(v - truth[i]), 0) / S;
    const withPrice = gradientBoosting({ ...opts, priceFeatures: true }).forecast(data, 1);
    const without = gradientBoosting(opts).forecast(data, 1);
    // hand bound: three exact levels 30 apart; without price the best constant is off by ≥ 10 on average
    expect(err(withPrice)).toBeLessThan(1);
    expect(err(without)).toBeGreaterThan(10);
    expect(gradientBoosting({ ...opts, priceFeatures: true }).fit(data).params[0].features).toContain('log_price');
  });

  it('refuses data without a price column', () => {
    expect(() => gradientBoosting({ ...opts, priceFeatures: true }).fit(base)).toThrow(/price/);
  });
});
