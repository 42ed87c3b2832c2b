import { invalidArgument } from '@retailkit/core';
import type { ItemConstraint, Rule, RuleOptions } from '../association-rules.js';
import { BASKET_ERROR_CODES, basketError } from '../errors.js';
import type { ItemsetTable } from '../itemset-table.js';
import { RULE_METRIC_NAMES, RULE_METRICS, type RuleMetric } from '../metrics.js';

type Counts = (nAC: number, nA: number, nC: number, n: number) => number;

interface Compiled {
  readonly metric: RuleMetric;
  readonly minThreshold: number;
  readonly bounds: [Counts, number, number][];
  readonly ante: ((items: readonly string[]) => boolean) | null;
  readonly cons: ((items: readonly string[]) => boolean) | null;
  readonly maxRules: number;
  readonly sortBy: RuleMetric | null;
  readonly ascending: boolean;
  /** How many rules to keep after sorting: the smaller of `top` and `limit` (Infinity = all). */
  readonly keep: number;
}

/** The rules kept and how many passed the thresholds before `top`/`limit` cut them. */
export interface RuleSelection {
  readonly rules: Rule[];
  readonly found: number;
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

function countOption(fn: string, name: string, v: number | undefined, min: number): number {
  if (v === undefined) return Number.POSITIVE_INFINITY;
  if (!(Number.isInteger(v) && v >= min)) throw invalidArgument(fn, name, v, `an integer >= ${min}`);
  return v;
}

/** Validate the rule options once (the public entry calls this before anything else). */
export function compileRuleOptions(fn: string, options: RuleOptions): Compiled {
  const metric = options.metric ?? 'confidence';
  if (!(metric in RULE_METRICS)) throw invalidArgument(fn, 'metric', metric, RULE_METRIC_NAMES.join(' | '));
  const minThreshold = options.minThreshold ?? 0.8;
  if (typeof minThreshold !== 'number' || Number.isNaN(minThreshold))
    throw invalidArgument(fn, 'minThreshold', minThreshold, 'a number');
  const bounds: [Counts, number, number][] = [];
  for (const [k, b] of Object.entries(options.filters ?? {})) {
    if (!(k in RULE_METRICS)) throw invalidArgument(fn, 'filters key', k, RULE_METRIC_NAMES.join(' | '));
    const min = b?.min ?? Number.NEGATIVE_INFINITY;
    const max = b?.max ?? Number.POSITIVE_INFINITY;
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max)
      throw invalidArgument(fn, `filters.${k}`, b, '{ min?: number, max?: number } with min ≤ max');
    bounds.push([RULE_METRICS[k as RuleMetric].fromCounts, min, max]);
  }
  const maxRules = options.maxRules ?? 5_000_000;
  if (!(Number.isInteger(maxRules) && maxRules >= 1))
    throw invalidArgument(fn, 'maxRules', maxRules, 'an integer >= 1');
  const sortBy = options.sortBy === undefined ? metric : options.sortBy;
  if (sortBy !== null && !(sortBy in RULE_METRICS))
    throw invalidArgument(fn, 'sortBy', sortBy, `${RULE_METRIC_NAMES.join(' | ')} or null`);
  const limit = countOption(fn, 'limit', options.limit, 0);
  const top = countOption(fn, 'top', options.top, 1);
  if (sortBy === null && Number.isFinite(top))
    throw invalidArgument(fn, 'top', top, 'a sort key (sortBy must not be null)', 'Drop top, or pass sortBy.');
  return {
    metric,
    minThreshold,
    bounds,
    ante: compileConstraint(fn, 'antecedents', options.antecedents),
    cons: compileConstraint(fn, 'consequents', options.consequents),
    maxRules,
    sortBy,
    ascending: options.ascending ?? false,
    keep: Math.min(limit, top),
  };
}

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

/** A candidate rule before it becomes an object: the sorted items of its itemset, the antecedent bitmask, counts. */
type Visit = (items: readonly string[], mask: number, nAC: number, nA: number, nC: number) => void;

const split = (items: readonly string[], mask: number): [string[], string[]] => {
  const a: string[] = [];
  const c: string[] = [];
  for (let i = 0; i < items.length; i++) (mask & (1 << i) ? a : c).push(items[i]);
  return [a, c];
};

/**
 * The count of every itemset by a key of its item ids (two UTF-16 units per item, in label order): `code` maps a
 * label to its unit pair. Counts are the itemsets' `count`, else `support × transactions` (a hand-made table).
 */
function countIndex(table: ItemsetTable) {
  const n = table.transactions;
  const countOf = (s: ItemsetTable['itemsets'][number]) =>
    typeof s.count === 'number' && Number.isFinite(s.count) ? s.count : s.support * n;
  const labels = [...new Set(table.itemsets.flatMap((s) => s.items))].sort();
  const code = new Map<string, string>(labels.map((l, i) => [l, String.fromCharCode(i >>> 16, i & 0xffff)]));
  const countByKey = new Map<string, number>();
  for (const s of table.itemsets)
    countByKey.set(
      [...s.items].sort().reduce((k, x) => k + code.get(x), ''),
      countOf(s),
    );
  return { code, countByKey, countOf };
}

function withinBounds(bounds: Compiled['bounds'], nAC: number, nA: number, nC: number, n: number): boolean {
  for (const [m, lo, hi] of bounds) {
    const v = m(nAC, nA, nC, n);
    if (!(v >= lo && v <= hi)) return false;
  }
  return true;
}

/**
 * Every rule that passes the thresholds, filters and constraints, in generation order (itemsets in table order; for
 * each, antecedents as subsets in bitmask order), given to `visit` as counts. Subsets are looked up by their key
 * in `countIndex`, so nothing is allocated per subset but that key; the arrays of a rule are built only for
 * constraints and for rules the caller keeps. A kernel over millions of subsets, hence one loop.
 */
function enumerate(fn: string, table: ItemsetTable, c: Compiled, visit: Visit): void {
  const n = table.transactions;
  const { code, countByKey, countOf } = countIndex(table);
  const threshold = RULE_METRICS[c.metric].fromCounts;
  for (const s of table.itemsets) {
    const k = s.items.length;
    if (k < 2) continue;
    if (k > 30)
      throw invalidArgument(fn, 'itemset length', k, 'at most 30 (2^30 rules per itemset)', 'Mine with maxLen.');
    const items = [...s.items].sort();
    const codes = items.map((x) => code.get(x) as string);
    const nAC = countOf(s);
    const full = (1 << k) - 1;
    const lookup = (mask: number) => {
      let key = '';
      for (let i = 0; i < k; i++) if (mask & (1 << i)) key += codes[i];
      return countByKey.get(key);
    };
    // up to 2^16 subsets, look each up once (a rule needs its antecedent's and its consequent's count)
    let sub: Float64Array | null = null;
    if (k <= 16) {
      sub = new Float64Array(full + 1);
      for (let mask = 1; mask < full; mask++) sub[mask] = lookup(mask) ?? Number.NaN;
    }
    for (let mask = 1; mask < full; mask++) {
      if (c.ante || c.cons) {
        const [a, cq] = split(items, mask);
        if ((c.ante && !c.ante(a)) || (c.cons && !c.cons(cq))) continue;
      }
      const nA = sub ? sub[mask] : (lookup(mask) ?? Number.NaN);
      const nC = sub ? sub[full ^ mask] : (lookup(full ^ mask) ?? Number.NaN);
      if (Number.isNaN(nA) || Number.isNaN(nC)) {
        const [a, cq] = split(items, mask);
        throw basketError(
          BASKET_ERROR_CODES.incompleteItemsets,
          `${fn}: the support of [${(Number.isNaN(nA) ? a : cq).join(', ')}], a subset of the frequent itemset [${items.join(', ')}], is missing from the table. Pass the complete table of a miner (output: 'all').`,
          { itemset: items, missing: Number.isNaN(nA) ? a : cq },
        );
      }
      if (threshold(nAC, nA, nC, n) >= c.minThreshold && withinBounds(c.bounds, nAC, nA, nC, n))
        visit(items, mask, nAC, nA, nC);
    }
  }
}

function makeRule(items: readonly string[], mask: number, nAC: number, nA: number, nC: number, n: number): Rule {
  const m = RULE_METRICS;
  const [a, cq] = split(items, mask);
  return {
    antecedents: a,
    consequents: cq,
    antecedentSupport: nA / n,
    consequentSupport: nC / n,
    support: nAC / n,
    confidence: m.confidence.fromCounts(nAC, nA, nC, n),
    lift: m.lift.fromCounts(nAC, nA, nC, n),
    leverage: m.leverage.fromCounts(nAC, nA, nC, n),
    conviction: m.conviction.fromCounts(nAC, nA, nC, n),
    zhangsMetric: m.zhangsMetric.fromCounts(nAC, nA, nC, n),
    jaccard: m.jaccard.fromCounts(nAC, nA, nC, n),
    certainty: m.certainty.fromCounts(nAC, nA, nC, n),
    kulczynski: m.kulczynski.fromCounts(nAC, nA, nC, n),
  };
}

function tooMany(fn: string, maxRules: number) {
  return basketError(
    BASKET_ERROR_CODES.tooManyRules,
    `${fn}: more than maxRules = ${maxRules} rules. Raise minThreshold, add filters or constraints, keep the strongest with top, or raise maxRules.`,
    { maxRules },
  );
}

/**
 * The rules of `associationRules` with the count that passed the thresholds. Without a cut (or with `sortBy: null`)
 * every passing rule is held (at most `maxRules`), sorted, then cut to `limit`. With a sort key and `top` or `limit`,
 * a bounded heap holds the `min(top, limit)` best rules seen so far, so memory is O(kept) however many rules pass;
 * the order is total, so the result equals sorting every rule and cutting.
 */
export function selectRules(fn: string, table: ItemsetTable, options: RuleOptions): RuleSelection {
  const c = compileRuleOptions(fn, options);
  checkTable(fn, table);
  const n = table.transactions;
  if (c.sortBy === null || !Number.isFinite(c.keep)) {
    const rules: Rule[] = [];
    enumerate(fn, table, c, (items, mask, nAC, nA, nC) => {
      if (rules.length >= c.maxRules) throw tooMany(fn, c.maxRules);
      rules.push(makeRule(items, mask, nAC, nA, nC, n));
    });
    const sorted = c.sortBy === null ? rules : sortRules(rules, c.sortBy, c.ascending);
    return { rules: Number.isFinite(c.keep) ? sorted.slice(0, c.keep) : sorted, found: rules.length };
  }
  const key = RULE_METRICS[c.sortBy].fromCounts;
  const sortBy = c.sortBy;
  const dir = c.ascending ? 1 : -1;
  const cmp = ruleOrder(sortBy, c.ascending);
  const heap = new Heap(cmp, c.keep);
  let found = 0;
  enumerate(fn, table, c, (items, mask, nAC, nA, nC) => {
    found++;
    if (found > c.maxRules && c.keep > c.maxRules) throw tooMany(fn, c.maxRules);
    if (c.keep === 0) return;
    const worst = heap.worst();
    if (worst) {
      // reject on the numbers of the order before building the rule: most candidates stop here
      let r =
        dir * cmpNum(key(nAC, nA, nC, n), worst[sortBy]) ||
        -cmpNum(nAC / n, worst.support) ||
        -cmpNum(nAC / nA, worst.confidence) ||
        popcount(mask) - worst.antecedents.length;
      if (r === 0) {
        const [a, cq] = split(items, mask);
        r = cmpLabels(a, worst.antecedents) || cmpLabels(cq, worst.consequents);
      }
      if (r >= 0) return;
    }
    heap.offer(makeRule(items, mask, nAC, nA, nC, n));
  });
  return { rules: heap.sorted(), found };
}

const popcount = (x: number) => {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
};
const cmpNum = (x: number, y: number) => (x === y ? 0 : x < y ? -1 : 1);

/** Labels compared item by item (a list that is a prefix of the other comes first). */
function cmpLabels(p: readonly string[], q: readonly string[]): number {
  const m = Math.min(p.length, q.length);
  for (let i = 0; i < m; i++) if (p[i] !== q[i]) return p[i] < q[i] ? -1 : 1;
  return p.length - q.length;
}

/**
 * The order of the rules, negative when `p` comes first: `key` (descending unless `ascending`), then support
 * (desc), confidence (desc), shorter antecedents, then antecedent labels and consequent labels item by item. Total
 * and deterministic.
 */
function ruleOrder(key: RuleMetric, ascending: boolean): (p: Rule, q: Rule) => number {
  const dir = ascending ? 1 : -1;
  return (p, q) =>
    dir * cmpNum(p[key], q[key]) ||
    -cmpNum(p.support, q.support) ||
    -cmpNum(p.confidence, q.confidence) ||
    p.antecedents.length - q.antecedents.length ||
    cmpLabels(p.antecedents, q.antecedents) ||
    cmpLabels(p.consequents, q.consequents);
}

/** A bounded heap whose root is the rule that sorts last: it keeps the `size` rules that sort first. */
class Heap {
  private readonly items: Rule[] = [];
  constructor(
    private readonly cmp: (p: Rule, q: Rule) => number,
    private readonly size: number,
  ) {}

  /** The rule that sorts last, once the heap is full. */
  worst(): Rule | undefined {
    return this.items.length < this.size ? undefined : this.items[0];
  }

  /** Add `e`, dropping the rule that sorts last when the heap is full and `e` sorts before it. */
  offer(e: Rule): void {
    const h = this.items;
    if (h.length < this.size) {
      h.push(e);
      let i = h.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.cmp(h[i], h[p]) <= 0) break;
        [h[i], h[p]] = [h[p], h[i]];
        i = p;
      }
      return;
    }
    if (this.cmp(e, h[0]) >= 0) return;
    h[0] = e;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.cmp(h[l], h[m]) > 0) m = l;
      if (r < h.length && this.cmp(h[r], h[m]) > 0) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  sorted(): Rule[] {
    return this.items.sort(this.cmp);
  }
}

/**
 * Sort rules in place by `key` (descending unless `ascending`); ties by support (desc), confidence (desc), shorter
 * antecedents, then antecedent and consequent labels, so the order is total and deterministic. O(r log r).
 */
export function sortRules(rules: Rule[], key: RuleMetric, ascending = false): Rule[] {
  return rules.sort(ruleOrder(key, ascending));
}
