import { invalidArgument } from '@retailkit/core';

/**
 * Mean Winkler interval score of central intervals [ŷ − w, ŷ + w] at nominal level L (α = 1 − L): per value
 * (hi − lo) + (2/α)(lo − y) when y < lo, + (2/α)(y − hi) when y > hi; lower is better. It rewards narrow intervals
 * and charges misses in proportion to how far they fall outside, so wider is not better (Gneiting & Raftery 2007,
 * the interval score). `halfWidth` holds one width per horizon step (w[i mod H]) or one per value, as in
 * `coverage`. NaN pairs are skipped; NaN when none is left. O(n).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a level outside (0, 1).
 * @example
 * // y = 5 outside [0, 2] at L = 0.8: width 2 + (2 / 0.2) · 3 = 32; y = 1 inside: 2 → mean 17
 * intervalScore([1, 5], [1, 1], [1], 0.8) // 17
 */
export function intervalScore(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  halfWidth: ArrayLike<number>,
  level: number,
): number {
  if (!(level > 0 && level < 1)) throw invalidArgument('intervalScore', 'level', level, 'in (0, 1)');
  const penalty = 2 / (1 - level);
  const H = halfWidth.length;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    if (Number.isNaN(y) || Number.isNaN(predicted[i])) continue;
    const lo = predicted[i] - halfWidth[i % H];
    const hi = predicted[i] + halfWidth[i % H];
    sum += hi - lo + (y < lo ? penalty * (lo - y) : 0) + (y > hi ? penalty * (y - hi) : 0);
    n++;
  }
  return n ? sum / n : Number.NaN;
}
