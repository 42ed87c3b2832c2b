import { invalidArgument, RetailKitError } from '@retailkit/core';

/**
 * The error codes `@retailkit/forecast` throws besides core's `INVALID_ARGUMENT` and `MISSING_COLUMN` (see core's
 * `CORE_ERROR_CODES`). Every error is a core `RetailKitError` whose message names the function, shows the value
 * and says the fix.
 *
 * @example
 * FORECAST_ERROR_CODES.seriesTooShort // 'FORECAST_SERIES_TOO_SHORT'
 */
export const FORECAST_ERROR_CODES = {
  /** A series has fewer observations than the operation needs (`details`: `received`, `needed`). */
  seriesTooShort: 'FORECAST_SERIES_TOO_SHORT',
  /** `createModel` (or an artifact) names a model type this version does not know. */
  unknownModel: 'FORECAST_UNKNOWN_MODEL',
  /** Two models of one backtest or ensemble share an alias. */
  duplicateAlias: 'FORECAST_DUPLICATE_ALIAS',
  /**
   * A value a model fits on is NaN or ±Infinity, or its forecast overflowed to a non-finite number (`details`:
   * `series`, `index`, `received`).
   */
  nonFinite: 'FORECAST_NON_FINITE',
  /** The dates of a forecaster's `history.ds` are not valid `YYYY-MM-DD` dates in strictly increasing order. */
  invalidDates: 'FORECAST_INVALID_DATES',
  /**
   * A forecaster's `predict` got a planned `price` path (or a `history.price`) but its model has no price term
   * (`details`: `field`, `model`).
   */
  noPriceTerm: 'FORECAST_NO_PRICE_TERM',
} as const;

/** One of the codes of {@link FORECAST_ERROR_CODES}. */
export type ForecastErrorCode = (typeof FORECAST_ERROR_CODES)[keyof typeof FORECAST_ERROR_CODES];

/** A series is too short for the requested operation. */
export function seriesTooShort(fn: string, length: number, needed: number, fix: string): RetailKitError {
  return new RetailKitError(
    FORECAST_ERROR_CODES.seriesTooShort,
    `${fn}: the series has ${length} observations, at least ${needed} are needed. ${fix}`,
    { details: { function: fn, received: length, needed } },
  );
}

/** A value that is not a finite number where a model needs one (input or forecast). */
export function nonFinite(fn: string, series: string, index: number, value: number, fix: string): RetailKitError {
  return new RetailKitError(
    FORECAST_ERROR_CODES.nonFinite,
    `${fn}: series "${series}" has ${value} at position ${index}, only finite numbers can be forecast. ${fix}`,
    { details: { function: fn, series, index, received: String(value), allowed: 'finite numbers' } },
  );
}

/** Check that no two models share an alias (aliases name the results of backtests and ensembles). */
export function checkUniqueAliases(fn: string, models: readonly { readonly alias: string }[]): void {
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.alias))
      throw new RetailKitError(
        FORECAST_ERROR_CODES.duplicateAlias,
        `${fn}: two models share the alias "${m.alias}". Pass { alias } to one of them.`,
        { details: { function: fn, received: m.alias } },
      );
    seen.add(m.alias);
  }
}

/** Check a positive integer option. */
export function checkPositiveInt(fn: string, name: string, v: unknown, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw invalidArgument(fn, name, v, `an integer >= ${min}`);
  return v;
}
