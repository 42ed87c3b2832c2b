/**
 * Median of the timings or RSS readings of a bench run: the middle value of the sorted copy, or the mean of the
 * two middle values when the count is even. O(n log n); the input is not mutated.
 *
 * Shared by index.ts, csv.ts and parquet.ts. Not core's `quantileSorted(sortedFinite(xs), 0.5)`: this module
 * imports nothing, so the child processes that time one loader (or the peer) do not load `@retailkit/core`
 * for it, and `(a + b) / 2` stays what the benches printed before (core's `a + 0.5·(b − a)` can differ in the
 * last bit when b > 2a).
 *
 * @example
 * median([30, 10, 20, 40]) // 25
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
