import { RetailKitError } from '@retailkit/core';

/**
 * Error codes thrown by @retailkit/rfm (stable strings), besides core's `INVALID_ARGUMENT` and `MISSING_COLUMN`.
 *
 * @example
 * try {
 *   fitKMeans({ n: 2, d: 1, data: Float64Array.of(1, 2) }, { k: 3 });
 * } catch (e) {
 *   e.code === RFM_ERROR_CODES.tooFewCustomers; // true: 'fitKMeans: needs at least 3 customers; received 2. …'
 * }
 */
export const RFM_ERROR_CODES = {
  /** Too few customers (rows) for the requested operation, for example k ≥ customers. */
  tooFewCustomers: 'RFM_TOO_FEW_CUSTOMERS',
  /** A segmenter's input is invalid: a missing, unknown or non-numeric feature, or transactions it cannot use. */
  badInput: 'RFM_BAD_INPUT',
  /** An optimiser did not reach a finite likelihood (BG/NBD). */
  fitFailed: 'RFM_FIT_FAILED',
} as const;

/** One of the error codes of @retailkit/rfm. */
export type RfmErrorCode = (typeof RFM_ERROR_CODES)[keyof typeof RFM_ERROR_CODES];

/** `RFM_TOO_FEW_CUSTOMERS`, naming the function, what it received and needed, and the fix. */
export function tooFewCustomers(fn: string, received: number, needed: number, fix: string): RetailKitError {
  return new RetailKitError(
    RFM_ERROR_CODES.tooFewCustomers,
    `${fn}: needs at least ${needed} customers; received ${received}. ${fix}`,
    { details: { function: fn, received, needed } },
  );
}

/** `RFM_BAD_INPUT` from a segmenter's `predict`. */
export function badInput(message: string, received: unknown): RetailKitError {
  return new RetailKitError(RFM_ERROR_CODES.badInput, `segments.predict: ${message}.`, { details: { received } });
}
