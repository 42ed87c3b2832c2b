import { fromRows, isRetailKitError, parseIsoDate, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { customerEventsSql } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { customerEvents } from '../src/internal/customer-events.js';
import { duckdb, runOnDuckDb, TWO_CUSTOMERS } from './fixtures/duckdb.js';

/** TWO_CUSTOMERS as a Frame. */
const frame = fromRows(
  TWO_CUSTOMERS.map(([invoiceNo, stockCode, quantity, at, unitPrice, customerId]) => ({
    invoiceNo,
    stockCode,
    description: null,
    quantity,
    invoiceDate: parseIsoDate(at),
    unitPrice,
    customerId,
    country: 'United Kingdom',
  })),
  TRANSACTION_SCHEMA,
);

// Hand-computed from TWO_CUSTOMERS at asOf 2011-03-31: c1 buys 2 × 5 + 1 × 10 = 20 on day 14977 (2011-01-03) and
// 4 × 5 = 20 on 15034 (2011-03-01); c2 buys 10 on 15006 (2011-02-01); the refund C4, the anonymous line and
// c2's line of 2011-04-02 are not events.
const EXPECTED = [
  { customerId: 'c1', day: 14977, revenue: 20 },
  { customerId: 'c1', day: 15034, revenue: 20 },
  { customerId: 'c2', day: 15006, revenue: 10 },
];

describe('customerEvents', () => {
  it('gives one row per customer and purchase day (hand-computed)', () => {
    expect(toRows(customerEvents(frame, { asOf: '2011-03-31' }))).toEqual(EXPECTED);
  });

  it('default asOf: midnight after the last line, so every purchase counts', () => {
    expect(toRows(customerEvents(frame))).toEqual([...EXPECTED, { customerId: 'c2', day: 15066, revenue: 1 }]);
  });

  it('unit invoices: one event per invoice, dated by its first line (hand-computed)', () => {
    const two = fromRows(
      [
        ['1', '2011-01-03 10:00', 'c'],
        ['2', '2011-01-03 16:00', 'c'],
        ['2', '2011-01-04 09:00', 'c'],
      ].map(([invoiceNo, at, customerId]) => ({
        invoiceNo,
        stockCode: 'A',
        description: null,
        quantity: 1,
        invoiceDate: parseIsoDate(at),
        unitPrice: 3,
        customerId,
        country: 'UK',
      })),
      TRANSACTION_SCHEMA,
    );
    expect(toRows(customerEvents(two, { unit: 'invoices' }))).toEqual([
      { customerId: 'c', day: 14977, revenue: 3 },
      { customerId: 'c', day: 14977, revenue: 6 },
    ]);
    expect(toRows(customerEvents(two))).toEqual([
      { customerId: 'c', day: 14977, revenue: 6 },
      { customerId: 'c', day: 14978, revenue: 3 },
    ]);
  });

  it('refuses a bad unit and a frame without the purchase columns', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isRetailKitError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => customerEvents(frame, { unit: 'weeks' as never }))).toBe('INVALID_ARGUMENT');
    expect(code(() => customerEvents({ length: 0, columns: {} }))).toBe('MISSING_COLUMN');
    expect(code(() => customerEventsSql('duckdb', { table: 't', unit: 'weeks' as never }))).toBe('INVALID_ARGUMENT');
  });
});

describe('customerEventsSql', () => {
  const sorted = (rows: Record<string, unknown>[]) =>
    rows
      .slice()
      .sort((a, b) => String(a.customerId).localeCompare(String(b.customerId)) || Number(a.day) - Number(b.day));

  it.skipIf(!duckdb)('gives customerEvents rows in DuckDB (hand-computed, days and invoices)', async () => {
    const days = await runOnDuckDb(
      TWO_CUSTOMERS,
      customerEventsSql('duckdb', { table: 'transactions', asOf: '2011-03-31' }),
    );
    expect(sorted(days)).toEqual(EXPECTED);
    // each invoice is on one day here, so invoices give the same events
    const invoices = await runOnDuckDb(
      TWO_CUSTOMERS,
      customerEventsSql('duckdb', { table: 'transactions', asOf: '2011-03-31', unit: 'invoices' }),
    );
    expect(sorted(invoices)).toEqual(EXPECTED);
  });
});
