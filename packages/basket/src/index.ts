export { apriori } from './apriori.js';
export type { ItemConstraint, Rule, RuleJson, RuleOptions } from './association-rules.js';
export { associationRules, generateRules, ruleToJSON, sortRules } from './association-rules.js';
export type { BasketAggregate, BasketStats, Baskets, BuildBasketsOptions } from './build-baskets.js';
export { basketsFromArrays, buildBaskets } from './build-baskets.js';
export type { BasketErrorCode } from './errors.js';
export { BASKET_ERROR_CODES } from './errors.js';
export type { FormatRulesOptions } from './format-rules.js';
export { formatRules } from './format-rules.js';
export { fpgrowth } from './fpgrowth.js';
export type { Itemset, ItemsetOutput, ItemsetTable, MineOptions } from './internal/itemset-table.js';
export type { MetricDefinition, RuleMetric } from './metrics.js';
export { RULE_METRIC_NAMES, RULE_METRICS } from './metrics.js';
export type { MineRulesOptions, MineRulesResult, RulesSummary } from './mine-rules.js';
export { basketsFingerprint, mineRules } from './mine-rules.js';
export { productLines } from './product-lines.js';
export type { Recommendation, RecommendOptions, RecommendRule } from './recommend.js';
export { recommend } from './recommend.js';
export type {
  Recommender,
  RecommenderInput,
  RecommenderOptions,
  RecommenderOutput,
  RecommenderParams,
} from './recommender.js';
export {
  createRecommender,
  RECOMMENDER_INPUT_SCHEMA,
  RECOMMENDER_KIND,
  RECOMMENDER_OUTPUT_SCHEMA,
  recommenderFromJSON,
  recommenderLoader,
} from './recommender.js';
export {
  REFERENCE_DROPPED_CODES,
  REFERENCE_MIN_SUPPORT,
  referenceBaskets,
  referenceLines,
} from './reference-baskets.js';
