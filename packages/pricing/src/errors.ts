import { RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/pricing` throws, besides core's `INVALID_ARGUMENT` (a bad option or line),
 * `MISSING_COLUMN` and the `ARTIFACT_*` codes of `verifyArtifact`. Every error is a `RetailKitError` whose message
 * names the function, shows the value and says the fix.
 *
 * @example
 * try {
 *   pricingFromJSON(artifact).predict({ stockCode: 'NOPE', price: 1 });
 * } catch (e) {
 *   isRetailKitError(e) && e.code === PRICING_ERROR_CODES.badInput; // true
 * }
 */
export const PRICING_ERROR_CODES = {
  /** A pricing model's input is invalid: an unknown product, or a price that is not a positive number. */
  badInput: 'PRICING_BAD_INPUT',
  /** Too little data: no product has two selling weeks, or too few weeks to hold out for a validation. */
  tooLittleData: 'PRICING_TOO_LITTLE_DATA',
} as const;

/** One of the codes of {@link PRICING_ERROR_CODES}. */
export type PricingErrorCode = (typeof PRICING_ERROR_CODES)[keyof typeof PRICING_ERROR_CODES];

/** `PRICING_BAD_INPUT` from a pricing model's `predict`. */
export function badInput(message: string, received: unknown): RetailKitError {
  return new RetailKitError(PRICING_ERROR_CODES.badInput, `pricing.predict: ${message}.`, { details: { received } });
}

/** `PRICING_TOO_LITTLE_DATA`, naming the function, what it found and the fix. */
export function tooLittleData(fn: string, message: string, details: Record<string, unknown>): RetailKitError {
  return new RetailKitError(PRICING_ERROR_CODES.tooLittleData, `${fn}: ${message}`, { details });
}
