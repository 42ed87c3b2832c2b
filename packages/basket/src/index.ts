export { apriori } from './apriori.js';
export type { BasketAggregate, BasketStats, Baskets, BuildBasketsOptions } from './build-baskets.js';
export { basketsFromArrays, buildBaskets } from './build-baskets.js';
export type { BasketErrorCode } from './errors.js';
export { BASKET_ERROR_CODES } from './errors.js';
export { fpgrowth } from './fpgrowth.js';
export type { Itemset, ItemsetOutput, ItemsetTable, MineOptions } from './internal/itemset-table.js';
export { productLines } from './product-lines.js';
