import type { Baskets } from './build-baskets.js';
import { fpGrowthCore } from './internal/fp-growth-core.js';
import { finishTable, resolveSettings } from './internal/miner-run.js';
import type { ItemsetTable, MineOptions } from './itemset-table.js';

/**
 * Frequent itemsets by FP-growth (Han, Pei & Yin 2000): the frequent items of every transaction, ordered by
 * descending support, are stored in a prefix tree (built from lexicographically sorted paths, in flat typed
 * arrays); each item's conditional pattern base becomes a conditional FP-tree mined recursively, and a tree
 * that is a single path yields all its combinations directly. No candidate generation.
 *
 * Support of X = |{t : X ⊆ t}| / transactions, in (0, 1]; X is frequent when support ≥ minSupport.
 * Returns the same table as {@link apriori}, itemsets sorted by length then items.
 *
 * Complexity: one pass to count, one to build the tree (O(Σ|t| log)); mining is output-sensitive. Memory
 * O(Σ|t|) typed arrays per tree level of the recursion.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (minSupport outside (0, 1], bad maxLen, …), `BASKET_EMPTY` (no
 *   transaction), `BASKET_BUDGET_EXCEEDED` (`maxItemsets` or `timeoutMs` reached).
 * @example
 * fpgrowth([['a', 'b'], ['a', 'c'], ['a', 'b', 'c'], ['b']], { minSupport: { count: 2 }, output: 'maximal' }).itemsets
 * // [{ items: ['a', 'b'], support: 0.5, count: 2 }, { items: ['a', 'c'], support: 0.5, count: 2 }]
 */
export function fpgrowth(baskets: Baskets | readonly (readonly string[])[], options: MineOptions = {}): ItemsetTable {
  const s = resolveSettings('fpgrowth', baskets, options);
  fpGrowthCore(s.db, s.minCount, s.maxLen, s.collector);
  return finishTable(s, 'fpgrowth');
}
