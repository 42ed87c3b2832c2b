import { quantileSorted, sortedFinite } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('quantileSorted (type 7; values computed by hand and equal to numpy.quantile)', () => {
  it('interpolates between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([], 0.5)).toBeNaN();
    // h = 3 whole: the order statistic x[3] = 4 itself, not 4 + 0 · (∞ − 4) = NaN (numpy's result there)
    expect(quantileSorted([1, 2, 3, 4, Number.POSITIVE_INFINITY], 0.75)).toBe(4);
    expect(quantileSorted([1, 2, 3, 4, Number.POSITIVE_INFINITY], 0.875)).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(sortedFinite([3, Number.NaN, 1, Number.POSITIVE_INFINITY]))).toEqual([1, 3]);
  });
});
