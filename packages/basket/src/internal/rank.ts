import { invalidArgument } from '@retailkit/core';
import type { Recommendation, RecommendRule } from '../recommender.js';

/** Validated ranking options. */
export interface ResolvedRecommend {
  readonly k: number;
  readonly by: 'confidence' | 'lift';
  readonly maxRulesPerItem: number;
}

/** Validate a cart and the ranking options once (defaults: k 5, by confidence, 3 rules per item). */
export function checkRecommend(
  fn: string,
  cart: unknown,
  options: { readonly k?: number; readonly by?: string; readonly maxRulesPerItem?: number },
): ResolvedRecommend {
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

/**
 * Items to add to a cart: every rule whose antecedents are all in the cart proposes each of its consequents that
 * is not in the cart; an item's score is the best `by` value (confidence or lift) among its rules (max
 * aggregation, as arules' `predict`). Ranked by score, then the other metric, then support, then label; the first
 * `k` are returned with up to `maxRulesPerItem` supporting rules each. O(rules × antecedent length).
 */
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
