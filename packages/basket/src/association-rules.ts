import { invalidArgument } from '@retailkit/core';
import { basketError } from './errors.js';
import type { ItemsetTable } from './internal/itemset-table.js';
import { RULE_METRIC_NAMES, RULE_METRICS, type RuleMetric } from './metrics.js';

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
  readonly minLen?: number;
  readonly maxLen?: number;
}

/** Options of {@link associationRules} and {@link generateRules}. */
export interface RuleOptions {
  /** Metric compared with `minThreshold` (default `'confidence'`, as mlxtend). */
  readonly metric?: RuleMetric;
  /** Keep rules with `metric ≥ minThreshold` (default 0.8, as mlxtend). */
  readonly minThreshold?: number;
  /** More bounds, on any metric: `{ lift: { min: 1 }, confidence: { max: 0.99 } }` (inclusive). */
  readonly filters?: Partial<Record<RuleMetric, { readonly min?: number; readonly max?: number }>>;
  readonly antecedents?: ItemConstraint;
  readonly consequents?: ItemConstraint;
  /** `associationRules` only: sort key (default: `metric`); `null` keeps generation order. */
  readonly sortBy?: RuleMetric | null;
  /** `associationRules` only: ascending instead of descending. */
  readonly ascending?: boolean;
  /** `associationRules` only: keep the first `limit` rules after sorting. */
  readonly limit?: number;
  /** Budget: stop with `BASKET_TOO_MANY_RULES` past this many kept rules (default 5,000,000). */
  readonly maxRules?: number;
}

interface Compiled {
  readonly metric: RuleMetric;
  readonly minThreshold: number;
  readonly bounds: [RuleMetric, number, number][];
  readonly ante: ((items: readonly string[]) => boolean) | null;
  readonly cons: ((items: readonly string[]) => boolean) | null;
  readonly maxRules: number;
}

function compileConstraint(fn: string, name: string, c: ItemConstraint | undefined) {
  if (c === undefined) return null;
  if (c === null || typeof c !== 'object') throw invalidArgument(fn, name, c, 'an object such as { contains: [...] }');
  const set = (k: keyof ItemConstraint) => {
    const v = c[k];
    if (v === undefined) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw invalidArgument(fn, `${name}.${k}`, v, 'an array of item labels');
    return new Set<string>(v);
  };
  const contains = set('contains');
  const containsAny = set('containsAny');
  const within = set('within');
  const excludes = set('excludes');
  const minLen = c.minLen ?? 1;
  const maxLen = c.maxLen ?? Number.POSITIVE_INFINITY;
  return (items: readonly string[]): boolean => {
    if (items.length < minLen || items.length > maxLen) return false;
    if (contains) for (const x of contains) if (!items.includes(x)) return false;
    if (containsAny && !items.some((x) => containsAny.has(x))) return false;
    if (within && !items.every((x) => within.has(x))) return false;
    if (excludes && items.some((x) => excludes.has(x))) return false;
    return true;
  };
}

function compile(fn: string, options: RuleOptions): Compiled {
  const metric = options.metric ?? 'confidence';
  if (!(metric in RULE_METRICS)) throw invalidArgument(fn, 'metric', metric, RULE_METRIC_NAMES.join(' | '));
  const minThreshold = options.minThreshold ?? 0.8;
  if (typeof minThreshold !== 'number' || Number.isNaN(minThreshold))
    throw invalidArgument(fn, 'minThreshold', minThreshold, 'a number');
  const bounds: [RuleMetric, number, number][] = [];
  for (const [k, b] of Object.entries(options.filters ?? {})) {
    if (!(k in RULE_METRICS)) throw invalidArgument(fn, 'filters key', k, RULE_METRIC_NAMES.join(' | '));
    const min = b?.min ?? Number.NEGATIVE_INFINITY;
    const max = b?.max ?? Number.POSITIVE_INFINITY;
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max)
      throw invalidArgument(fn, `filters.${k}`, b, '{ min?: number, max?: number } with min ≤ max');
    bounds.push([k as RuleMetric, min, max]);
  }
  const maxRules = options.maxRules ?? 5_000_000;
  if (!(Number.isInteger(maxRules) && maxRules >= 1))
    throw invalidArgument(fn, 'maxRules', maxRules, 'an integer >= 1');
  return {
    metric,
    minThreshold,
    bounds,
    ante: compileConstraint(fn, 'antecedents', options.antecedents),
    cons: compileConstraint(fn, 'consequents', options.consequents),
    maxRules,
  };
}

const SEP = '\u0000';

function checkTable(fn: string, table: ItemsetTable): void {
  if (!table || typeof table !== 'object' || !Array.isArray(table.itemsets))
    throw invalidArgument(fn, 'itemsets', table, 'an itemset table from apriori or fpgrowth');
  if (!(Number.isInteger(table.transactions) && table.transactions > 0))
    throw invalidArgument(fn, 'itemsets.transactions', table.transactions, 'a positive integer');
  if (table.output !== undefined && table.output !== 'all')
    throw basketError(
      'BASKET_INCOMPLETE_ITEMSETS',
      `${fn}: the itemset table holds only ${table.output} itemsets, so the supports of rule antecedents are missing. Mine with output: 'all'.`,
      { output: table.output },
    );
}

/**
 * Association rules, one at a time (a generator): huge rule sets never need to sit in memory. Same rules and
 * options as {@link associationRules}, in generation order (itemsets in table order; for each, antecedents as
 * subsets in bitmask order), unsorted.
 *
 * @throws as {@link associationRules}.
 * @example
 * const table = fpgrowth([['a', 'b'], ['a', 'b'], ['a']], { minSupport: 0.5 });
 * [...generateRules(table, { metric: 'confidence', minThreshold: 1 })].map((r) => `${r.antecedents}→${r.consequents}`)
 * // ['b→a']
 */
export function* generateRules(table: ItemsetTable, options: RuleOptions = {}): Generator<Rule, void, undefined> {
  const fn = 'generateRules';
  checkTable(fn, table);
  const c = compile(fn, options);
  const supportOf = new Map<string, number>();
  for (const s of table.itemsets) supportOf.set([...s.items].sort().join(SEP), s.support);
  const compute = RULE_METRICS[c.metric].compute;
  let kept = 0;
  for (const s of table.itemsets) {
    const k = s.items.length;
    if (k < 2) continue;
    if (k > 30)
      throw invalidArgument(fn, 'itemset length', k, 'at most 30 (2^30 rules per itemset)', 'Mine with maxLen.');
    const items = [...s.items].sort();
    const sAC = s.support;
    const full = (1 << k) - 1;
    for (let mask = 1; mask < full; mask++) {
      const a: string[] = [];
      const cq: string[] = [];
      for (let i = 0; i < k; i++) (mask & (1 << i) ? a : cq).push(items[i]);
      if (c.ante && !c.ante(a)) continue;
      if (c.cons && !c.cons(cq)) continue;
      const sA = supportOf.get(a.join(SEP));
      const sC = supportOf.get(cq.join(SEP));
      if (sA === undefined || sC === undefined)
        throw basketError(
          'BASKET_INCOMPLETE_ITEMSETS',
          `${fn}: the support of [${(sA === undefined ? a : cq).join(', ')}], a subset of the frequent itemset [${items.join(', ')}], is missing from the table. Pass the complete table of a miner (output: 'all').`,
          { itemset: items, missing: sA === undefined ? a : cq },
        );
      if (!(compute(sAC, sA, sC) >= c.minThreshold)) continue;
      const rule = makeRule(a, cq, sAC, sA, sC);
      let ok = true;
      for (const [m, lo, hi] of c.bounds) {
        const v = rule[m];
        if (!(v >= lo && v <= hi)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (++kept > c.maxRules)
        throw basketError(
          'BASKET_TOO_MANY_RULES',
          `${fn}: more than maxRules = ${c.maxRules} rules. Raise minThreshold, add filters or constraints, or raise maxRules.`,
          { maxRules: c.maxRules },
        );
      yield rule;
    }
  }
}

function makeRule(a: string[], cq: string[], sAC: number, sA: number, sC: number): Rule {
  const m = RULE_METRICS;
  return {
    antecedents: a,
    consequents: cq,
    antecedentSupport: sA,
    consequentSupport: sC,
    support: sAC,
    confidence: m.confidence.compute(sAC, sA, sC),
    lift: m.lift.compute(sAC, sA, sC),
    leverage: m.leverage.compute(sAC, sA, sC),
    conviction: m.conviction.compute(sAC, sA, sC),
    zhangsMetric: m.zhangsMetric.compute(sAC, sA, sC),
    jaccard: m.jaccard.compute(sAC, sA, sC),
    certainty: m.certainty.compute(sAC, sA, sC),
    kulczynski: m.kulczynski.compute(sAC, sA, sC),
  };
}

/**
 * Sort rules in place by `key` (descending unless `ascending`); ties by support (desc), confidence (desc), shorter
 * antecedents, then antecedent and consequent labels, so the order is total and deterministic. O(r log r).
 *
 * @example
 * sortRules(rules, 'lift')[0].lift // the largest lift
 */
export function sortRules(rules: Rule[], key: RuleMetric, ascending = false): Rule[] {
  const dir = ascending ? 1 : -1;
  const cmpNum = (x: number, y: number) => (x === y ? 0 : x < y ? -1 : 1);
  const text = (r: Rule) => `${r.antecedents.join(SEP)}${SEP}${SEP}${r.consequents.join(SEP)}`;
  return rules.sort(
    (p, q) =>
      dir * cmpNum(p[key], q[key]) ||
      -cmpNum(p.support, q.support) ||
      -cmpNum(p.confidence, q.confidence) ||
      p.antecedents.length - q.antecedents.length ||
      (text(p) < text(q) ? -1 : text(p) > text(q) ? 1 : 0),
  );
}

/**
 * Association rules from an itemset table (mlxtend `association_rules`): for every frequent itemset I with
 * |I| ≥ 2 and every non-empty proper subset A, the rule A → I \ A with all the metrics of `RULE_METRICS`,
 * kept when `metric ≥ minThreshold`, every `filters` bound holds and both side constraints match; then sorted
 * (default: by `metric`, descending; ties by support, confidence, shorter antecedents, items) and cut to `limit`.
 * The transaction count comes with the table.
 *
 * Complexity O(Σ 2^|I|) rules examined; memory O(kept rules) (use `generateRules` to stream).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (unknown metric, bad threshold or filter), `BASKET_INCOMPLETE_ITEMSETS`
 *   (closed/maximal table, or a missing subset), `BASKET_TOO_MANY_RULES` (`maxRules`).
 * @example
 * const table = fpgrowth([['a', 'b'], ['a', 'b'], ['a'], ['c']], { minSupport: 0.5 });
 * associationRules(table, { metric: 'lift', minThreshold: 1 }).map((r) => [r.antecedents, r.consequents, r.confidence, r.lift])
 * // [[['b'], ['a'], 1, 1.3333333333333333], [['a'], ['b'], 0.6666666666666666, 1.3333333333333333]]
 */
export function associationRules(table: ItemsetTable, options: RuleOptions = {}): Rule[] {
  const fn = 'associationRules';
  compile(fn, options);
  const sortBy = options.sortBy === undefined ? (options.metric ?? 'confidence') : options.sortBy;
  if (sortBy !== null && !(sortBy in RULE_METRICS))
    throw invalidArgument(fn, 'sortBy', sortBy, `${RULE_METRIC_NAMES.join(' | ')} or null`);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0)))
    throw invalidArgument(fn, 'limit', limit, 'an integer >= 0');
  const rules = [...generateRules(table, options)];
  if (sortBy !== null) sortRules(rules, sortBy, options.ascending ?? false);
  return Number.isFinite(limit) ? rules.slice(0, limit) : rules;
}

/** A rule as JSON-ready values: non-finite numbers (conviction at confidence 1) become the string `"Infinity"`. */
export type RuleJson = { readonly [K in keyof Rule]: Rule[K] extends number ? number | 'Infinity' : Rule[K] };

/**
 * A rule ready for `JSON.stringify`: `conviction` = +Infinity is written as the string `"Infinity"` (JSON has no
 * infinity; `null` would be ambiguous). Read it back with `Number(value)`.
 *
 * @example
 * ruleToJSON(rule).conviction // 'Infinity' when rule.confidence === 1
 */
export function ruleToJSON(rule: Rule): RuleJson {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? 'Infinity' : v;
  return out as RuleJson;
}
