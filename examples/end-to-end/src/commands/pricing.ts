import { type BackgroundStep, backgroundStep } from '../background.js';
import { type Context, fmtInt } from '../context.js';
import { type PricingJson, pricingLines, pricingOutputs } from '../pricing-outputs.js';
import type { PricingDone, PricingRequest } from '../pricing-worker.js';
import { frameMover } from '../worker-wire.js';
import { cleanStep } from './clean.js';

/** The files the pricing step writes into `--out`. */
export const PRICING_OUTPUTS = ['pricing.json', 'models/pricing.json'];

/**
 * `retailkit pricing`: own-price elasticity per product from the cleaned `modeling` view, validated on held-out
 * list-price changes, with guarded price recommendations (see `../pricing-outputs.ts`). Writes `<out>/pricing.json`
 * — `{ products: [{ stockCode, description, listPrice, elasticity, stdError, identified, recommendedPrice,
 * expectedRevenueChange }], validation, … }`, nulls where a product is not identified — and the artifact
 * `<out>/models/pricing.json` (kind `pricing.model`) that `serve` loads.
 */
export async function pricingCommand(ctx: Context): Promise<void> {
  const cleaned = await cleanStep(ctx);
  const { json, artifact } = await ctx.step(
    'pricing',
    async () => pricingOutputs(pricingLines(cleaned.views.modeling)),
    (r) => pricingDetail(r.json),
  );
  await ctx.writeJson('pricing.json', json);
  await ctx.writeJson('models/pricing.json', artifact);
}

/**
 * The pricing of `run` in a worker thread beside the other analyses: it is moved copies of the six columns of the
 * `modeling` view that pricing reads (not the frames). Outputs are byte for byte those of {@link pricingCommand}.
 */
export function backgroundPricing(ctx: Context): BackgroundStep {
  return backgroundStep<PricingDone>(ctx, {
    module: new URL('../pricing-worker.ts', import.meta.url),
    step: 'pricing',
    request: (cleaned) => {
      const m = frameMover();
      return {
        message: { lines: m.frame(pricingLines(cleaned.views.modeling)) } satisfies PricingRequest,
        transfer: m.transfer,
      };
    },
    detail: (r) => pricingDetail(r.json),
    write: async (r) => {
      await ctx.writeJson('pricing.json', r.json);
      await ctx.writeJson('models/pricing.json', r.artifact);
    },
  });
}

/** The step's summary line: identified products, significant elasticities, price moves. */
function pricingDetail(json: PricingJson): string {
  const c = json.counts;
  return `${fmtInt(c.identified)} of ${fmtInt(c.products)} products identified (${fmtInt(c.significantlyNegative)} significantly < 0), ${fmtInt(json.recommendations.moved)} price moves`;
}
