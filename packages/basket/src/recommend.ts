import { invalidArgument } from '@retailkit/core';

/** The fields of a rule that recommendations use (a full `Rule` fits). */
export interface RecommendRule {
  readonly antecedents: readonly string[];
  readonly consequents: readonly string[];
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
}

/** Options of {@link recommend}. */
export interface RecommendOptions {
  /** Number of items to return (default 5). */
  readonly k?: number;
  /** Ranking metric (default `'confidence'`); the other one breaks ties, then support, then the item label. */
  readonly by?: 'confidence' | 'lift';
  /** Supporting rules listed per item, best first (default 3). */
  readonly maxRulesPerItem?: number;
}

/** One recommended item with the rules that support it. */
export interface Recommendation {
  readonly item: string;
  /** The best `by` value among the rules that recommend the item. */
  readonly score: number;
  /** Confidence, lift and support of the best rule. */
  readonly confidence: number;
  readonly lift: number;
  readonly support: number;
  readonly rules: readonly RecommendRule[];
}

/**
 * Items to add to a cart, from association rules: every rule whose antecedents are all in the cart proposes each
 * of its consequents that is not in the cart; an item's score is the best `by` value (confidence or lift) among
 * its rules (max aggregation, as arules' `predict`). Ranked by score, then the other metric, then support, then
 * label; the first `k` are returned with up to `maxRulesPerItem` supporting rules each.
 *
 * Complexity O(rules × antecedent length); use `createRecommender` to index the rules once.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a cart that is not an array of strings or a bad option.
 * @example
 * const rules = [{ antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }];
 * recommend(['tea'], rules, { k: 1 }).map((r) => [r.item, r.score]) // [['cups', 0.8]]
 */
export function recommend(
  cart: readonly string[],
  rules: readonly RecommendRule[],
  options: RecommendOptions = {},
): Recommendation[] {
  const o = checkRecommend('recommend', cart, options);
  if (!Array.isArray(rules)) throw invalidArgument('recommend', 'rules', rules, 'an array of rules');
  return rank(new Set(cart), rules, o);
}

/** Validated options. */
export interface ResolvedRecommend {
  readonly k: number;
  readonly by: 'confidence' | 'lift';
  readonly maxRulesPerItem: number;
}

/** Validate a cart and options once. */
export function checkRecommend(fn: string, cart: unknown, options: RecommendOptions): ResolvedRecommend {
  if (!Array.isArray(cart) || cart.some((x) => typeof x !== 'string'))
    throw invalidArgument(fn, 'cart', cart, 'an array of item labels (strings)');
  const k = options.k ?? 5;
  if (!(Number.isInteger(k) && k >= 1)) throw invalidArgument(fn, 'k', k, 'an integer >= 1');
  const by = options.by ?? 'confidence';
  if (by !== 'confidence' && by !== 'lift') throw invalidArgument(fn, 'by', by, "'confidence' or 'lift'");
  const maxRulesPerItem = options.maxRulesPerItem ?? 3;
  if (!(Number.isInteger(maxRulesPerItem) && maxRulesPerItem >= 0))
    throw invalidArgument(fn, 'maxRulesPerItem', maxRulesPerItem, 'an integer >= 0');
  return { k, by, maxRulesPerItem };
}

/** Rank the consequents of the rules that fire on `cart`. */
export function rank(
  cart: ReadonlySet<string>,
  rules: Iterable<RecommendRule>,
  o: ResolvedRecommend,
): Recommendation[] {
  const other = o.by === 'confidence' ? 'lift' : 'confidence';
  const better = (p: RecommendRule, q: RecommendRule) =>
    p[o.by] - q[o.by] || p[other] - q[other] || p.support - q.support;
  const byItem = new Map<string, RecommendRule[]>();
  for (const r of rules) {
    if (!r.antecedents.every((a) => cart.has(a))) continue;
    for (const c of r.consequents) {
      if (cart.has(c)) continue;
      let list = byItem.get(c);
      if (!list) byItem.set(c, (list = []));
      list.push(r);
    }
  }
  const out: Recommendation[] = [];
  for (const [item, list] of byItem) {
    list.sort((p, q) => better(q, p));
    const best = list[0];
    out.push({
      item,
      score: best[o.by],
      confidence: best.confidence,
      lift: best.lift,
      support: best.support,
      rules: list.slice(0, o.maxRulesPerItem).map((r) => ({
        antecedents: [...r.antecedents],
        consequents: [...r.consequents],
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
      })),
    });
  }
  out.sort(
    (p, q) =>
      q.score - p.score ||
      q[other] - p[other] ||
      q.support - p.support ||
      (p.item < q.item ? -1 : p.item > q.item ? 1 : 0),
  );
  return out.slice(0, o.k);
}
