import { type Frame, type ModelArtifact, select } from '@retailkit/core';
import {
  type ElasticityReport,
  fitElasticity,
  type PriceRecommendation,
  type PriceValidation,
  type PricingParams,
  recommendPrices,
  validatePriceChanges,
} from '@retailkit/pricing';

/** The columns of the `modeling` view that pricing reads: all that `run` sends to its pricing worker. */
export const PRICING_COLUMNS = ['stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId'];

/** Largest move from the list price a recommendation may make (±10 %), and the span of the what-if curves. */
export const GUARDRAIL = 0.1;
/** Weeks that must have passed since a product's last list-price change before it is moved again. */
export const MIN_WEEKS_BETWEEN_CHANGES = 8;
/** Products given a what-if curve, and candidate prices per curve (evenly spaced across the guardrails). */
const WHAT_IF_PRODUCTS = 3;
const WHAT_IF_POINTS = 11;

/** One product of `pricing.json`: nulls, never a made-up number, where the product is not identified. */
export interface PricingProductRow {
  stockCode: string;
  description: string | null;
  listPrice: number;
  elasticity: number | null;
  stdError: number | null;
  identified: boolean;
  /** The revenue-maximising price within the guardrails (the list price when the product is flagged). */
  recommendedPrice: number | null;
  /** Expected weekly revenue at the recommended price minus at the list price. */
  expectedRevenueChange: number | null;
}

/** Expected weekly revenue of one product against candidate prices within the guardrails. */
export interface WhatIfCurve {
  stockCode: string;
  description: string | null;
  listPrice: number;
  recommendedPrice: number | null;
  points: { price: number; demand: number; revenue: number; revenueLow: number; revenueHigh: number }[];
}

/** `<out>/pricing.json`. */
export interface PricingJson {
  /** Confidence level of the intervals and its normal quantile. */
  level: number;
  z: number;
  rule: ElasticityReport['rule'];
  counts: ElasticityReport['counts'];
  guardrail: number;
  minWeeksBetweenChanges: number;
  /** Products moved from their list price, and why the others keep it (or have no recommendation). */
  recommendations: { moved: number; flags: Record<string, number> };
  products: PricingProductRow[];
  validation: PriceValidation;
  whatIf: WhatIfCurve[];
}

/** The `modeling` view's pricing columns only (what the pricing fit reads; its fingerprint is of these). */
export function pricingLines(modeling: Frame): Frame {
  return select(modeling, PRICING_COLUMNS);
}

/**
 * Everything the `pricing` command and `run`'s pricing worker write, from the same lines: the elasticity fit
 * (`fitElasticity`, defaults), the held-out price-change validation (`validatePriceChanges`), the recommendations
 * (`recommendPrices` within ±{@link GUARDRAIL}) and what-if curves for the {@link WHAT_IF_PRODUCTS} identified
 * products with the largest expected weekly revenue gain (then the largest weekly revenue). Deterministic: the
 * same lines give the same bytes on any thread.
 */
export function pricingOutputs(lines: Frame): { json: PricingJson; artifact: ModelArtifact<PricingParams> } {
  const { model, report } = fitElasticity(lines);
  const validation = validatePriceChanges(lines);
  const recs = recommendPrices(model, { guardrail: GUARDRAIL, minWeeksBetweenChanges: MIN_WEEKS_BETWEEN_CHANGES });
  const artifact = model.toJSON();
  const flags: Record<string, number> = {};
  for (const r of recs) if (r.flag !== null) flags[r.flag] = (flags[r.flag] ?? 0) + 1;
  const whatIf = whatIfProducts(recs).map((r): WhatIfCurve => {
    const prices = Array.from(
      { length: WHAT_IF_POINTS },
      (_, k) => r.listPrice * (1 - GUARDRAIL + (2 * GUARDRAIL * k) / (WHAT_IF_POINTS - 1)),
    );
    const points = model.predict({ stockCode: r.stockCode, prices }).points.map((p) => ({
      price: p.price,
      demand: p.demand as number,
      revenue: p.revenue as number,
      revenueLow: p.revenueLow as number,
      revenueHigh: p.revenueHigh as number,
    }));
    const { stockCode, description, listPrice, recommendedPrice } = r;
    return { stockCode, description, listPrice, recommendedPrice, points };
  });
  return {
    json: {
      level: artifact.params.level,
      z: artifact.params.z,
      rule: report.rule,
      counts: report.counts,
      guardrail: GUARDRAIL,
      minWeeksBetweenChanges: MIN_WEEKS_BETWEEN_CHANGES,
      recommendations: { moved: recs.filter((r) => r.identified && r.flag === null).length, flags },
      products: recs.map(productRow),
      validation,
      whatIf,
    },
    artifact,
  };
}

function productRow(r: PriceRecommendation): PricingProductRow {
  return {
    stockCode: r.stockCode,
    description: r.description,
    listPrice: r.listPrice,
    elasticity: r.elasticity,
    stdError: r.stdError,
    identified: r.identified,
    recommendedPrice: r.recommendedPrice,
    expectedRevenueChange: r.expectedRevenueChange,
  };
}

/** The identified products with the largest expected revenue gain, then the largest weekly revenue. */
function whatIfProducts(recs: readonly PriceRecommendation[]): PriceRecommendation[] {
  return recs
    .filter((r) => r.identified && r.expectedRevenueChange !== null && r.revenue !== null)
    .sort(
      (a, b) =>
        (b.expectedRevenueChange as number) - (a.expectedRevenueChange as number) ||
        (b.revenue as number) - (a.revenue as number) ||
        (a.stockCode < b.stockCode ? -1 : 1),
    )
    .slice(0, WHAT_IF_PRODUCTS);
}
