import {
  CORE_ERROR_CODES,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  parseIsoDate,
  RetailKitError,
  verifyArtifact,
} from '@retailkit/core';
import { badInput } from './errors.js';
import { MAX_PRICES, PRICING_KIND } from './internal/artifact.js';

/** One product in a pricing artifact (plain data). */
export interface PricingProduct {
  readonly stockCode: string;
  readonly description: string | null;
  /** The latest list price. */
  readonly listPrice: number;
  /** Expected weekly quantity at the list price (mean of the last 8 selling weeks, moved to the list price). */
  readonly baseDemand: number;
  readonly identified: boolean;
  /** Pooled own-price elasticity and its SE; null unless identified. */
  readonly elasticity: number | null;
  readonly stdError: number | null;
  readonly sellingWeeks: number;
  readonly changes: number;
  /** Monday (ISO date) of the week of the last list-price change; null when none. */
  readonly lastChange: string | null;
}

/** Parameters stored in a pricing artifact. */
export interface PricingParams {
  /** Confidence level of the intervals (e.g. 0.95) and its normal quantile. */
  readonly level: number;
  readonly z: number;
  /** Monday (ISO date) of the last week of the training data. */
  readonly lastWeek: string;
  readonly products: readonly PricingProduct[];
}

/** Input of a pricing model: a product and one candidate price or several. */
export type PricingInput =
  | { readonly stockCode: string; readonly price: number }
  | { readonly stockCode: string; readonly prices: readonly number[] };

/** Expected weekly demand and revenue at one price, with the interval from the elasticity's SE (null when unidentified). */
export interface PricePoint {
  readonly price: number;
  readonly demand: number | null;
  readonly demandLow: number | null;
  readonly demandHigh: number | null;
  readonly revenue: number | null;
  readonly revenueLow: number | null;
  readonly revenueHigh: number | null;
}

/** One prediction of a `PricingModel`. */
export interface PricingPrediction {
  readonly stockCode: string;
  readonly identified: boolean;
  readonly listPrice: number;
  readonly baseDemand: number;
  readonly elasticity: number | null;
  readonly stdError: number | null;
  readonly elasticityLow: number | null;
  readonly elasticityHigh: number | null;
  readonly level: number;
  readonly points: PricePoint[];
}

/**
 * A fitted pricing model (a `Predictor`, kind `pricing.model`): product and candidate price in; expected weekly
 * demand q = q₀·(p / p₀)^β and revenue p·q out, with the interval q₀·exp(β·r ± z·se·|r|), r = ln(p / p₀), and
 * the elasticity β ± z·se. Unidentified products give `null`, never a number. Immutable.
 */
export interface PricingModel extends Predictor<PricingInput, PricingPrediction> {
  /** Synchronous: O(number of prices). */
  predict(input: PricingInput): PricingPrediction;
  toJSON(): ModelArtifact<PricingParams>;
}

/**
 * Load a pricing model from its artifact (`fitElasticity(…).model.toJSON()`, parsed from JSON): the envelope is
 * verified (`verifyArtifact`: kind `pricing.model`, schema version, checksum), then its parameters' shapes.
 *
 * @throws RetailKitError `ARTIFACT_*` from verification, `ARTIFACT_INVALID` for malformed parameters; `predict`
 *   throws `PRICING_BAD_INPUT` for an unknown product or a price that is not a positive number.
 * @example
 * const model = pricingFromJSON(JSON.parse(readFileSync('models/pricing.json', 'utf8')));
 * model.predict({ stockCode: '85123A', price: 2.95 }).points[0].demand // expected weekly quantity
 */
export function pricingFromJSON(json: unknown): PricingModel {
  const artifact = verifyArtifact<PricingParams>(json, PRICING_KIND);
  checkParams(artifact.params);
  return pricingOf(artifact);
}

/**
 * The loader of `pricing.model` artifacts for `@retailkit/serve`: `{ kind: 'pricing.model', fromJSON: pricingFromJSON }`.
 *
 * @example
 * serveModels({ dir: 'models', loaders: [pricingLoader] }); // @retailkit/serve
 * pricingLoader.kind // 'pricing.model'
 */
export const pricingLoader: PredictorLoader<PricingModel> = { kind: PRICING_KIND, fromJSON: pricingFromJSON };

/** The predictor of a verified artifact. */
export function pricingOf(artifact: ModelArtifact<PricingParams>): PricingModel {
  const p = artifact.params;
  const byCode = new Map(p.products.map((x) => [x.stockCode, x]));
  const predict = (input: PricingInput): PricingPrediction => {
    const code = input?.stockCode;
    const product = typeof code === 'string' ? byCode.get(code) : undefined;
    if (product === undefined) throw badInput(`unknown stockCode ${JSON.stringify(code)}`, code);
    const prices = 'prices' in input ? input.prices : [(input as { price: number }).price];
    if (!Array.isArray(prices) || prices.length === 0 || prices.length > MAX_PRICES)
      throw badInput(`give "price" or 1 to ${MAX_PRICES} "prices"`, prices);
    for (const x of prices)
      if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))
        throw badInput('every price must be a positive finite number', x);
    const e = product.identified ? product.elasticity : null;
    const se = product.identified ? product.stdError : null;
    const points = prices.map((price) => pricePoint(product, price, e, se, p.z));
    return {
      stockCode: product.stockCode,
      identified: product.identified,
      listPrice: product.listPrice,
      baseDemand: product.baseDemand,
      elasticity: e,
      stdError: se,
      elasticityLow: e === null || se === null ? null : e - p.z * se,
      elasticityHigh: e === null || se === null ? null : e + p.z * se,
      level: p.level,
      points,
    };
  };
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    predict,
    cost: (input) => 20 * ('prices' in input && Array.isArray(input.prices) ? input.prices.length : 1),
    toJSON: () => artifact,
  };
}

/** Demand and revenue at `price`: q₀·(p/p₀)^β with the interval exp(β·r ± z·se·|r|). */
export function pricePoint(
  product: PricingProduct,
  price: number,
  e: number | null,
  se: number | null,
  z: number,
): PricePoint {
  if (e === null || se === null)
    return {
      price,
      demand: null,
      demandLow: null,
      demandHigh: null,
      revenue: null,
      revenueLow: null,
      revenueHigh: null,
    };
  const r = Math.log(price / product.listPrice);
  const demand = product.baseDemand * Math.exp(e * r);
  const demandLow = product.baseDemand * Math.exp(e * r - z * se * Math.abs(r));
  const demandHigh = product.baseDemand * Math.exp(e * r + z * se * Math.abs(r));
  return {
    price,
    demand,
    demandLow,
    demandHigh,
    revenue: price * demand,
    revenueLow: price * demandLow,
    revenueHigh: price * demandHigh,
  };
}

/** Shape checks of an artifact's parameters (the checksum proves integrity, not that a writer got them right). */
function checkParams(p: PricingParams): void {
  const fail = (field: string, allowed: string, received: unknown): never => {
    throw new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `pricingFromJSON: params.${field} must be ${allowed}. Refit with fitElasticity and save model.toJSON().`,
      { details: { field, allowed, received } },
    );
  };
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('', 'an object', p);
  if (!(finite(p.level) && p.level > 0 && p.level < 1)) fail('level', 'a number in (0, 1)', p.level);
  if (!(finite(p.z) && p.z > 0)) fail('z', 'a positive number', p.z);
  if (!Number.isFinite(parseIsoDate(String(p.lastWeek)))) fail('lastWeek', 'a YYYY-MM-DD date', p.lastWeek);
  if (!Array.isArray(p.products)) fail('products', 'an array', p.products);
  p.products.forEach((x, i) => {
    const ok =
      x !== null &&
      typeof x === 'object' &&
      typeof x.stockCode === 'string' &&
      finite(x.listPrice) &&
      x.listPrice > 0 &&
      finite(x.baseDemand) &&
      typeof x.identified === 'boolean' &&
      (x.identified ? finite(x.elasticity) && finite(x.stdError) : x.elasticity === null && x.stdError === null);
    if (!ok)
      fail(
        `products[${i}]`,
        'a product with stockCode, positive listPrice, baseDemand, and elasticity/stdError numbers when identified, null otherwise',
        x,
      );
  });
}
