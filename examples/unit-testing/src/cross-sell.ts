import type { Recommendation, Recommender } from '@retailkit/basket';
import { invalidArgument } from '@retailkit/core';

/** Options of `crossSell`. */
export interface CrossSellOptions {
  /** Most items to show (default 3). */
  readonly k?: number;
  /** Fewest units in stock for an item to be shown (default 1). */
  readonly minStock?: number;
}

/** Most candidates asked of the recommender (its own limit). */
const CANDIDATES = 100;

/**
 * Cross-sells for the cart page: the recommender's items for the cart, in its order (best rule first), keeping
 * only those with at least `minStock` units in stock (an item missing from `stock` has none), at most `k`.
 * Never an item already in the cart (the recommender's contract). Pure; O(rules the cart fires).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a `k` outside [1, 100] or a negative `minStock`; as the
 *   recommender's `recommend` for a bad cart.
 * @example
 * // model: basket's recommender fitted on the seeds' generated shop (the regency teacups bundle)
 * crossSell(model, ['22697', '22699'], new Map([['22698', 12]])).map((r) => r.item) // ['22698']
 */
export function crossSell(
  recommender: Pick<Recommender, 'recommend'>,
  cart: readonly string[],
  stock: ReadonlyMap<string, number>,
  options: CrossSellOptions = {},
): Recommendation[] {
  const { k = 3, minStock = 1 } = options;
  if (!(Number.isInteger(k) && k >= 1 && k <= CANDIDATES))
    throw invalidArgument('crossSell', 'k', k, `an integer in [1, ${CANDIDATES}]`);
  if (!(minStock >= 0)) throw invalidArgument('crossSell', 'minStock', minStock, 'a number of units ≥ 0');
  return recommender
    .recommend(cart, { k: CANDIDATES })
    .filter((r) => (stock.get(r.item) ?? 0) >= minStock)
    .slice(0, k);
}
