import { formatRules, mineRules } from '@retailkit/basket';
import { RetailKitError } from '@retailkit/core';
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
    async () => {
      // On small data a fractional minSupport can mean a count of 1 or 2, and large baskets then explode
      // combinatorially: the miner stops at its budget; raise minSupport and say so instead of failing.
      const input = reference ? cleaned.frame : cleaned.views.basket;
      let minSupport = reference ? 0.03 : 0.01;
      for (let attempt = 0; ; attempt++) {
        try {
          return mineRules(input, { preset: ctx.options.preset, minSupport, timeoutMs: 15_000 });
        } catch (e) {
          if (
            !(e instanceof RetailKitError) ||
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
    (r) =>
      `${fmtInt(r.summary.baskets)} baskets, ${fmtInt(r.summary.items)} items, ${fmtInt(r.summary.itemsets)} itemsets, ${fmtInt(r.summary.rules.length)} rules`,
  );
  for (const w of result.warnings) ctx.print(`  ! ${w}`);
  await ctx.writeJson('rules.json', result.summary);
  await ctx.writeJson('models/recommender.json', result.model);
  ctx.print(formatRules(result.summary, { limit: 10 }));
}
