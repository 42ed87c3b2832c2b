/** Number of values of ascending `a` below `x` (binary search, O(log n)). */
export function lowerBound(a: ArrayLike<number>, x: number, end = a.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
