export type { CleanOptions, CleanResult, OutlierRule } from './clean.js';
export { clean } from './clean.js';
export type { CleanReferenceOptions, CleanReferenceResult, StepCount } from './clean-reference.js';
export { cleanReference } from './clean-reference.js';
export type { StepResult } from './drop-free-lines.js';
export { dropFreeLines } from './drop-free-lines.js';
export { CLEANING_ERROR_CODES } from './errors.js';
export { formatQualityReport } from './format-quality-report.js';
export type { PriceZscoreOptions, PriceZscoreResult } from './price-zscore.js';
export { priceZscore } from './price-zscore.js';
export type { ViewName } from './purpose-view.js';
export { purposeView, VIEW_DROPS, VIEW_NAMES } from './purpose-view.js';
export type { ColumnQuality, Offender, QualityReport, RuleCount, ViewQuality } from './quality-report.js';
export type { QuantityIqrOptions, QuantityIqrResult } from './quantity-iqr.js';
export { quantityIqr } from './quantity-iqr.js';
export {
  NO_DESCRIPTION,
  REFERENCE_ANONYMOUS_CUSTOMER,
  referencePrepare,
} from './reference-prepare.js';
export type { FlagRuleId, QuarantineReason, ReferenceStepId, RuleDefinition, RuleKind } from './rules.js';
export {
  CLEANING_RULES,
  COLOUR_VARIANT_PATTERN,
  FLAG_COLUMNS,
  FLAG_RULE_IDS,
  NON_PRODUCT_CODES,
  PSEUDO_COUNTRIES,
  QUARANTINE_REASONS,
  REFERENCE_STEP_IDS,
} from './rules.js';
