import { fitRecommender, type Recommender, type RulesReport } from '@retailkit/basket';
import type { FitResult } from '@retailkit/core';
import { type Frame, isRetailKitError, strings } from '@retailkit/core';
import { type Context, fmtInt } from '../context.js';
import { fitReferenceRecommender, REFERENCE_MIN_SUPPORT } from '../reference/basket.js';
import { cleanStep } from './clean.js';

/**
 * The most rules the default preset keeps: the strongest by lift. A small file can have millions of rules (615
 * baskets of an Online Retail II extract give 2.3 million); held as objects and written as JSON they exhaust the
 * heap, so the run keeps these, says so in a warning and in `rules.json` (`truncated`).
 */
export const RULES_CAP = 100_000;

/**
 * `retailkit basket`: frequent itemsets and association rules on cleaning's `basket` view (default preset: the
 * view as it is, stock codes as items, `fitRecommender`'s defaults) or the original notebook's baskets
 * (`reference`, see `../reference/basket.ts`), written to `<out>/rules.json` (the counts and the rules of the
 * report) and the recommender artifact `<out>/models/recommender.json`.
 */
export async function basketCommand(
  ctx: Context,
  opts: { warehouse?: () => Promise<BasketSource> } = {},
): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const reference = ctx.options.preset === 'reference';
  const timeoutMs = 15_000;
  let source: BasketSource | undefined;
  const { model, report } = await ctx.step(
    'basket',
    async () => {
      // run --engine warehouse: itemsets counted in the engine, rules and model here
      if (opts.warehouse) return (source = await opts.warehouse()).fit(0.01);
      // On small data a fractional minSupport can mean a count of 1 or 2, and large baskets then explode
      // combinatorially: the miner stops at its budget; raise minSupport and say so instead of failing.
      let minSupport = reference ? REFERENCE_MIN_SUPPORT : 0.01;
      for (let attempt = 0; ; attempt++) {
        try {
          return reference
            ? fitReferenceRecommender(cleaned.frame, { minSupport, timeoutMs, top: RULES_CAP })
            : fitRecommender(cleaned.views.basket, { minSupport, timeoutMs, top: RULES_CAP });
        } catch (e) {
          if (
            !isRetailKitError(e) ||
            !['BASKET_BUDGET_EXCEEDED', 'BASKET_TOO_MANY_RULES'].includes(e.code) ||
            attempt >= 5
          )
            throw e;
          ctx.print(
            `  ! basket: minSupport ${minSupport} gives too many itemsets or rules on this data; retrying with ${minSupport * 2}`,
          );
          minSupport *= 2;
        }
      }
    },
    ({ report: r }) =>
      `${fmtInt(r.baskets)} baskets, ${fmtInt(r.items)} items, ${fmtInt(r.itemsets)} itemsets, ${fmtInt(r.rules.length)} rules${r.rulesFound > r.rulesKept ? ` (of ${fmtInt(r.rulesFound)} found)` : ''}`,
  );
  for (const w of report.warnings) ctx.print(`  ! ${w}`);
  // the default preset's items are stock codes: the report names them by description and shows real baskets'
  // recommendations; the reference preset's items are already descriptions
  const lines = reference ? cleaned.frame : cleaned.views.basket;
  const item = reference ? 'description' : 'stockCode';
  const examples = source ? await source.examples(model) : crossSellExamples(lines, model, { item });
  const labels = new Set<string>();
  for (const r of report.rules) for (const x of [...r.antecedents, ...r.consequents]) labels.add(x);
  for (const e of examples) for (const x of [...e.cart, ...e.recommendations.map((r) => r.item)]) labels.add(x);
  const descriptions = reference ? {} : source ? await source.descriptions(labels) : itemDescriptions(lines, labels);
  await ctx.writeJson('rules.json', rulesJson(report, { descriptions, examples }));
  await ctx.writeJson('models/recommender.json', model.toJSON());
  ctx.print(formatRules(report, { limit: 10 }));
}

/**
 * Where the basket step's rules, examples and descriptions come from when the lines are not in memory (`run
 * --engine warehouse`: `warehouseBasketSource`); each gives what the in-memory functions give on the same lines.
 */
export interface BasketSource {
  /** The default preset's fit (`fitRecommender`'s defaults, `top` {@link RULES_CAP}) at this minimum support. */
  fit(minSupport: number): Promise<FitResult<Recommender, RulesReport>>;
  /** As {@link crossSellExamples} on the lines. */
  examples(model: Pick<Recommender, 'recommend'>): Promise<CrossSellExample[]>;
  /** As {@link itemDescriptions} on the lines. */
  descriptions(wanted: ReadonlySet<string>): Promise<Record<string, string>>;
}

/** A real basket and what the recommender proposes to add to it. */
export interface CrossSellExample {
  /** The invoice the basket comes from. */
  readonly invoiceNo: string;
  /** Its distinct items (the recommender's item labels), sorted. */
  readonly cart: readonly string[];
  /** Items not in the basket, best first, with the best supporting rule's metrics. */
  readonly recommendations: readonly { item: string; confidence: number; lift: number; support: number }[];
}

/** What `rules.json` holds: the counts, the rules, and `truncated` when the rules were cut to the strongest. */
export type RulesFile = Pick<RulesReport, 'baskets' | 'items' | 'itemsets' | 'rules'> & {
  /** Present only when rules were cut: how many passed the thresholds and how many are listed. */
  readonly truncated?: { readonly found: number; readonly kept: number };
  /** Item label → product description, for every item of the rules and examples (stock-code items only). */
  readonly descriptions?: Readonly<Record<string, string>>;
  /** A few real baskets with the recommender's cross-sell proposals (`crossSellExamples`). */
  readonly examples?: readonly CrossSellExample[];
};

/**
 * `rules.json`: the counts and the rules (the report's run facts — support, basket stats, warnings — are printed),
 * `truncated: { found, kept }` when more rules passed than were kept, and the `descriptions` and `examples` given.
 */
export function rulesJson(report: RulesReport, extras: Pick<RulesFile, 'descriptions' | 'examples'> = {}): RulesFile {
  const out = { baskets: report.baskets, items: report.items, itemsets: report.itemsets, rules: report.rules };
  return {
    ...out,
    ...(report.rulesFound > report.rulesKept
      ? { truncated: { found: report.rulesFound, kept: report.rulesKept } }
      : {}),
    ...extras,
  };
}

/**
 * Up to `count` (default 4) real baskets of `frame` with the recommender's proposals: invoices are visited from the
 * last in row order (the most recent in a file sorted by date) backwards; a basket of 2 to `maxCart` (default 8) distinct items qualifies when the recommender
 * proposes at least one item for it and its first proposal differs from those of the baskets already chosen (so the
 * examples show different products). Up to 3 proposals per basket. Deterministic; O(rows + visited baskets × rules
 * that can fire).
 */
export function crossSellExamples(
  frame: Frame,
  model: Pick<Recommender, 'recommend'>,
  options: { item?: string; count?: number; maxCart?: number } = {},
): CrossSellExample[] {
  const invoices = strings(frame, 'invoiceNo');
  const items = strings(frame, options.item ?? 'stockCode');
  const byInvoice = new Map<number, Set<string>>();
  for (let i = 0; i < frame.length; i++) {
    const inv = invoices.codes[i];
    const it = items.codes[i];
    if (inv < 0 || it < 0) continue;
    let set = byInvoice.get(inv);
    if (!set) byInvoice.set(inv, (set = new Set()));
    set.add(items.values[it]);
  }
  const chooser = exampleChooser(model, options);
  for (const [inv, set] of [...byInvoice].reverse()) if (chooser.offer(invoices.values[inv], set)) break;
  return chooser.examples;
}

/**
 * {@link crossSellExamples}' choice, fed one basket at a time from the last invoice backwards: `offer` returns true
 * once `count` examples are chosen. Shared by the in-memory and the warehouse paths.
 */
export function exampleChooser(
  model: Pick<Recommender, 'recommend'>,
  options: { count?: number; maxCart?: number } = {},
): { offer(invoiceNo: string, items: ReadonlySet<string>): boolean; readonly examples: CrossSellExample[] } {
  const count = options.count ?? 4;
  const maxCart = options.maxCart ?? 8;
  const examples: CrossSellExample[] = [];
  const firsts = new Set<string>();
  return {
    examples,
    offer(invoiceNo, set) {
      if (examples.length >= count) return true;
      if (set.size < 2 || set.size > maxCart) return false;
      const cart = [...set].sort();
      const recs = model.recommend(cart, { k: 3 });
      if (recs.length === 0 || firsts.has(recs[0].item)) return false;
      firsts.add(recs[0].item);
      examples.push({
        invoiceNo,
        cart,
        recommendations: recs.map((r) => ({
          item: r.item,
          confidence: r.confidence,
          lift: r.lift,
          support: r.support,
        })),
      });
      return examples.length >= count;
    },
  };
}

/** The description of each wanted stock code in `frame` (its first non-missing one; cleaning unified them). */
export function itemDescriptions(frame: Frame, wanted: ReadonlySet<string>): Record<string, string> {
  const codes = strings(frame, 'stockCode');
  const desc = frame.columns.description?.type === 'string' ? frame.columns.description : undefined;
  const out = new Map<string, string>();
  if (desc)
    for (let i = 0; i < frame.length; i++) {
      const c = codes.codes[i];
      const d = desc.codes[i];
      if (c < 0 || d < 0) continue;
      const code = codes.values[c];
      if (wanted.has(code) && !out.has(code)) out.set(code, desc.values[d]);
    }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A readable summary of the rules for the terminal: one header line with the counts, then the first `limit` rules
 * (default 10) as `antecedents → consequents` with support, confidence and lift; item lists longer than `width`
 * characters (default 60) are cut with an ellipsis.
 */
export function formatRules(
  report: Pick<RulesReport, 'baskets' | 'items' | 'itemsets' | 'rules'>,
  options: { limit?: number; width?: number } = {},
): string {
  const limit = options.limit ?? 10;
  const width = options.width ?? 60;
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const fixed = (v: number | string, digits: number) => (typeof v === 'number' ? v.toFixed(digits) : v);
  const lines = [
    `${report.baskets} baskets, ${report.items} items, ${report.itemsets} frequent itemsets, ${report.rules.length} rules`,
  ];
  const shown = report.rules.slice(0, limit);
  if (shown.length === 0) return lines[0];
  const left = shown.map((r) => cut(`${r.antecedents.join(' + ')} → ${r.consequents.join(' + ')}`));
  const w = Math.max(4, ...left.map((s) => s.length));
  lines.push(`${'rule'.padEnd(w)}  support  confidence    lift`);
  shown.forEach((r, i) => {
    lines.push(
      `${left[i].padEnd(w)}  ${fixed(r.support, 4).padStart(7)}  ${fixed(r.confidence, 4).padStart(10)}  ${fixed(r.lift, 2).padStart(6)}`,
    );
  });
  if (report.rules.length > limit) lines.push(`… ${report.rules.length - limit} more`);
  return lines.join('\n');
}
