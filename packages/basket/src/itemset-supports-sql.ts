import { invalidArgument, RetailKitError, type SqlDialect, sqlDialect } from '@retailkit/core';
import { BASKET_ERROR_CODES, basketError } from './errors.js';
import { aprioriCandidates, compareItemsets, compareLabels, joinSize } from './internal/apriori-candidates.js';
import {
  basketItemsSetup,
  basketsQuery,
  frequentPairsSetup,
  type ItemsetSqlParts,
  inlineCandidates,
  itemsQuery,
  levelQuery,
  lookupTags,
  pairLevelQuery,
  uploadCandidates,
} from './internal/itemset-sql.js';
import { checkMinSupport, resolveMinCount, type SupportThreshold } from './internal/min-count.js';
import { noItemsetWarning } from './internal/miner-run.js';
import type { ItemsetTable, MineOptions } from './itemset-table.js';

/** Options of {@link itemsetSupportsSql}. */
export interface ItemsetSupportsSqlOptions {
  /** The table or view of invoice lines to mine (e.g. cleaning's `basket` view). */
  readonly lines: string;
  /** Column names in `lines` (defaults: `invoiceNo`, `stockCode`, `quantity`, as `buildBaskets`). */
  readonly columns?: { readonly basket?: string; readonly item?: string; readonly quantity?: string };
  /** A line counts when its quantity is ≥ this (default 1, `buildBaskets`' line mode). */
  readonly minQuantity?: number;
  /** Keep only baskets with at least this many distinct items (default 1; `fitRecommender` uses 2). */
  readonly minItems?: number;
  /** Minimum support, a fraction in (0, 1] or `{ count }` (default 0.5, as the miners). */
  readonly minSupport?: MineOptions['minSupport'];
  /** Maximum itemset length (integer ≥ 1; default: no limit). */
  readonly maxLen?: number;
  /**
   * Budget: stop with `BASKET_BUDGET_EXCEEDED` when a level's join would make more candidates than this (before the
   * prune, as `apriori` counts them; default 1,000,000, as each is uploaded to the engine).
   */
  readonly maxCandidates?: number;
  /** At most this many candidates of a level are inlined in the query (default 200); more are uploaded. */
  readonly inlineCandidates?: number;
  /** The table a larger level's candidates are uploaded to, dropped again after the level (default `itemset_candidates`). */
  readonly candidatesTable?: string;
  /**
   * The scratch table of the frequent items' (basket, item) pairs, created by level 2's `setup` and read by every
   * level k ≥ 2, dropped by the plan's `cleanup` (default `itemset_pairs`; a temporary table in DuckDB and PostgreSQL
   * unless the name is qualified with a schema; then on PostgreSQL an unlogged table, which parallel workers can
   * scan: level 2 on the UCI lines 4.5–5.7 s against 6.2–7.3 s temporary. Name one no other session uses).
   */
  readonly pairsTable?: string;
  /**
   * The scratch table of the mined (basket, item) pairs, created by the plan's `setup` and read by `basketsSql`,
   * `itemsSql` and level 2's `setup`, dropped by the plan's `cleanup` (default `itemset_basket_items`; temporary or
   * not as `pairsTable`).
   */
  readonly basketItemsTable?: string;
}

/** The statements that count one level's candidates. */
export interface ItemsetLevelSql {
  /** The itemset length counted. */
  readonly k: number;
  /** The candidates (sorted items); a result row's `candidateId` is the index here. */
  readonly candidates: readonly (readonly string[])[];
  /**
   * Statements to run first: level 2 creates the pairs table every later level reads (so the levels must run in
   * order from 2); a level k ≥ 3 creates and fills the candidates table (none when the candidates are inlined).
   */
  readonly setup: readonly string[];
  /** Rows `candidateId`, `count` of the frequent candidates. */
  readonly query: string;
  /** Statements to run after the query (the candidates table dropped). */
  readonly cleanup: readonly string[];
}

/** What a warehouse run of the levels found, to turn into an {@link ItemsetTable}. */
export interface ItemsetCounts {
  /** `baskets` of the `basketsSql` row. */
  readonly baskets: number;
  /** `items` of the `basketsSql` row. */
  readonly items: number;
  /** Every frequent itemset found, any order, with its integer count. */
  readonly itemsets: readonly { readonly items: readonly string[]; readonly count: number }[];
}

/** The plan {@link itemsetSupportsSql} returns: statements to run level by level, and the pure steps between. */
export interface ItemsetSupportsPlan {
  /** Statements to run first: the scratch table of the mined (basket, item) pairs that the next three read. */
  readonly setup: readonly string[];
  /** One row: `baskets` (the support denominator) and `items` (distinct items in them). */
  readonly basketsSql: string;
  /** The miners' threshold for that many baskets. Throws `BASKET_EMPTY` at 0. */
  threshold(baskets: number): { readonly minSupport: number; readonly minCount: number };
  /** Level 1: rows `item`, `count` of the frequent items. */
  itemsSql(minCount: number): string;
  /** Level k + 1 from the frequent k-sets: Apriori's join and prune, then the count; `null` when done. */
  nextLevel(frequent: readonly (readonly string[])[], minCount: number): ItemsetLevelSql | null;
  /** The counts as the miners' table (sorted, supports = count / baskets), ready for `associationRules`. */
  table(counts: ItemsetCounts): ItemsetTable;
  /** Statements to run once the levels are done, or have failed (also after a failed `setup`): the scratch tables dropped. */
  readonly cleanup: readonly string[];
}

/**
 * Frequent-itemset supports counted where the lines live, level by level, so Node holds the frequent itemsets and
 * one level's candidates, never the baskets. A basket is the set of distinct items of the lines of one `basket`
 * value with basket, item and quantity ≥ `minQuantity` (NULLs skipped), kept when it has ≥ `minItems` items, as
 * `buildBaskets` in line mode builds it. The plan's `setup` keeps the distinct (basket, item) pairs of those baskets
 * in a scratch table (`basketItemsTable`), which the basket count and levels 1 and 2 read. For each level:
 *
 * - k = 1: count(i) = |{b : (b, i) ∈ pairs}|, kept when count ≥ minCount (`GROUP BY item HAVING`);
 * - k ≥ 2: candidates C_k = Apriori's join of frequent (k−1)-sets sharing k−2 items, pruned when a (k−1)-subset is
 *   not frequent (in Node); count(c) = |{b : c ⊆ items(b)}|, kept when ≥ minCount. Level 2 first keeps the pairs of
 *   frequent items, in baskets with two of them or more, in a scratch table (`pairsTable`) that every later level
 *   reads, then counts every basket's pairs of frequent items (a self-join, no candidates sent); level k ≥ 3 joins
 *   each candidate with the baskets of its first item and looks up the other k − 1 (basket, item) pairs by key.
 *
 * minCount is the miners' own: the smallest integer c with c / baskets ≥ minSupport. The levels stop at `maxLen` or
 * when a level has no candidate. The result equals `apriori`/`fpgrowth` on `buildBaskets` of the same lines.
 *
 * Complexity: the lines are read once (the basket items; with `minItems` 1 once more, for the counts); level 2 is O(Σ_b f_b²) for f_b
 * frequent items in basket b; level k ≥ 3 is O(k · Σ_{c ∈ C_k} support(first item of c)) lookups; Node's memory
 * O(Σ_k |F_k| + |C_k|).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` from `itemsetSupportsSql` for an unknown dialect, a table or column name
 *   outside the identifier allow-list (`details.argument` names the option), a bad `minSupport`, `maxLen`,
 *   `minItems`, `minQuantity`, `maxCandidates` or `inlineCandidates`; `threshold` throws `BASKET_EMPTY` when no basket
 *   is left; `nextLevel` throws `BASKET_BUDGET_EXCEEDED` past `maxCandidates`.
 * @example
 * const plan = itemsetSupportsSql('duckdb', { lines: 'basket_lines', minSupport: 0.01, minItems: 2 });
 * // plan.setup first, then engine.query(plan.basketsSql) → { baskets: 1200, items: 340 }; plan.threshold(1200).minCount // 12
 * // then plan.itemsSql(12), and plan.nextLevel(frequent, 12) until it returns null (each step's setup, query and
 * // cleanup in turn); plan.cleanup at the end, also after a failure; plan.table({ … }).itemsets
 */
export function itemsetSupportsSql(dialect: SqlDialect, options: ItemsetSupportsSqlOptions): ItemsetSupportsPlan {
  const fn = 'itemsetSupportsSql';
  const f = sqlDialect(dialect);
  const o = validate(fn, options);
  const name = (argument: string, value: string, quote: (v: string) => string): string => {
    try {
      return quote(value);
    } catch (e) {
      if (!(e instanceof RetailKitError)) throw e;
      throw invalidArgument(
        fn,
        argument,
        value,
        'an identifier (letters, digits, _; tables may be schema.table)',
        'Rename it or create a view with such a name.',
      );
    }
  };
  const parts: ItemsetSqlParts = {
    f,
    lines: name('lines', options.lines, f.table),
    basket: name('columns.basket', options.columns?.basket ?? 'invoiceNo', f.ident),
    item: name('columns.item', options.columns?.item ?? 'stockCode', f.ident),
    quantity: name('columns.quantity', options.columns?.quantity ?? 'quantity', f.ident),
    minQuantity: o.minQuantity,
    minItems: o.minItems,
    candidates: name('candidatesTable', options.candidatesTable ?? 'itemset_candidates', f.table),
    pairs: name('pairsTable', options.pairsTable ?? 'itemset_pairs', f.table),
    basketItems: name('basketItemsTable', options.basketItemsTable ?? 'itemset_basket_items', f.table),
  };
  const threshold = (baskets: number): SupportThreshold => {
    if (!(Number.isInteger(baskets) && baskets > 0))
      throw basketError(
        BASKET_ERROR_CODES.empty,
        `${fn}: no basket to mine in ${options.lines} (baskets = ${baskets}). Check the lines and minItems.`,
        { baskets },
      );
    return resolveMinCount(fn, o.minSupport, baskets);
  };
  return {
    setup: basketItemsSetup(parts),
    basketsSql: basketsQuery(parts),
    threshold,
    itemsSql: (minCount) => itemsQuery(parts, count(fn, minCount)),
    nextLevel(frequent, minCount) {
      const k = (frequent[0]?.length ?? 0) + 1;
      if (k < 2 || k > o.maxLen) return null;
      const joined = joinSize(frequent);
      if (joined > o.maxCandidates)
        throw basketError(
          BASKET_ERROR_CODES.budgetExceeded,
          `${fn}: level ${k} would generate ${joined} candidates, more than maxCandidates = ${o.maxCandidates}. Raise minSupport, set maxLen, or raise maxCandidates.`,
          { maxCandidates: o.maxCandidates, candidates: joined },
        );
      const candidates = aprioriCandidates(frequent);
      if (candidates.length === 0) return null;
      if (k === 2) {
        const items = frequent.map((s) => s[0]).sort(compareLabels);
        return {
          k,
          candidates,
          setup: frequentPairsSetup(parts, items),
          query: pairLevelQuery(parts, count(fn, minCount)),
          cleanup: [],
        };
      }
      const inline = candidates.length <= o.inlineCandidates;
      const tags = lookupTags(candidates);
      const from = inline ? inlineCandidates(parts, candidates, tags) : parts.candidates;
      return {
        k,
        candidates,
        setup: inline ? [] : uploadCandidates(parts, candidates, tags),
        query: levelQuery(parts, from, tags, k, count(fn, minCount)),
        cleanup: inline ? [] : [`DROP TABLE IF EXISTS ${parts.candidates}`],
      };
    },
    cleanup: [`DROP TABLE IF EXISTS ${parts.pairs}`, `DROP TABLE IF EXISTS ${parts.basketItems}`],
    table(counts) {
      const { minSupport, minCount } = threshold(counts.baskets);
      const n = counts.baskets;
      const itemsets = counts.itemsets
        .map((s) => ({ items: [...s.items], support: s.count / n, count: s.count }))
        .sort((a, b) => compareItemsets(a.items, b.items));
      return {
        itemsets,
        transactions: n,
        items: counts.items,
        minSupport,
        minCount,
        maxLen: Number.isFinite(o.maxLen) ? o.maxLen : null,
        output: 'all',
        algorithm: 'apriori',
        warnings: itemsets.length === 0 ? [noItemsetWarning('apriori', minSupport, minCount, n)] : [],
      };
    },
  };
}

function count(fn: string, minCount: number): number {
  if (!(Number.isInteger(minCount) && minCount >= 1))
    throw invalidArgument(fn, 'minCount', minCount, 'an integer >= 1', 'Pass plan.threshold(baskets).minCount.');
  return minCount;
}

function validate(fn: string, options: ItemsetSupportsSqlOptions) {
  if (!options || typeof options !== 'object') throw invalidArgument(fn, 'options', options, 'an object with lines');
  const minSupport = options.minSupport ?? 0.5;
  checkMinSupport(fn, minSupport);
  const maxLen = options.maxLen ?? Number.POSITIVE_INFINITY;
  if (!(maxLen === Number.POSITIVE_INFINITY || (Number.isInteger(maxLen) && maxLen >= 1)))
    throw invalidArgument(fn, 'maxLen', maxLen, 'an integer >= 1');
  const minItems = options.minItems ?? 1;
  if (!(Number.isInteger(minItems) && minItems >= 1))
    throw invalidArgument(fn, 'minItems', minItems, 'an integer >= 1', 'Use 2 as fitRecommender does.');
  const minQuantity = options.minQuantity ?? 1;
  if (!Number.isFinite(minQuantity)) throw invalidArgument(fn, 'minQuantity', minQuantity, 'a finite number');
  const inline = options.inlineCandidates ?? 200;
  if (!(Number.isInteger(inline) && inline >= 0))
    throw invalidArgument(fn, 'inlineCandidates', inline, 'an integer >= 0', 'Use 0 to always upload candidates.');
  const maxCandidates = options.maxCandidates ?? 1_000_000;
  if (!(Number.isInteger(maxCandidates) && maxCandidates >= 1))
    throw invalidArgument(fn, 'maxCandidates', maxCandidates, 'an integer >= 1');
  return { minSupport, maxLen, minItems, minQuantity, inlineCandidates: inline, maxCandidates };
}
