import { type FitResult, type Frame, fingerprint, invalidArgument, isoDate } from '@retailkit/core';
import { sealPricing } from './internal/artifact.js';
import { type Estimate, type EstimateOptions, estimate, resolveEstimate } from './internal/estimate.js';
import { buildHistory, MS_PER_WEEK, resolveHistory } from './internal/history.js';
import type { PriceHistoryOptions } from './price-history.js';
import { type PricingModel, type PricingParams, pricingOf } from './pricing-model.js';

/** Options of {@link fitElasticity}: the list-price rule, the identification rule, the controls and the artifact. */
export interface ElasticityOptions extends PriceHistoryOptions, EstimateOptions {
  /** Served name of the model. Default `pricing`. */
  readonly name?: string;
  /** ISO 8601 creation time of the artifact. Default: the Monday of the data's last week (never the clock). */
  readonly createdAt?: string;
}

/** One product of an elasticity report. */
export interface ElasticityRow {
  readonly stockCode: string;
  readonly description: string | null;
  readonly listPrice: number;
  readonly sellingWeeks: number;
  readonly changes: number;
  readonly identified: boolean;
  /** Pooled elasticity, its SE and interval; null unless identified. */
  readonly elasticity: number | null;
  readonly stdError: number | null;
  readonly low: number | null;
  readonly high: number | null;
  /** True when the interval lies below zero. */
  readonly significantlyNegative: boolean;
  /** The product's own OLS slope and SE before pooling (null when its list price never varies). */
  readonly rawElasticity: number | null;
  readonly rawStdError: number | null;
  /** Shrinkage weight on the product's own estimate, τ² / (τ² + se²). */
  readonly weight: number | null;
  readonly baseDemand: number;
  /** Slope of log quantity on log(unit price / list price) over the product's lines (quantity tiers). */
  readonly tierElasticity: number | null;
  readonly tierStdError: number | null;
}

/** The JSON-ready summary of a fit. */
export interface ElasticityReport {
  readonly level: number;
  readonly rule: { readonly minChanges: number; readonly minWeeks: number };
  readonly counts: {
    readonly products: number;
    readonly withPriceVariation: number;
    readonly identified: number;
    readonly significantlyNegative: number;
  };
  /** Regression size and fit: product-weeks, residual degrees of freedom, residual SD of log weekly quantity. */
  readonly regression: { readonly rows: number; readonly df: number; readonly sigma: number };
  readonly controls: Estimate['controls'];
  /** Price bands of the pooling: upper list price, products, pooled mean, between-product variance τ². */
  readonly bands: Estimate['bands'];
  /** The pooled tier elasticity, apart from the list-price elasticity. */
  readonly tier: Estimate['tier'];
  readonly products: ElasticityRow[];
}

/**
 * Own-price elasticity per product from weekly demand against list price.
 *
 * Model, over every product-week with sales (list prices as in `priceHistory`):
 * ln qᵢₜ = αᵢ + βᵢ·ln pᵢₜ + γ·zₜ + εᵢₜ, with a fixed effect αᵢ and an own slope βᵢ per product, and shared
 * controls zₜ: a trend (years since the first week) and `harmonics` (3) annual Fourier pairs cos/sin(2πh·day /
 * 365.2425), so the Q4 peak is not read as a price effect. OLS with classical standard errors, solved by the
 * within transform (exactly the dummy-variable OLS; checked against statsmodels). O(n·k²).
 *
 * A product is **identified** with ≥ `minChanges` (2) list-price changes and ≥ `minWeeks` (20) selling weeks;
 * others get `elasticity: null`. Identified products are **pooled** toward their price band (`bands` quantiles of
 * the list price): τ² = max(0, var β̂ − mean se²), weight w = τ²/(τ² + se²), β = w·β̂ + (1 − w)·μ_band.
 * The **tier elasticity** (lines at quantity-tier prices) is reported apart and never enters β.
 * The model predicts weekly demand at a candidate price (`PricingModel`).
 *
 * @throws RetailKitError `MISSING_COLUMN`; `INVALID_ARGUMENT` for a line that is not a sale or a bad option;
 *   `PRICING_TOO_LITTLE_DATA` when the panel cannot be fitted.
 * @example
 * const { model, report } = fitElasticity(clean(raw).views.modeling);
 * report.counts.identified // products with an elasticity
 * model.predict({ stockCode: '85123A', price: 2.95 })
 */
export function fitElasticity(
  lines: Frame,
  options: ElasticityOptions = {},
): FitResult<PricingModel, ElasticityReport> {
  const fn = 'fitElasticity';
  const ho = resolveHistory(fn, options);
  const eo = resolveEstimate(fn, options);
  const name = options.name ?? 'pricing';
  if (typeof name !== 'string' || name.length === 0) throw invalidArgument(fn, 'name', name, 'a non-empty string');
  const h = buildHistory(lines, fn, ho);
  const est = estimate(h, fn, eo);
  const lastWeek = isoDate(h.firstWeek + (h.nWeeks - 1) * MS_PER_WEEK);
  const params: PricingParams = {
    level: eo.level,
    z: eo.z,
    lastWeek,
    products: est.products.map((p) => ({
      stockCode: p.stockCode,
      description: p.description,
      listPrice: p.listPrice,
      baseDemand: p.baseDemand,
      identified: p.identified,
      elasticity: p.elasticity,
      stdError: p.stdError,
      sellingWeeks: p.sellingWeeks,
      changes: p.changes,
      lastChange: p.lastChangeWeek < 0 ? null : isoDate(h.firstWeek + p.lastChangeWeek * MS_PER_WEEK),
    })),
  };
  const createdAt = options.createdAt ?? `${lastWeek}T00:00:00.000Z`;
  const model = pricingOf(sealPricing(params, { name, createdAt, trainingFingerprint: fingerprint(lines) }));
  return { model, report: reportOf(est, eo.z, eo.level, eo.minChanges, eo.minWeeks) };
}

function reportOf(est: Estimate, z: number, level: number, minChanges: number, minWeeks: number): ElasticityReport {
  const products = est.products.map((p): ElasticityRow => {
    const low = p.elasticity === null || p.stdError === null ? null : p.elasticity - z * p.stdError;
    const high = p.elasticity === null || p.stdError === null ? null : p.elasticity + z * p.stdError;
    return {
      stockCode: p.stockCode,
      description: p.description,
      listPrice: p.listPrice,
      sellingWeeks: p.sellingWeeks,
      changes: p.changes,
      identified: p.identified,
      elasticity: p.elasticity,
      stdError: p.stdError,
      low,
      high,
      significantlyNegative: high !== null && high < 0,
      rawElasticity: p.rawElasticity,
      rawStdError: p.rawStdError,
      weight: p.weight,
      baseDemand: p.baseDemand,
      tierElasticity: p.tierElasticity,
      tierStdError: p.tierStdError,
    };
  });
  return {
    level,
    rule: { minChanges, minWeeks },
    counts: {
      products: products.length,
      withPriceVariation: products.filter((p) => p.rawElasticity !== null).length,
      identified: products.filter((p) => p.identified).length,
      significantlyNegative: products.filter((p) => p.significantlyNegative).length,
    },
    regression: { rows: est.rows, df: est.df, sigma: est.sigma },
    controls: est.controls,
    bands: est.bands,
    tier: est.tier,
    products,
  };
}
