import { createRng, isoDayOfWeek, type Rng } from '@retailkit/core';
import { BUNDLES, type Product } from './catalog.js';

/** Products whose list price the generator moves (fewer when the catalogue has fewer candidates). */
export const PRICE_PLANTED = 12;

/** A planted list-price path with its demand response. */
export interface PricePlan {
  /** Elasticity of demand to the list price (weekly quantity ∝ price^elasticity). */
  readonly elasticity: number;
  /** Trading-day indices at which the list price changes, ascending. */
  readonly changeDays: readonly number[];
  /** List-price multiplier before the first change, then after each change. */
  readonly multipliers: readonly number[];
}

/**
 * Choose the planted products and their price paths, from the catalogue and a random stream of their own (so the
 * other products' lines stay the same): the most popular products (five-digit codes only, no colour variants, no
 * bundle member); 7 changes, each on the first trading day of the week nearest every eighth of the trading days
 * (so a week has one list price); multipliers that alternate up and down by 0.3–0.5 in log terms around the
 * catalogue price; elasticity uniform in [−2.4, −0.6].
 */
export function planPrices(catalog: readonly Product[], days: readonly number[], seed: number): Map<number, PricePlan> {
  const nDays = days.length;
  const weekStart = (d: number): number => {
    let i = Math.max(1, Math.min(nDays - 1, d));
    while (i < nDays - 1 && isoDayOfWeek(days[i]) >= isoDayOfWeek(days[i - 1])) i++;
    return i;
  };
  const rng: Rng = createRng((seed ^ 0x21c0ffee) >>> 0);
  const bundled = new Set(BUNDLES.flatMap((b) => b.codes));
  const candidates = catalog
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.weight > 0 && /^\d{5}$/.test(p.code) && !bundled.has(p.code))
    .sort((a, b) => b.p.weight - a.p.weight || a.i - b.i);
  const plans = new Map<number, PricePlan>();
  for (let r = 0; r < candidates.length && plans.size < PRICE_PLANTED; r++) {
    const elasticity = Math.round(-(0.6 + 1.8 * rng.next()) * 100) / 100;
    const changeDays = [1, 2, 3, 4, 5, 6, 7].map((f) =>
      weekStart(Math.floor((f / 8 + 0.04 * (rng.next() - 0.5)) * nDays)),
    );
    const start = rng.next() < 0.5 ? 1 : -1;
    const multipliers = [1];
    for (let c = 0; c < changeDays.length; c++) {
      const dir = c % 2 === 0 ? start : -start;
      multipliers.push(Math.exp(dir * (0.3 + 0.2 * rng.next())));
    }
    plans.set(candidates[r].i, { elasticity, changeDays, multipliers });
  }
  return plans;
}

/** The multiplier of a plan on a trading day. */
export function multiplierOn(plan: PricePlan, day: number): number {
  let m = plan.multipliers[0];
  for (let c = 0; c < plan.changeDays.length; c++) if (day >= plan.changeDays[c]) m = plan.multipliers[c + 1];
  return m;
}

/**
 * The demand factor of a line on `day`: (m / m_mid)^elasticity, m_mid the geometric mean of the lowest and highest
 * multipliers, so weekly demand is ∝ price^elasticity and the factor stays within e^{±1.2}.
 */
export function demandFactor(plan: PricePlan, day: number): number {
  const mid = Math.sqrt(Math.min(...plan.multipliers) * Math.max(...plan.multipliers));
  return (multiplierOn(plan, day) / mid) ** plan.elasticity;
}

/**
 * A planted product's line quantity on `day`: (4, 5 or 6) × the demand factor with unbiased random rounding, at
 * least 1, all from the plans' own stream (the main stream's draw for the line is made and discarded, so it stays
 * aligned). Quantities stay below 21, inside the cleaning rules' quantity fence of the seeds.
 */
export function plannedQuantity(plan: PricePlan, day: number, rng: Rng): number {
  const x = (4 + rng.int(3)) * demandFactor(plan, day);
  const f = Math.floor(x);
  return Math.max(1, f + (rng.next() < x - f ? 1 : 0));
}
