import type { ColumnType } from '@retailkit/core';
import { connectorError } from '../errors.js';

/** The identifiers RetailKit accepts: a letter or underscore, then letters, digits, underscores; at most 63. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Check an SQL identifier against the allow-list and return it double-quoted. Quotes, semicolons, spaces,
 * dots and anything else outside `[A-Za-z0-9_]` are rejected, not escaped.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`.
 */
export function quoteIdent(name: string, fn: string, what = 'identifier'): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name))
    throw connectorError(
      'SQL_IDENTIFIER',
      `${fn}: ${what} ${JSON.stringify(name)} is not allowed; use letters, digits and underscores (starting with a letter or underscore), at most 63 characters.`,
      { details: { function: fn, received: name, allowed: IDENTIFIER.source } },
    );
  return `"${name}"`;
}

/** PostgreSQL column type for a Frame column type (timestamps are naive wall-clock: `timestamp` without zone). */
export function pgType(type: ColumnType): string {
  switch (type) {
    case 'number':
      return 'double precision';
    case 'int':
      return 'integer';
    case 'timestamp':
      return 'timestamp';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'text';
  }
}
