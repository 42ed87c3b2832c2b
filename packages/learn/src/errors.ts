import { RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/learn` throws, besides core's `INVALID_ARGUMENT` (a bad option, matrix or target).
 * Every error is a `RetailKitError` whose message names the function, shows the value and says the fix.
 *
 * @example
 * try {
 *   gbtFromJSON({ kind: 'something else' });
 * } catch (e) {
 *   (e as RetailKitError).code === LEARN_ERROR_CODES.badModel // true
 * }
 */
export const LEARN_ERROR_CODES = {
  /** `gbtFromJSON` was given something that is not a GBT model's `toJSON()` output of a known version. */
  badModel: 'LEARN_BAD_MODEL',
} as const;

/** One of the codes of {@link LEARN_ERROR_CODES}. */
export type LearnErrorCode = (typeof LEARN_ERROR_CODES)[keyof typeof LEARN_ERROR_CODES];

/** A learn error with structured details. */
export function learnError(
  code: LearnErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): RetailKitError {
  return new RetailKitError(code, message, { details });
}
