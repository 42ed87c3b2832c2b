import { isRetailKitError } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { customerFeaturesSql } from '../src/index.js';
import { FEATURE_DEFINITIONS } from '../src/internal/feature-definitions.js';
import { duckdb, type LineTuple, runOnDuckDb, TWO_CUSTOMERS } from './fixtures/duckdb.js';

// Expected values are hand-computed from TWO_CUSTOMERS (see the fixture); c1 is customerFeatures' doc example.
const C1 = {
  customerId: 'c1',
  recency: 30,
  frequency: 2,
  monetary: 40,
  oneTime: 0,
  meanDaysBetween: 57,
  meanTicketSize: 20,
  meanItemsPerInvoice: 1.5,
  meanQuantityPerInvoice: 3.5,
  meanSpendPerMonth: 20,
  purchasesPerMonth: 1,
  refundLineRate: 0,
  refundValueRate: 0,
  tenure: 87,
  activeDays: 2,
  activeMonths: 2,
};
// c2: one purchase of 10 on 2011-02-01 (58 days before 2011-03-31), 4 refunded: net 6, half its lines refunds.
const C2 = {
  customerId: 'c2',
  recency: 58,
  frequency: 1,
  monetary: 6,
  oneTime: 1,
  meanDaysBetween: 58,
  meanTicketSize: 10,
  meanItemsPerInvoice: 1,
  meanQuantityPerInvoice: 10,
  meanSpendPerMonth: 6,
  purchasesPerMonth: 1,
  refundLineRate: 0.5,
  refundValueRate: 0.4,
  tenure: 58,
  activeDays: 1,
  activeMonths: 1,
};

describe('customerFeaturesSql', () => {
  it.skipIf(!duckdb)('computes the behaviour features of a hand-computed fixture in DuckDB', async () => {
    const rows = await runOnDuckDb(
      TWO_CUSTOMERS,
      customerFeaturesSql('duckdb', { table: 'transactions', asOf: '2011-03-31' }),
    );
    expect(rows).toEqual([C1, C2]);
  });

  it.skipIf(!duckdb)("counts a purchase's items as the distinct stock codes of its positive lines", async () => {
    // hand-computed: invoice 7 has A twice, B, and a negative C (items A, B: 2); the cancelled C8 and invoice 9 (a
    // negative line only) are no purchases; invoice 10 buys A again (1). Two purchases, 3 items: 1.5 per invoice.
    const lines: LineTuple[] = [
      ['7', 'A', 2, '2011-03-01 10:00', 1, 'c3'],
      ['7', 'A', 3, '2011-03-01 10:00', 2, 'c3'],
      ['7', 'B', 1, '2011-03-01 10:00', 1, 'c3'],
      ['7', 'C', -1, '2011-03-01 10:00', 1, 'c3'],
      ['C8', 'E', -1, '2011-03-02 10:00', 1, 'c3'],
      ['9', 'F', -2, '2011-03-03 10:00', 1, 'c3'],
      ['10', 'A', 1, '2011-03-04 10:00', 1, 'c3'],
    ];
    const rows = await runOnDuckDb(lines, customerFeaturesSql('duckdb', { table: 'transactions', asOf: '2011-03-31' }));
    expect(rows.map((r) => [r.customerId, r.frequency, r.meanItemsPerInvoice])).toEqual([['c3', 2, 1.5]]);
  });

  it.skipIf(!duckdb)('defaults asOf to midnight after the last line of the table', async () => {
    const rows = await runOnDuckDb(TWO_CUSTOMERS, customerFeaturesSql('duckdb', { table: 'transactions' }));
    // asOf 2011-04-03: c1's last purchase 2011-03-01 is 33 days back; c2 bought again on 2011-04-02
    expect(rows.map((r) => [r.customerId, r.recency, r.frequency])).toEqual([
      ['c1', 33, 2],
      ['c2', 1, 2],
    ]);
  });

  it('takes every feature expression from the shared definitions, whose kernels give the same fixture values', () => {
    const sql = customerFeaturesSql('postgres', { table: 'transactions', asOf: '2011-03-31' });
    for (const d of FEATURE_DEFINITIONS) expect(sql).toContain(`AS "${d.name}"`);
    const c2 = {
      frequency: 1,
      firstDay: 15006,
      lastDay: 15006,
      asOfDay: 15064,
      gross: 10,
      quantity: 10,
      items: 1,
      net: 6,
      refunded: 4,
      lines: 2,
      cancelledLines: 1,
      activeDays: 1,
      activeMonths: 1,
    };
    const fromKernels = Object.fromEntries(FEATURE_DEFINITIONS.map((d) => [d.name, d.kernel(c2)]));
    expect({ customerId: 'c2', ...fromKernels }).toEqual(C2);
  });

  it('renames columns and refuses unsafe names and a bad asOf', () => {
    const sql = customerFeaturesSql('bigquery', {
      table: 'shop.retail.lines',
      columns: { customerId: 'Customer_ID', revenue: 'amount' },
    });
    expect(sql).toContain('`Customer_ID` AS customer_id');
    expect(sql).toContain('`amount` AS revenue');
    const codes = [
      () => customerFeaturesSql('postgres', { table: 'x; DROP TABLE y' }),
      () => customerFeaturesSql('postgres', { table: 't', columns: { quantity: 'q"' } }),
      () => customerFeaturesSql('postgres', { table: 't', asOf: 'yesterday' }),
      () => customerFeaturesSql('postgres', undefined as never),
    ].map((f) => {
      try {
        f();
      } catch (e) {
        return isRetailKitError(e) ? e.code : 'other';
      }
      return 'none';
    });
    expect(codes).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
  });
});
