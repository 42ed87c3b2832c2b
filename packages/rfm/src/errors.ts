import { RetailKitError } from '@retailkit/core';

/** Error codes thrown by @retailkit/rfm (stable strings). */
export const RFM_ERROR_CODES = {
  /** A required transaction column is absent or has the wrong type. */
  missingColumn: 'RFM_MISSING_COLUMN',
  /** Too few customers for the requested operation (for example k ≥ customers). */
  tooFewCustomers: 'RFM_TOO_FEW_CUSTOMERS',
  /** A model's input is invalid (unknown or missing feature). */
  badInput: 'RFM_BAD_INPUT',
  /** An optimiser did not reach a finite likelihood. */
  fitFailed: 'RFM_FIT_FAILED',
  /** Worker threads holding parts of a computation stopped answering; retrying (or `threads: 1`) may succeed. */
  workersLost: 'RFM_WORKERS_LOST',
} as const;

export { invalidArgument } from '@retailkit/core';

/** Throw `RFM_MISSING_COLUMN` naming the function, the column and what exists. */
export function missingColumn(fn: string, name: string, type: string, available: readonly string[]): RetailKitError {
  return new RetailKitError(
    RFM_ERROR_CODES.missingColumn,
    `${fn}: needs a ${type} column "${name}"; the frame has ${available.map((c) => `"${c}"`).join(', ') || 'no columns'}. Map the source columns to the canonical transaction schema first.`,
    { details: { function: fn, column: name, type, available } },
  );
}

/** Throw `RFM_TOO_FEW_CUSTOMERS`. */
export function tooFewCustomers(fn: string, received: number, needed: number, fix: string): RetailKitError {
  return new RetailKitError(
    RFM_ERROR_CODES.tooFewCustomers,
    `${fn}: needs at least ${needed} customers; received ${received}. ${fix}`,
    { details: { function: fn, received, needed } },
  );
}

/** Throw `RFM_WORKERS_LOST` (retryable): the worker threads' supervisor went silent while they held parts. */
export function workersLost(fn: string, waitedMs: number): RetailKitError {
  return new RetailKitError(
    RFM_ERROR_CODES.workersLost,
    `${fn}: its worker threads stopped answering (their supervisor thread gave no sign of life for ${waitedMs} ms) while they held unfinished parts of the work, which cannot safely be rerun on the calling thread. Retry (new threads are started), or pass threads: 1 to compute on the calling thread only.`,
    { details: { function: fn, waitedMs }, retryable: true },
  );
}
