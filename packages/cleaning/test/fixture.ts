import { type Frame, fromRows, TRANSACTION_SCHEMA } from '@retailkit/core';
import rows from './fixtures/transactions.json';

/**
 * The hand-made 44-row fixture (test/fixtures/transactions.json): real-looking UCI lines chosen so that every
 * rule fires at least once. Expected values in the tests were counted by hand and, for the reference preset,
 * computed with pandas 1.5.3 (Debian /usr/bin/python3) replaying the notebook.
 */
export function fixtureFrame(): Frame {
  return fromRows(
    rows.map((r) => ({ ...r, invoiceDate: new Date(r.invoiceDate) })),
    TRANSACTION_SCHEMA,
  );
}

export const fixtureRows = rows;
