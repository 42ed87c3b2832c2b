export type { PricingErrorCode } from './errors.js';
export { PRICING_ERROR_CODES } from './errors.js';
export type { ElasticityOptions, ElasticityReport, ElasticityRow } from './fit-elasticity.js';
export { fitElasticity } from './fit-elasticity.js';
export type { PriceHistory, PriceHistoryOptions } from './price-history.js';
export { priceHistory } from './price-history.js';
export type {
  PricePoint,
  PricingInput,
  PricingModel,
  PricingParams,
  PricingPrediction,
  PricingProduct,
} from './pricing-model.js';
export { pricingFromJSON, pricingLoader } from './pricing-model.js';
export type { PriceRecommendation, RecommendFlag, RecommendOptions } from './recommend-prices.js';
export { recommendPrices } from './recommend-prices.js';
export type {
  PriceValidation,
  ValidatedChange,
  ValidationErrors,
  ValidationOptions,
} from './validate-price-changes.js';
export { validatePriceChanges } from './validate-price-changes.js';
