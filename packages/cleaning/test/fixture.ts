import { type Frame, fromRows, type Row, TRANSACTION_SCHEMA } from '@retailkit/core';
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

/** A valid UCI-like line for hand-made micro fixtures, with `over` on top. */
export const line = (over: Partial<Row> = {}): Row => ({
  invoiceNo: '540000',
  stockCode: '22633',
  description: 'HAND WARMER UNION JACK',
  quantity: 6,
  invoiceDate: new Date(Date.UTC(2011, 2, 1, 9)),
  unitPrice: 1.85,
  customerId: '17850',
  country: 'United Kingdom',
  ...over,
});
