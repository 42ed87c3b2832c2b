/** One frequent itemset: its items (sorted labels), support (fraction of transactions) and count. */
export interface Itemset {
  readonly items: readonly string[];
  /** `count / transactions`, in (0, 1]. */
  readonly support: number;
  /** Number of transactions that contain every item. */
  readonly count: number;
}

/** Which itemsets a table holds. */
export type ItemsetOutput = 'all' | 'closed' | 'maximal';

/**
 * The itemset table every miner returns and `associationRules` consumes. The transaction count travels with
 * the itemsets, so callers never pass it again.
 */
export interface ItemsetTable {
  /** Sorted by length, then by items (lexicographic on the sorted labels). */
  readonly itemsets: readonly Itemset[];
  /** Number of transactions (the support denominator). */
  readonly transactions: number;
  /** Number of distinct items in the transactions. */
  readonly items: number;
  /** The minimum support as a fraction (`minCount / transactions` when a count was given). */
  readonly minSupport: number;
  /** The minimum count actually applied: the smallest integer c with c / transactions ≥ minSupport. */
  readonly minCount: number;
  /** The maximum itemset length applied (`null` = none). */
  readonly maxLen: number | null;
  readonly output: ItemsetOutput;
  readonly algorithm: 'apriori' | 'fpgrowth';
  /** Non-fatal findings, e.g. that no itemset reached the minimum support. */
  readonly warnings: readonly string[];
}

/** Options shared by every miner. */
export interface MineOptions {
  /**
   * Minimum support: a fraction in (0, 1] (default 0.5, as mlxtend), or `{ count: c }` for an absolute number
   * of transactions (an integer ≥ 1). An itemset is frequent when `count / transactions ≥ minSupport`.
   */
  readonly minSupport?: number | { readonly count: number };
  /** Maximum itemset length (integer ≥ 1; default: no limit). */
  readonly maxLen?: number;
  /**
   * `'all'` (default) every frequent itemset; `'closed'` only those with no superset of equal support;
   * `'maximal'` only those with no frequent superset (both relative to `maxLen` when it is set).
   */
  readonly output?: ItemsetOutput;
  /** Budget: stop with `BASKET_BUDGET_EXCEEDED` once more than this many itemsets are found (default 1,000,000). */
  readonly maxItemsets?: number;
  /** Apriori only: stop once a level generates more candidates than this (default 20,000,000). */
  readonly maxCandidates?: number;
  /**
   * Budget in milliseconds of wall time (default: none). Only when set does the miner read a clock
   * (`clock`, default `performance.now`), so results stay deterministic otherwise.
   */
  readonly timeoutMs?: number;
  /** The clock used by `timeoutMs` (milliseconds). */
  readonly clock?: () => number;
}
