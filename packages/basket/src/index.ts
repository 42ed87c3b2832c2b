export type { BasketErrorCode } from './errors.js';
export { BASKET_ERROR_CODES } from './errors.js';
export type { BasketAggregate, Baskets, BasketStats, BuildBasketsOptions } from './build-baskets.js';
export { buildBaskets, basketsFromArrays } from './build-baskets.js';
export type { Itemset, ItemsetOutput, ItemsetTable, MineOptions } from './internal/itemset-table.js';
export { apriori } from './apriori.js';
export { fpgrowth } from './fpgrowth.js';
