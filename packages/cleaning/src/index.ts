export type { CleanOptions, CleanResult, CleanStep } from './clean.js';
export { clean } from './clean.js';
export type { CleaningSql, CleaningSqlOptions, CleaningSqlView } from './cleaning-sql.js';
export { cleaningSql } from './cleaning-sql.js';
export type { CleaningErrorCode } from './errors.js';
export { CLEANING_ERROR_CODES } from './errors.js';
export { formatQualityReport } from './format-quality-report.js';
export type { FenceParameters, FenceRule, OutlierFenceResult, OutlierRule } from './outlier-fence.js';
export { outlierFence } from './outlier-fence.js';
export type { ViewName } from './purpose-view.js';
export { purposeView, VIEW_DROPS } from './purpose-view.js';
export type {
  ColumnQuality,
  Offender,
  QualityReport,
  RuleCount,
  StepCount,
  ViewQuality,
} from './quality-report.js';
export type { FlagRuleId, RuleDefinition, RuleKind } from './rules.js';
export { CLEANING_RULES, NON_PRODUCT_CODES, PSEUDO_COUNTRIES } from './rules.js';
