import { quantileSorted, sortedFinite } from '@retailkit/core';

/**
 * Median of the timings or RSS readings of a bench run: core's type-7 quantile at 0.5 of the finite values (the
 * middle value, or the two middle values interpolated when the count is even); NaN when none is finite (a peer
 * without an RSS reading). O(n log n); the input is not mutated.
 *
 * @example
 * median([30, 10, 20, 40]) // 25
 */
export function median(xs: readonly number[]): number {
  return quantileSorted(sortedFinite(xs), 0.5);
}
