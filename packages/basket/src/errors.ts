import { RetailKitError } from '@retailkit/core';

/**
 * Stable error codes thrown by `@retailkit/basket` (besides core's `INVALID_ARGUMENT` and `FRAME_*` codes).
 *
 * - `BASKET_EMPTY`: no basket is left to mine (empty frame, or every basket removed by the filters).
 * - `BASKET_BUDGET_EXCEEDED`: the miner hit `maxItemsets` (or `maxCandidates`, or `timeoutMs`); raise
 *   `minSupport`, lower `maxLen`, or raise the budget.
 * - `BASKET_INCOMPLETE_ITEMSETS`: rules need the support of every subset of an itemset, but the table lacks one
 *   (a closed or maximal table, or a hand-made one); mine with `output: 'all'`.
 * - `BASKET_TOO_MANY_RULES`: rule generation hit `maxRules`.
 */
export const BASKET_ERROR_CODES = [
  'BASKET_EMPTY',
  'BASKET_BUDGET_EXCEEDED',
  'BASKET_INCOMPLETE_ITEMSETS',
  'BASKET_TOO_MANY_RULES',
] as const;

export type BasketErrorCode = (typeof BASKET_ERROR_CODES)[number];

/** A basket error with structured details. */
export function basketError(
  code: BasketErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): RetailKitError {
  return new RetailKitError(code, message, { details });
}
