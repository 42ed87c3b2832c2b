import { invalidArgument, RetailKitError } from '@retailkit/core';

/** Stable error codes thrown by @retailkit/forecast. */
export const FORECAST_ERROR_CODES = {
  invalidArgument: 'INVALID_ARGUMENT',
  seriesTooShort: 'FORECAST_SERIES_TOO_SHORT',
  unknownModel: 'FORECAST_UNKNOWN_MODEL',
  duplicateAlias: 'FORECAST_DUPLICATE_ALIAS',
} as const;

export { invalidArgument, RetailKitError };

/** A series is too short for the requested operation. */
export function seriesTooShort(fn: string, length: number, needed: number, fix: string): RetailKitError {
  return new RetailKitError(
    'FORECAST_SERIES_TOO_SHORT',
    `${fn}: the series has ${length} observations, at least ${needed} are needed. ${fix}`,
    { details: { function: fn, received: length, needed } },
  );
}

/** Check a positive integer option. */
export function checkPositiveInt(fn: string, name: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw invalidArgument(fn, name, v, `an integer >= ${min}`);
  return v;
}
