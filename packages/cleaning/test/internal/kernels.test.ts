import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iqrFence } from '../../src/internal/kernels.js';

/** Oracle: sort, then type-7 interpolation written out (h = (n − 1)p). */
function type7(values: number[], p: number): number {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const h = (s.length - 1) * p;
  const f = Math.floor(h);
  return f + 1 < s.length ? s[f] + (h - f) * (s[f + 1] - s[f]) : s[f];
}

describe('iqrFence (type-7 quartiles via core quantileSorted, Tukey fences)', () => {
  it('hand-computed fixture, equal to numpy.percentile(..., [25, 75]) (checked with numpy 2.4.6)', () => {
    // Rows kept: alive and not NaN → 41, 7, 36, 15, 40, 39; sorted x = [7, 15, 36, 39, 40, 41], n = 6.
    // Q1: h = 5 · 0.25 = 1.25 → x[1] + 0.25 · (x[2] − x[1]) = 15 + 0.25 · 21 = 20.25
    // Q3: h = 5 · 0.75 = 3.75 → x[3] + 0.75 · (x[4] − x[3]) = 39 + 0.75 · 1 = 39.75
    // IQR = 19.5; factor 1.5 → lower = 20.25 − 29.25 = −9, upper = 39.75 + 29.25 = 69 (all exact in binary)
    const values = Float64Array.of(41, Number.NaN, 7, 1000, 36, 15, 40, 39);
    const alive = Uint8Array.of(1, 1, 1, 0, 1, 1, 1, 1);
    expect(iqrFence(values, 1.5, alive)).toEqual({ q1: 20.25, q3: 39.75, iqr: 19.5, lower: -9, upper: 69 });
  });

  it('numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [25, 75]) = [1.75, 5.25]; filters rows by mask', () => {
    const values = Float64Array.of(3, 1, 4, 1, 5, 9, 2, 6);
    const all = iqrFence(values, 1.5);
    expect([all.q1, all.q3]).toEqual([1.75, 5.25]);
    // with a row filter: only 3, 4, 5, 9 → numpy.percentile([3, 4, 5, 9], [25, 75]) = [3.75, 6]
    const some = iqrFence(values, 1.5, Uint8Array.of(1, 0, 1, 0, 1, 1, 0, 0));
    expect([some.q1, some.q3]).toEqual([3.75, 6]);
  });

  it('NaN is skipped, no value gives NaN quartiles, ±Infinity counts as a value', () => {
    const none = iqrFence(Float64Array.of(Number.NaN, Number.NaN), 1.5);
    expect([none.q1, none.q3, none.lower, none.upper]).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    // x = [1, 2, 3, 5, 6, Infinity]: Q1 = 2 + 0.25 · 1 = 2.25, Q3 = 5 + 0.75 · 1 = 5.75 (numpy: [2.25, 5.75]);
    // dropping Infinity (core's sortedFinite) would give [2, 5]
    const inf = iqrFence(Float64Array.of(6, Number.POSITIVE_INFINITY, 1, Number.NaN, 3, 5, 2), 1.5);
    expect([inf.q1, inf.q3]).toEqual([2.25, 5.75]);
    // h whole next to an infinite order statistic: the order statistic x[3] = 4 itself (core's quantileSorted),
    // not numpy's 4 + 0 · (inf − 4) = nan; fences 2 − 3 = −1 and 4 + 3 = 7, so Infinity is an outlier
    const edge = iqrFence(Float64Array.of(1, 2, 3, 4, Number.POSITIVE_INFINITY), 1.5);
    expect([edge.q1, edge.q3, edge.lower, edge.upper]).toEqual([2, 4, -1, 7]);
  });

  it('equals the sort-based oracle on random data with ties, NaN and row filters', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: -50, max: 50 }),
            fc.constant(Number.NaN),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          { maxLength: 200 },
        ),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.option(fc.array(fc.boolean(), { minLength: 200, maxLength: 200 })),
        (values, factor, keep) => {
          const alive = keep ? Uint8Array.from(keep.slice(0, values.length), Number) : undefined;
          const rows = alive ? values.filter((_, i) => alive[i]) : values;
          const q1 = type7(rows, 0.25);
          const q3 = type7(rows, 0.75);
          const got = iqrFence(Float64Array.from(values), factor, alive);
          // exact equality; `+ 0` turns −0 into 0 (the two sorts may order −0 and 0 differently)
          expect(got.q1 + 0).toBe(q1 + 0);
          expect(got.q3 + 0).toBe(q3 + 0);
          expect(got.lower + 0).toBe(q1 - factor * (q3 - q1) + 0);
          expect(got.upper + 0).toBe(q3 + factor * (q3 - q1) + 0);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
