import { formatRules, mineRules } from '@retailkit/basket';
import { type Context, fmtInt } from '../context.js';
import { cleanStep } from './clean.js';

/**
 * `retailkit basket`: frequent itemsets and association rules on the cleaned `basket` view (default preset)
 * or the original notebook's baskets (`reference`), written to `<out>/rules.json` and the recommender
 * artifact `<out>/models/recommender.json`.
 */
export async function basketCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const reference = ctx.options.preset === 'reference';
  const result = await ctx.step(
    'basket',
    async () => mineRules(reference ? cleaned.frame : cleaned.views.basket, { preset: ctx.options.preset }),
    (r) =>
      `${fmtInt(r.summary.baskets)} baskets, ${fmtInt(r.summary.items)} items, ${fmtInt(r.summary.itemsets)} itemsets, ${fmtInt(r.summary.rules.length)} rules`,
  );
  for (const w of result.warnings) ctx.print(`  ! ${w}`);
  await ctx.writeJson('rules.json', result.summary);
  await ctx.writeJson('models/recommender.json', result.model);
  ctx.print(formatRules(result.summary, { limit: 10 }));
}
