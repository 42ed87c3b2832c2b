import { invalidArgument } from '@retailkit/core';
import type { CustomerRisk } from './customer-risks.js';

/** Who qualifies for a win-back coupon. */
export interface WinBackPolicy {
  /** Lowest churn probability that counts as at risk, in [0, 1]. */
  readonly minChurn: number;
  /** Lowest expected order value worth winning back (≥ 0, in the shop's currency). */
  readonly minSpend: number;
  /** Fewest repeat purchases (default 1: a one-time buyer has nothing to be won back to). */
  readonly minRepeat?: number;
  /** Most coupons to send (default: no limit); the highest value at risk go first. */
  readonly maxCoupons?: number;
}

/** One coupon to send. */
export interface WinBackOffer {
  readonly customerId: string;
  readonly churnProbability: number;
  readonly expectedSpend: number;
  /** churnProbability × expectedSpend: the order value expected to be lost without the coupon. */
  readonly valueAtRisk: number;
}

/**
 * Win-back coupons: every customer with `churnProbability ≥ minChurn`, `expectedSpend ≥ minSpend` and
 * `x ≥ minRepeat`, ranked by value at risk = churnProbability × expectedSpend (highest first, ties by customer id),
 * at most `maxCoupons` of them. Pure; O(n log n).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for `minChurn` outside [0, 1], a negative `minSpend`, or a `minRepeat` or
 *   `maxCoupons` that is not a non-negative integer.
 * @example
 * winBackCoupons(
 *   [{ customerId: 'a', x: 3, churnProbability: 0.7, expectedSpend: 200, clv: 40 }],
 *   { minChurn: 0.5, minSpend: 100 },
 * ) // [{ customerId: 'a', churnProbability: 0.7, expectedSpend: 200, valueAtRisk: 140 }]
 */
export function winBackCoupons(customers: readonly CustomerRisk[], policy: WinBackPolicy): WinBackOffer[] {
  const fn = 'winBackCoupons';
  const { minChurn, minSpend, minRepeat = 1, maxCoupons = Number.POSITIVE_INFINITY } = policy;
  if (!(minChurn >= 0 && minChurn <= 1)) throw invalidArgument(fn, 'minChurn', minChurn, 'a probability in [0, 1]');
  if (!(minSpend >= 0)) throw invalidArgument(fn, 'minSpend', minSpend, 'an amount ≥ 0');
  if (!(Number.isInteger(minRepeat) && minRepeat >= 0))
    throw invalidArgument(fn, 'minRepeat', minRepeat, 'an integer ≥ 0');
  if (!((Number.isInteger(maxCoupons) && maxCoupons >= 0) || maxCoupons === Number.POSITIVE_INFINITY))
    throw invalidArgument(fn, 'maxCoupons', maxCoupons, 'an integer ≥ 0 (omit it for no limit)');
  return customers
    .filter((c) => c.churnProbability >= minChurn && c.expectedSpend >= minSpend && c.x >= minRepeat)
    .map((c) => ({
      customerId: c.customerId,
      churnProbability: c.churnProbability,
      expectedSpend: c.expectedSpend,
      valueAtRisk: c.churnProbability * c.expectedSpend,
    }))
    .sort((a, b) => b.valueAtRisk - a.valueAtRisk || (a.customerId < b.customerId ? -1 : 1))
    .slice(0, maxCoupons);
}
