import fc from 'fast-check';
import { quantileSorted } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { quantiles7 } from '../../src/internal/quantile.js';

/** Oracle: sort, then type-7 interpolation written out (h = (n − 1)p). */
function type7(values: number[], p: number): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = (s.length - 1) * p;
  const f = Math.floor(h);
  return f + 1 < s.length ? s[f] + (h - f) * (s[f + 1] - s[f]) : s[f];
}

describe('quantiles7 (quickselect, type 7)', () => {
  it('equals the sort-based oracle on random data with ties and NaN', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -50, max: 50 }),
            fc.constant(Number.NaN),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          {
            maxLength: 200,
          },
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (values, ps) => {
          const got = quantiles7(Float64Array.from(values), ps);
          ps.forEach((p, k) => {
            const want = type7(values, p);
            if (Number.isNaN(want)) expect(got[k]).toBeNaN();
            else expect(got[k]).toBeCloseTo(want, 9);
          });
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [25, 75]) = [1.75, 5.25]; filters rows by mask', () => {
    expect(quantiles7(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6), [0.25, 0.75])).toEqual([1.75, 5.25]);
    // with a row filter: only 3, 4, 5, 9 → [3.75, 6]
    const mask = Uint8Array.of(1, 0, 1, 0, 1, 1, 0, 0);
    expect(quantiles7(Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6), [0.25, 0.75], mask)).toEqual([3.75, 6]);
  });

  it('agrees with simple-statistics on the median', () => {
    const xs = [5, 1, 1, 2, 8, 13, 21, 3, 34, 55];
    const sorted = [...xs].sort((a, b) => a - b);
    // simple-statistics' quantileSorted is not type 7 in general (it takes order statistic ⌈n·p⌉, averaging two
    // only when n·p is an integer), which is why cleaning has its own type-7 quickselect; medians agree
    expect(quantiles7(Float64Array.from(xs), [0.5])[0]).toBe(quantileSorted(sorted, 0.5));
  });
});
