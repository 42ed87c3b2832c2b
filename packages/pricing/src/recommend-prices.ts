import { invalidArgument, MS_PER_DAY, parseIsoDate } from '@retailkit/core';
import { type PricingModel, type PricingProduct, pricePoint } from './pricing-model.js';

/** Options of {@link recommendPrices}. */
export interface RecommendOptions {
  /** Largest move from the current list price, as a fraction. Default 0.1 (±10 %). */
  readonly guardrail?: number;
  /** Weeks that must have passed since the last list-price change. Default 8. */
  readonly minWeeksBetweenChanges?: number;
  /** Unit cost as a fraction of the current list price; when given, the margin-maximising price is computed too. */
  readonly costRatio?: number;
}

/** Why a product keeps its price (or has no recommendation). */
export type RecommendFlag = 'not-identified' | 'not-significantly-negative' | 'recent-change';

/** One product's recommendation. */
export interface PriceRecommendation {
  readonly stockCode: string;
  readonly description: string | null;
  readonly listPrice: number;
  readonly identified: boolean;
  readonly elasticity: number | null;
  readonly stdError: number | null;
  /** The revenue-maximising price within the guardrails; null when not identified. */
  readonly recommendedPrice: number | null;
  /** The margin-maximising price within the guardrails (with `costRatio`); null otherwise. */
  readonly marginPrice: number | null;
  /** Expected weekly demand and revenue at the recommended price, with intervals from the elasticity's SE. */
  readonly demand: number | null;
  readonly demandLow: number | null;
  readonly demandHigh: number | null;
  readonly revenue: number | null;
  /** Expected weekly revenue at the recommended price minus at the list price, with its interval. */
  readonly expectedRevenueChange: number | null;
  readonly revenueChangeLow: number | null;
  readonly revenueChangeHigh: number | null;
  /** Set when the price is kept (or not given): the reason. */
  readonly flag: RecommendFlag | null;
}

/**
 * Price recommendations from a fitted pricing model. With constant elasticity β, weekly revenue p·q₀(p/p₀)^β grows
 * with p when β > −1 and falls when β < −1, so the revenue-maximising price is the guardrail `p₀(1 ± guardrail)`
 * on that side (p₀ at β = −1). With a unit cost c = `costRatio`·p₀, margin (p − c)·q is maximised at
 * p* = c·β/(1 + β) for β < −1 (the Lerner rule), else at the upper guardrail; p* is clipped to the guardrails.
 * A product whose interval β + z·se is not below zero is flagged `not-significantly-negative` and keeps p₀ (never
 * pushed to a guardrail); one changed less than `minWeeksBetweenChanges` (8) weeks before the model's last week is
 * flagged `recent-change` and keeps p₀; unidentified products get nulls. Demand and revenue intervals come from
 * the elasticity's SE: q₀·exp(β·r ± z·se·|r|). O(products).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a guardrail outside (0, 1), a negative week count or a cost ratio
 *   outside [0, 1).
 * @example
 * recommendPrices(fitElasticity(lines).model, { costRatio: 0.6 })[0]
 * // { stockCode, listPrice, recommendedPrice, marginPrice, expectedRevenueChange, flag, … }
 */
export function recommendPrices(model: PricingModel, options: RecommendOptions = {}): PriceRecommendation[] {
  const fn = 'recommendPrices';
  const guardrail = options.guardrail ?? 0.1;
  const minWeeks = options.minWeeksBetweenChanges ?? 8;
  const costRatio = options.costRatio;
  if (!(guardrail > 0 && guardrail < 1)) throw invalidArgument(fn, 'guardrail', guardrail, 'a fraction in (0, 1)');
  if (!(Number.isInteger(minWeeks) && minWeeks >= 0))
    throw invalidArgument(fn, 'minWeeksBetweenChanges', minWeeks, 'an integer ≥ 0');
  if (costRatio !== undefined && !(costRatio >= 0 && costRatio < 1))
    throw invalidArgument(fn, 'costRatio', costRatio, 'a fraction in [0, 1)');
  const params = model.toJSON().params;
  const last = parseIsoDate(params.lastWeek);
  return params.products.map((p) => recommendOne(p, { guardrail, minWeeks, costRatio, last, z: params.z }));
}

function recommendOne(
  p: PricingProduct,
  o: { guardrail: number; minWeeks: number; costRatio: number | undefined; last: number; z: number },
): PriceRecommendation {
  const base = {
    stockCode: p.stockCode,
    description: p.description,
    listPrice: p.listPrice,
    identified: p.identified,
    elasticity: p.elasticity,
    stdError: p.stdError,
  };
  if (!p.identified || p.elasticity === null || p.stdError === null)
    return {
      ...base,
      recommendedPrice: null,
      marginPrice: null,
      demand: null,
      demandLow: null,
      demandHigh: null,
      revenue: null,
      expectedRevenueChange: null,
      revenueChangeLow: null,
      revenueChangeHigh: null,
      flag: 'not-identified',
    };
  const e = p.elasticity;
  const p0 = p.listPrice;
  // whole cents inside the guardrails
  const lo = Math.ceil(p0 * (1 - o.guardrail) * 100 - 1e-9) / 100;
  const hi = Math.floor(p0 * (1 + o.guardrail) * 100 + 1e-9) / 100;
  const weeksSince =
    p.lastChange === null ? Number.POSITIVE_INFINITY : (o.last - parseIsoDate(p.lastChange)) / (7 * MS_PER_DAY);
  let flag: RecommendFlag | null = null;
  if (e + o.z * p.stdError >= 0) flag = 'not-significantly-negative';
  else if (weeksSince < o.minWeeks) flag = 'recent-change';
  const round = (x: number) => Math.round(x * 100) / 100;
  let price = p0;
  let margin: number | null = null;
  if (flag === null) {
    price = e < -1 ? lo : e > -1 ? hi : p0;
    if (o.costRatio !== undefined) {
      const star = e < -1 ? (o.costRatio * p0 * e) / (1 + e) : hi;
      margin = Math.min(hi, Math.max(lo, round(star)));
    }
  } else if (o.costRatio !== undefined) margin = p0;
  const at = pricePoint(p, price, e, p.stdError, o.z);
  const now = p.baseDemand * p0;
  return {
    ...base,
    recommendedPrice: price,
    marginPrice: margin,
    demand: at.demand,
    demandLow: at.demandLow,
    demandHigh: at.demandHigh,
    revenue: at.revenue,
    expectedRevenueChange: (at.revenue as number) - now,
    revenueChangeLow: Math.min(at.revenueLow as number, at.revenueHigh as number) - now,
    revenueChangeHigh: Math.max(at.revenueLow as number, at.revenueHigh as number) - now,
    flag,
  };
}
