export { apriori } from './apriori.js';
export type { ItemConstraint, Rule, RuleOptions } from './association-rules.js';
export { associationRules } from './association-rules.js';
export { basketsFromArrays } from './baskets-from-arrays.js';
export type { BasketAggregate, BasketStats, Baskets, BuildBasketsOptions } from './build-baskets.js';
export { buildBaskets } from './build-baskets.js';
export type { BasketErrorCode } from './errors.js';
export { BASKET_ERROR_CODES } from './errors.js';
export type { FitRecommenderOptions, RulesReport } from './fit-recommender.js';
export { fitRecommender } from './fit-recommender.js';
export { fpgrowth } from './fpgrowth.js';
export type {
  ItemsetCounts,
  ItemsetLevelSql,
  ItemsetSupportsPlan,
  ItemsetSupportsSqlOptions,
} from './itemset-supports-sql.js';
export { itemsetSupportsSql } from './itemset-supports-sql.js';
export type { Itemset, ItemsetOutput, ItemsetTable, MineOptions } from './itemset-table.js';
export type { MetricDefinition, RuleMetric } from './metrics.js';
export { RULE_METRICS } from './metrics.js';
export type { RecommendationsSqlOptions } from './recommendations-sql.js';
export { recommendationsSql } from './recommendations-sql.js';
export type {
  Recommendation,
  Recommender,
  RecommenderInput,
  RecommenderOptions,
  RecommenderOutput,
  RecommenderParams,
  RecommendRule,
} from './recommender.js';
export { createRecommender, recommenderFromJSON, recommenderLoader } from './recommender.js';
export type { RuleTables } from './rule-tables.js';
export { ruleTables } from './rule-tables.js';
export type { RuleJson } from './rule-to-json.js';
export { ruleToJSON } from './rule-to-json.js';
