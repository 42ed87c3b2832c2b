import { type LagTransform, seriesFeatures } from '@retailkit/forecast';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureName } from '../src/features.js';

const TRANSFORMS: LagTransform[] = [
  { type: 'lag', lag: 1 },
  { type: 'lag', lag: 3 },
  { type: 'rollingMean', lag: 1, windowSize: 3 },
  { type: 'rollingStd', lag: 2, windowSize: 3 },
  { type: 'rollingMin', lag: 1, windowSize: 4 },
  { type: 'rollingMax', lag: 1, windowSize: 4 },
  { type: 'expandingMean', lag: 1 },
  { type: 'ewm', lag: 1, alpha: 0.5 },
  { type: 'seasonalRollingMean', lag: 1, seasonLength: 2, windowSize: 2 },
];

describe('features', () => {
  it('names are generated from parameters', () => {
    expect(TRANSFORMS.map(featureName)).toEqual([
      'lag1',
      'lag3',
      'rolling_mean_lag1_window3',
      'rolling_std_lag2_window3',
      'rolling_min_lag1_window4',
      'rolling_max_lag1_window4',
      'expanding_mean_lag1',
      'ewm_lag1_alpha0.5',
      'seasonal_rolling_mean_lag1_season2_window2',
    ]);
  });

  it('hand-computed values (pandas shift/rolling/expanding/ewm(adjust=False) conventions)', () => {
    const y = [1, 2, 4, 8, 16];
    const ds = y.map((_, i) => Date.UTC(2011, 0, 3 + i)); // Monday 2011-01-03 …
    const t = seriesFeatures(y, ds, {
      transforms: TRANSFORMS,
      dateFeatures: ['dayOfWeek', 'dayOfMonth', 'month', 'week'],
    });
    const row = (i: number) => Array.from(t.values.subarray(i * t.names.length, (i + 1) * t.names.length));
    // at t = 4 the history is [1, 2, 4, 8]
    const r4 = row(4);
    expect(r4.slice(0, 3)).toEqual([8, 2, (2 + 4 + 8) / 3]);
    expect(r4[3]).toBeCloseTo(Math.sqrt(((1 - 7 / 3) ** 2 + (2 - 7 / 3) ** 2 + (4 - 7 / 3) ** 2) / 2), 12); // std of [1,2,4]
    expect(r4.slice(4, 7)).toEqual([1, 8, 15 / 4]);
    expect(r4[7]).toBeCloseTo(0.5 * 8 + 0.5 * (0.5 * 4 + 0.5 * (0.5 * 2 + 0.5 * 1)), 12);
    expect(r4[8]).toBe((8 + 2) / 2);
    expect(r4.slice(9)).toEqual([5, 7, 1, 1]); // Friday, the 7th, January, ISO week 1
    expect(Number.isNaN(row(0)[0])).toBe(true);
  });

  it('property: no feature at t uses y at t or later', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (y, pick, replacement) => {
          const t = pick % y.length;
          const ds = y.map((_, i) => i * 86_400_000);
          const changed = y.slice();
          for (let i = t; i < y.length; i++) changed[i] = replacement + i; // rewrite y(t) and everything after
          const a = seriesFeatures(y, ds, { transforms: TRANSFORMS, dateFeatures: ['dayOfWeek'] });
          const b = seriesFeatures(changed, ds, { transforms: TRANSFORMS, dateFeatures: ['dayOfWeek'] });
          const w = a.names.length;
          for (let i = 0; i <= t; i++)
            for (let j = 0; j < w; j++) expect(Object.is(a.values[i * w + j], b.values[i * w + j])).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects a lag of 0 (it would read y(t))', () => {
    expect(() => seriesFeatures([1, 2], [0, 1], { transforms: [{ type: 'lag', lag: 0 }] })).toThrow(/lag/);
  });
});
