export type { CrossSellOptions } from './cross-sell.js';
export { crossSell } from './cross-sell.js';
export type { CustomerRisk, CustomerRiskOptions } from './customer-risks.js';
export { customerRisks } from './customer-risks.js';
export type { ReorderOptions, ReorderPoint } from './reorder-point.js';
export { reorderPoint } from './reorder-point.js';
export type { WinBackOffer, WinBackPolicy } from './win-back-coupons.js';
export { winBackCoupons } from './win-back-coupons.js';
