import { selectRules } from './internal/generate-rules.js';
import type { ItemsetTable } from './itemset-table.js';
import type { RuleMetric } from './metrics.js';

/** An association rule A → C with every metric of {@link RULE_METRICS} (fractions and ratios, never counts). */
export interface Rule {
  readonly antecedents: readonly string[];
  readonly consequents: readonly string[];
  readonly antecedentSupport: number;
  readonly consequentSupport: number;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
  readonly leverage: number;
  /** `Infinity` when confidence = 1 (written `"Infinity"` by `ruleToJSON`). */
  readonly conviction: number;
  readonly zhangsMetric: number;
  readonly jaccard: number;
  readonly certainty: number;
  readonly kulczynski: number;
}

/** A constraint on one side of the rules (all given conditions must hold). */
export interface ItemConstraint {
  /** The side must contain every one of these items. */
  readonly contains?: readonly string[];
  /** The side must contain at least one of these items. */
  readonly containsAny?: readonly string[];
  /** Every item of the side must be one of these. */
  readonly within?: readonly string[];
  /** The side must contain none of these items. */
  readonly excludes?: readonly string[];
  /** At least this many items on the side (default 1). */
  readonly minLen?: number;
  /** At most this many items on the side (default: no limit). */
  readonly maxLen?: number;
}

/** Options of {@link associationRules}. */
export interface RuleOptions {
  /** Metric compared with `minThreshold` (default `'confidence'`, as mlxtend). */
  readonly metric?: RuleMetric;
  /** Keep rules with `metric ≥ minThreshold` (default 0.8, as mlxtend). */
  readonly minThreshold?: number;
  /** More bounds, on any metric: `{ lift: { min: 1 }, confidence: { max: 0.99 } }` (inclusive). */
  readonly filters?: Partial<Record<RuleMetric, { readonly min?: number; readonly max?: number }>>;
  /** Keep rules whose antecedents meet this constraint. */
  readonly antecedents?: ItemConstraint;
  /** Keep rules whose consequents meet this constraint. */
  readonly consequents?: ItemConstraint;
  /** Sort key (default: `metric`); `null` keeps generation order (itemsets in table order, then subsets). */
  readonly sortBy?: RuleMetric | null;
  /** Ascending instead of descending. */
  readonly ascending?: boolean;
  /** Keep the first `limit` rules after sorting (default: all); with a sort key, in O(limit) memory as `top`. */
  readonly limit?: number;
  /**
   * Keep only the `top` strongest rules by the sort key (default: all), in O(top) memory however many rules pass
   * the thresholds: a bounded heap with the same total order as the sort, so the result equals sorting every rule
   * and keeping the first `top`. Needs a sort key (`sortBy` not `null`). `fitRecommender` reports how many rules
   * passed and how many were kept.
   */
  readonly top?: number;
  /**
   * Exact bound: stop with `BASKET_TOO_MANY_RULES` once more than this many rules would be held in memory
   * (default 5,000,000); with `top` (or `limit` and a sort key) at most that many are held.
   */
  readonly maxRules?: number;
}

/**
 * Association rules from an itemset table (mlxtend `association_rules`): for every frequent itemset I with
 * |I| ≥ 2 and every non-empty proper subset A, the rule A → I \ A with all the metrics of `RULE_METRICS`,
 * kept when `metric ≥ minThreshold`, every `filters` bound holds and both side constraints match; then sorted
 * (default: by `metric`, descending; ties by support, confidence, shorter antecedents, items) and cut to `top` and
 * `limit`. The transaction count comes with the table.
 *
 * Every metric is computed from the integer counts of the table (one division of exact integer products), so
 * thresholds are exact at the boundary, as in arules: counts 16/20 give confidence 0.8, kept at `minThreshold: 0.8`.
 *
 * Complexity O(Σ 2^|I|) rules examined; memory O(kept rules): at most `top` with `top`, else bounded by `maxRules`.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (unknown metric, bad threshold, filter, constraint, limit or top),
 *   `BASKET_INCOMPLETE_ITEMSETS` (closed/maximal table, or a missing subset), `BASKET_TOO_MANY_RULES` (`maxRules`).
 * @example
 * const table = fpgrowth([['a', 'b'], ['a', 'b'], ['a'], ['c']], { minSupport: 0.5 });
 * associationRules(table, { metric: 'lift', minThreshold: 1 }).map((r) => [r.antecedents, r.consequents, r.confidence, r.lift])
 * // [[['b'], ['a'], 1, 1.3333333333333333], [['a'], ['b'], 0.6666666666666666, 1.3333333333333333]]
 */
export function associationRules(table: ItemsetTable, options: RuleOptions = {}): Rule[] {
  return selectRules('associationRules', table, options).rules;
}
