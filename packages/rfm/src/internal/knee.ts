/**
 * The knee ("elbow") of a decreasing curve such as KMeans inertia against k: both axes are normalised to
 * [0, 1] and the knee is the point farthest below the straight line from the first to the last point
 * (the Kneedle difference curve for a convex decreasing curve, Satopää et al. 2011). Returns the index into
 * `xs`; 0 when fewer than three points or the curve is a straight line.
 *
 * Complexity O(n).
 *
 * @example
 * kneeIndex([1, 2, 3, 4, 5], [100, 30, 20, 15, 12]) // 1 (x = 2)
 */
export function kneeIndex(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 0;
  const x0 = xs[0];
  const x1 = xs[n - 1];
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const y of ys) {
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  if (yMax === yMin || x1 === x0) return 0;
  let best = 0;
  let bestGap = 0;
  for (let i = 0; i < n; i++) {
    const xn = (xs[i] - x0) / (x1 - x0);
    const yn = (ys[i] - yMin) / (yMax - yMin);
    // chord from (0, yn0) to (1, ynLast) of a decreasing curve: y = yn0 + (ynLast − yn0) x
    const yn0 = (ys[0] - yMin) / (yMax - yMin);
    const ynL = (ys[n - 1] - yMin) / (yMax - yMin);
    const gap = yn0 + (ynL - yn0) * xn - yn;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}
