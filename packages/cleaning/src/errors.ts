/**
 * The error codes `@retailkit/cleaning` throws (both are core's; cleaning has no codes of its own). Every error
 * is a `RetailKitError` whose message names the function, shows the value and says the fix.
 *
 * @example
 * try { clean(fromRows([{ quantity: 1 }])); } catch (e) { e.code === CLEANING_ERROR_CODES.missingColumn } // true
 */
export const CLEANING_ERROR_CODES = {
  /** A canonical transaction column (or a fence step's column) is absent or of another type (core `missingColumn`). */
  missingColumn: 'MISSING_COLUMN',
  /** An argument or option is outside its documented range (core `invalidArgument`). */
  invalidArgument: 'INVALID_ARGUMENT',
} as const;

/** One of the codes of `CLEANING_ERROR_CODES`. */
export type CleaningErrorCode = (typeof CLEANING_ERROR_CODES)[keyof typeof CLEANING_ERROR_CODES];
