import { arr, esc, num, pct, table } from './format.js';

/** The fields of a rule the report reads (`rules.json` rows). */
export interface ReportRule {
  antecedents: string[];
  consequents: string[];
  support: number;
  confidence: number;
  lift: number;
}

/**
 * Keep one rule per product set (antecedents ∪ consequents), in its strongest direction: the highest lift, then
 * confidence, then support, then the antecedents' text; the result is sorted by lift, then confidence, then
 * support. A 4-item set mined as 14 rules is shown once. O(r log r).
 *
 * @example
 * pruneRules([{ antecedents: ['A'], consequents: ['B'], support: 0.1, confidence: 0.5, lift: 2 },
 *   { antecedents: ['B'], consequents: ['A'], support: 0.1, confidence: 0.8, lift: 2 }])
 * // [{ antecedents: ['B'], consequents: ['A'], … }]
 */
export function pruneRules(rules: readonly ReportRule[]): ReportRule[] {
  const text = (r: ReportRule) => r.antecedents.join('\u0000');
  const stronger = (a: ReportRule, b: ReportRule) =>
    b.lift - a.lift || b.confidence - a.confidence || b.support - a.support || (text(a) < text(b) ? -1 : 1);
  const best = new Map<string, ReportRule>();
  for (const r of rules) {
    const key = [...r.antecedents, ...r.consequents].sort().join('\u0000');
    const kept = best.get(key);
    if (!kept || stronger(r, kept) < 0) best.set(key, r);
  }
  return [...best.values()].sort(stronger);
}

/**
 * The rules to show: in the given order (strongest first), the first `top` whose products appear in no rule already
 * chosen, so that a family of products mined as dozens of sets (six herb markers) takes one or two rows, a set is
 * never shown beside its own subset, and the table shows `top` different cross-sell opportunities. O(top × r).
 *
 * @example
 * diverseRules([abc, ab, de, ad, fg], 3) // [abc, de, fg]: ab and ad repeat a product already shown
 */
export function diverseRules(rules: readonly ReportRule[], top: number): ReportRule[] {
  const chosen: ReportRule[] = [];
  const sets: Set<string>[] = [];
  for (const r of rules) {
    if (chosen.length >= top) break;
    const items = [...r.antecedents, ...r.consequents];
    if (sets.some((set) => items.some((i) => set.has(i)))) continue;
    chosen.push(r);
    sets.push(new Set(items));
  }
  return chosen;
}

/** Rules of `rules.json` as numbers (lift and confidence may be written as strings such as "Infinity"). */
function readRules(v: unknown): ReportRule[] {
  return arr(v)
    .filter((r) => Array.isArray(r.antecedents) && Array.isArray(r.consequents))
    .map((r) => ({
      antecedents: (r.antecedents as unknown[]).map(String),
      consequents: (r.consequents as unknown[]).map(String),
      support: Number(r.support),
      confidence: Number(r.confidence),
      lift: Number(r.lift),
    }));
}

/** Section 3, "What sells together": rules named by description, one per product set, and cross-sell examples. */
export function basketsSection(r: Record<string, unknown>, options: { top?: number } = {}): string {
  const descriptions = (r.descriptions ?? {}) as Record<string, string>;
  const name = (item: string) => descriptions[item] ?? item;
  const names = (items: string[]) =>
    items.map((i) => `<span class="product" title="stock code ${esc(i)}">${esc(name(i))}</span>`).join(' + ');
  const all = readRules(r.rules);
  const pruned = pruneRules(all);
  const shown = diverseRules(pruned, options.top ?? 15);
  const truncated = (r.truncated ?? undefined) as Record<string, unknown> | undefined;
  const examples = arr(r.examples);
  return `<section id="what-sells-together" aria-labelledby="h-sells"><h2 id="h-sells">What sells together?</h2>
<p class="lead">${num(r.baskets)} baskets of at least two products; ${num(all.length)} association rules${
    truncated ? ` (the strongest ${num(truncated.kept)} of ${num(truncated.found)})` : ''
  }, ${num(pruned.length)} distinct product sets once each is shown in its strongest direction. Sorted by lift: how many
times more often the products are bought together than if they were unrelated.</p>
${
  shown.length
    ? table(
        'Products bought together (strongest first; each product in one row only)',
        ['when a basket holds', 'it often also holds', 'baskets with all', 'confidence', 'lift'],
        shown.map((x) => [
          { html: names(x.antecedents) },
          { html: names(x.consequents) },
          pct(x.support),
          pct(x.confidence),
          x.lift.toFixed(1),
        ]),
        { numeric: [2, 3, 4] },
      )
    : '<p>No rule passed the thresholds on this data.</p>'
}
${
  examples.length
    ? `<h3>Cross-sell suggestions for real baskets</h3>
<p class="note">Recent baskets from the data and what the recommender (the same rules) would suggest adding.</p>
<ul class="examples">${examples
        .map((e) => {
          const recs = arr(e.recommendations);
          return `<li><span class="basket">Basket ${esc(e.invoiceNo)}: ${names((e.cart as string[]) ?? [])}</span>
<span class="suggest">→ suggest ${recs
            .map(
              (x) =>
                `<b>${esc(name(String(x.item)))}</b> (confidence ${pct(x.confidence)}, lift ${Number(x.lift).toFixed(1)})`,
            )
            .join(', ')}</span></li>`;
        })
        .join('\n')}</ul>`
    : ''
}
</section>`;
}
