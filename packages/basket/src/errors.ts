import { RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/basket` throws, besides core's `INVALID_ARGUMENT` (a bad option or input) and
 * `MISSING_COLUMN` (a column the function needs is absent or mistyped). Every error is a `RetailKitError` whose
 * message names the function, shows the value and says the fix; `details` holds the numbers.
 *
 * @example
 * try {
 *   fpgrowth([], { minSupport: 0.1 });
 * } catch (e) {
 *   (e as RetailKitError).code === BASKET_ERROR_CODES.empty // true
 * }
 */
export const BASKET_ERROR_CODES = {
  /** No basket is left to mine: the input is empty, or every basket was removed by `minItems`/`maxItems`. */
  empty: 'BASKET_EMPTY',
  /** A miner hit `maxItemsets`, `maxCandidates` or `timeoutMs`: raise `minSupport`, set `maxLen`, or raise the budget. */
  budgetExceeded: 'BASKET_BUDGET_EXCEEDED',
  /**
   * Rules need the support of every subset of an itemset, and the table lacks one (a closed or maximal table, or a
   * hand-made one): mine with `output: 'all'`.
   */
  incompleteItemsets: 'BASKET_INCOMPLETE_ITEMSETS',
  /** Rule generation hit `maxRules`: raise `minThreshold`, add filters or constraints, or raise `maxRules`. */
  tooManyRules: 'BASKET_TOO_MANY_RULES',
} as const;

/** One of the codes of {@link BASKET_ERROR_CODES}. */
export type BasketErrorCode = (typeof BASKET_ERROR_CODES)[keyof typeof BASKET_ERROR_CODES];

/** A basket error with structured details. */
export function basketError(
  code: BasketErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): RetailKitError {
  return new RetailKitError(code, message, { details });
}
