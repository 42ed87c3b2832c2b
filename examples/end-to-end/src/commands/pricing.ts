import type { CleanResult } from '@retailkit/cleaning';
import { recordStep, startWorker } from '../background.js';
import { type Context, fmtInt } from '../context.js';
import { type PricingJson, pricingLines, pricingOutputs } from '../pricing-outputs.js';
import type { PricingReply, PricingRequest } from '../pricing-worker.js';
import { frameMover, fromWire } from '../worker-wire.js';
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

/** The pricing of `run`, fitted in a worker thread beside the other analyses (see {@link backgroundPricing}). */
export interface BackgroundPricing {
  /** Send the `modeling` view's pricing columns to the worker. */
  start(cleaned: CleanResult): void;
  /** Wait for the fit, record the step and write `pricing.json` and the artifact. */
  finish(): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * `run`'s pricing step off the main thread: the worker starts at once, so its modules load beside ingest; `start`
 * moves it copies of the six columns of the `modeling` view that pricing reads (not the frames), and the
 * fit runs beside segment and basket. Outputs are byte for byte those of {@link pricingCommand}.
 */
export function backgroundPricing(ctx: Context): BackgroundPricing {
  const worker = startWorker(new URL('../pricing-worker.ts', import.meta.url), { maxYoungGenerationSizeMb: 4 });
  const done = new Promise<Extract<PricingReply, { type: 'done' }>>((resolve, reject) => {
    worker.once('message', (m: PricingReply) => (m.type === 'error' ? reject(fromWire(m.error)) : resolve(m)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the pricing worker stopped (exit code ${code}) before finishing`)));
  });
  done.catch(() => undefined);
  let started = false;
  const cancel = async () => {
    await worker.terminate();
  };
  return {
    start(cleaned) {
      started = true;
      const m = frameMover();
      worker.postMessage({ lines: m.frame(pricingLines(cleaned.views.modeling)) } satisfies PricingRequest, m.transfer);
    },
    async finish() {
      try {
        if (!started) throw new Error('backgroundPricing: finish() before start()');
        const r = await done;
        recordStep(ctx, 'pricing', r, pricingDetail(r.json), 'segment and basket');
        await ctx.writeJson('pricing.json', r.json);
        await ctx.writeJson('models/pricing.json', r.artifact);
      } finally {
        await cancel();
      }
    },
    cancel,
  };
}

/** The step's summary line: identified products, significant elasticities, price moves. */
function pricingDetail(json: PricingJson): string {
  const c = json.counts;
  return `${fmtInt(c.identified)} of ${fmtInt(c.products)} products identified (${fmtInt(c.significantlyNegative)} significantly < 0), ${fmtInt(json.recommendations.moved)} price moves`;
}
