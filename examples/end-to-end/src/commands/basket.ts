import { fitRecommender, type RulesReport } from '@retailkit/basket';
import { isRetailKitError } from '@retailkit/core';
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
export async function basketCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const reference = ctx.options.preset === 'reference';
  const timeoutMs = 15_000;
  const { model, report } = await ctx.step(
    'basket',
    async () => {
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
  await ctx.writeJson('rules.json', rulesJson(report));
  await ctx.writeJson('models/recommender.json', model.toJSON());
  ctx.print(formatRules(report, { limit: 10 }));
}

/** What `rules.json` holds: the counts, the rules, and `truncated` when the rules were cut to the strongest. */
export type RulesFile = Pick<RulesReport, 'baskets' | 'items' | 'itemsets' | 'rules'> & {
  /** Present only when rules were cut: how many passed the thresholds and how many are listed. */
  readonly truncated?: { readonly found: number; readonly kept: number };
};

/**
 * `rules.json`: the counts and the rules (the report's run facts — support, basket stats, warnings — are printed),
 * and `truncated: { found, kept }` when more rules passed than were kept.
 */
export function rulesJson(report: RulesReport): RulesFile {
  const out = { baskets: report.baskets, items: report.items, itemsets: report.itemsets, rules: report.rules };
  return report.rulesFound > report.rulesKept
    ? { ...out, truncated: { found: report.rulesFound, kept: report.rulesKept } }
    : out;
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
