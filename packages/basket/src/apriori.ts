import type { Baskets } from './build-baskets.js';
import { aprioriCore } from './internal/apriori-core.js';
import { finishTable, resolveSettings } from './internal/miner-run.js';
import type { ItemsetTable, MineOptions } from './itemset-table.js';

/**
 * Frequent itemsets by Apriori (Agrawal & Srikant 1994): level-wise candidate generation (the F(k−1) × F(k−1)
 * join of itemsets sharing their first k−2 items), pruning of every candidate with an infrequent (k−1)-subset,
 * and support counting (pairs in one pass with a triangular array; longer candidates on tid bitsets).
 *
 * Support of X = |{t : X ⊆ t}| / transactions, in (0, 1]; X is frequent when support ≥ minSupport.
 * Returns the same table as {@link fpgrowth}, itemsets sorted by length then items.
 *
 * Complexity O(Σ_k |C_k| · n / 32) time and O(|F_k| · n / 32) bytes for the current level's bitsets; use
 * `fpgrowth` for low supports.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (minSupport outside (0, 1], bad maxLen, …), `BASKET_EMPTY` (no
 *   transaction), `BASKET_BUDGET_EXCEEDED` (`maxItemsets`, `maxCandidates` or `timeoutMs` reached).
 * @example
 * apriori([['a', 'b'], ['a', 'c'], ['a', 'b', 'c'], ['b']], { minSupport: 0.5 }).itemsets
 * // [{ items: ['a'], support: 0.75, count: 3 }, { items: ['b'], support: 0.75, count: 3 },
 * //  { items: ['c'], support: 0.5, count: 2 }, { items: ['a', 'b'], support: 0.5, count: 2 },
 * //  { items: ['a', 'c'], support: 0.5, count: 2 }]
 */
export function apriori(baskets: Baskets | readonly (readonly string[])[], options: MineOptions = {}): ItemsetTable {
  const s = resolveSettings('apriori', baskets, options);
  aprioriCore(s.db, s.minCount, s.maxLen, s.collector);
  return finishTable(s, 'apriori');
}
