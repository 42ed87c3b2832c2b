export type { CleanReferenceOptions, CleanReferenceResult, StepCount } from './clean-reference.js';
export { cleanReference } from './clean-reference.js';
export type { StepResult } from './drop-free-lines.js';
export { dropFreeLines } from './drop-free-lines.js';
export { CLEANING_ERROR_CODES } from './errors.js';
export type { PriceZscoreOptions, PriceZscoreResult } from './price-zscore.js';
export { priceZscore } from './price-zscore.js';
export type { QuantityIqrOptions, QuantityIqrResult } from './quantity-iqr.js';
export { quantityIqr } from './quantity-iqr.js';
export {
  NO_DESCRIPTION,
  REFERENCE_ANONYMOUS_CUSTOMER,
  referencePrepare,
} from './reference-prepare.js';
