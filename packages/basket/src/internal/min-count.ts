import { invalidArgument } from '@retailkit/core';
import type { MineOptions } from '../itemset-table.js';

/** The support threshold of a run: the fraction and the integer count it means for `n` transactions. */
export interface SupportThreshold {
  readonly minSupport: number;
  readonly minCount: number;
}

/**
 * The miners' threshold rule, shared by every path that counts supports (in memory or in SQL): for a fraction,
 * the smallest integer c ≥ 1 with c / n ≥ minSupport (checked in floating point as the comparison is made);
 * for `{ count }`, that count and count / n.
 */
export function resolveMinCount(fn: string, ms: MineOptions['minSupport'], n: number): SupportThreshold {
  checkMinSupport(fn, ms);
  if (typeof ms === 'number') {
    let minCount = Math.max(1, Math.ceil(ms * n));
    while (minCount > 1 && (minCount - 1) / n >= ms) minCount--;
    while (minCount / n < ms) minCount++;
    return { minSupport: ms, minCount };
  }
  const count = (ms as { count: number }).count;
  return { minSupport: count / n, minCount: count };
}

/** Throw `INVALID_ARGUMENT` unless `ms` is a fraction in (0, 1] or `{ count }` with an integer count ≥ 1. */
export function checkMinSupport(fn: string, ms: MineOptions['minSupport']): void {
  if (typeof ms === 'number') {
    if (!(ms > 0 && ms <= 1))
      throw invalidArgument(
        fn,
        'minSupport',
        ms,
        'a fraction in (0, 1] or { count: c }',
        ms > 1 && Number.isInteger(ms) ? `For an absolute count pass minSupport: { count: ${ms} }.` : 'Pass e.g. 0.01.',
      );
    return;
  }
  if (ms && typeof ms === 'object' && Number.isInteger(ms.count) && ms.count >= 1) return;
  throw invalidArgument(fn, 'minSupport', ms, 'a fraction in (0, 1] or { count: c } with an integer c >= 1');
}
