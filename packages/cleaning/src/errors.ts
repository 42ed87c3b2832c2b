import { RetailKitError } from '@retailkit/core';

/** Stable error codes thrown by `@retailkit/cleaning`. */
export const CLEANING_ERROR_CODES = {
  /** A required transaction column is absent or has the wrong type. */
  missingColumn: 'CLEANING_MISSING_COLUMN',
  /** An option is out of its documented range. */
  invalidOption: 'INVALID_ARGUMENT',
} as const;

/** Error for a required column that is absent or of the wrong type. */
export function missingColumnError(
  fn: string,
  name: string,
  expected: string,
  actual: string | undefined,
): RetailKitError {
  const got = actual === undefined ? 'absent' : `a ${actual} column`;
  return new RetailKitError(
    CLEANING_ERROR_CODES.missingColumn,
    `${fn}: column "${name}" must be a ${expected} column; it is ${got}. Read the data with readCsv (canonical names) or map the column names first.`,
    { details: { function: fn, column: name, expected, received: actual ?? null } },
  );
}
