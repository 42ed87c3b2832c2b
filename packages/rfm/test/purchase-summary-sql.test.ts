import { isRetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { purchaseSummarySql } from '../src/index.js';
import { duckdb, runOnDuckDb, TWO_CUSTOMERS } from './fixtures/duckdb.js';

// Hand-computed from TWO_CUSTOMERS: c1 buys on days 14977 (2011-01-03, 20) and 15034 (2011-03-01, 20); c2 once on
// 15006 (2011-02-01); the refund is not a purchase; asOf 2011-03-31 is day 15064.
describe('purchaseSummarySql', () => {
  it.skipIf(!duckdb)('gives (x, tx, T, monetaryValue) per customer as purchaseSummary defines them', async () => {
    const rows = await runOnDuckDb(
      TWO_CUSTOMERS,
      purchaseSummarySql('duckdb', { table: 'transactions', asOf: '2011-03-31' }),
    );
    expect(rows).toEqual([
      { customerId: 'c1', x: 1, tx: 57, T: 87, monetaryValue: 20 },
      { customerId: 'c2', x: 0, tx: 0, T: 58, monetaryValue: 0 },
    ]);
  });

  it.skipIf(!duckdb)('aggregates same-day purchases into one and averages repeat days only', async () => {
    const lines = [
      ['1', 'A', 1, '2011-01-03 10:00', 100, 'c'],
      ['2', 'A', 1, '2011-01-05 10:00', 10, 'c'],
      ['3', 'A', 1, '2011-01-05 16:00', 20, 'c'],
      ['4', 'A', 1, '2011-01-09 10:00', 6, 'c'],
    ] as const;
    const rows = await runOnDuckDb(
      lines.map((l) => [...l]),
      purchaseSummarySql('duckdb', { table: 'transactions', asOf: '2011-01-10' }),
    );
    // purchase days 3rd (100), 5th (10 + 20), 9th (6): x = 2, tx = 6, T = 7, m = (30 + 6) / 2
    expect(rows).toEqual([{ customerId: 'c', x: 2, tx: 6, T: 7, monetaryValue: 18 }]);
  });

  it('refuses an unknown dialect and a missing table', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isRetailKitError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => purchaseSummarySql('oracle' as never, { table: 't' }))).toBe('INVALID_ARGUMENT');
    expect(code(() => purchaseSummarySql('duckdb', {} as never))).toBe('INVALID_ARGUMENT');
  });
});
