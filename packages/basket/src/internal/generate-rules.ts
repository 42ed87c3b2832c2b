import { invalidArgument } from '@retailkit/core';
import type { ItemConstraint, Rule, RuleOptions } from '../association-rules.js';
import { BASKET_ERROR_CODES, basketError } from '../errors.js';
import type { ItemsetTable } from '../itemset-table.js';
import { RULE_METRIC_NAMES, RULE_METRICS, type RuleMetric } from '../metrics.js';

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

/** Validate the rule options once (the public entry calls this before anything else). */
export function compileRuleOptions(fn: string, options: RuleOptions): Compiled {
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
      BASKET_ERROR_CODES.incompleteItemsets,
      `${fn}: the itemset table holds only ${table.output} itemsets, so the supports of rule antecedents are missing. Mine with output: 'all'.`,
      { output: table.output },
    );
}

/**
 * The rules of `associationRules`, one at a time and unsorted, in generation order: itemsets in table order; for
 * each, antecedents as subsets in bitmask order. `fn` names the public caller in errors.
 */
export function* generateRules(
  fn: string,
  table: ItemsetTable,
  options: RuleOptions,
): Generator<Rule, void, undefined> {
  checkTable(fn, table);
  const c = compileRuleOptions(fn, options);
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
          BASKET_ERROR_CODES.incompleteItemsets,
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
          BASKET_ERROR_CODES.tooManyRules,
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
