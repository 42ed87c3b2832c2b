import { numberColumn, toRows, withColumn } from '@retailkit/core';
import { REFERENCE_FEATURES, referenceFeatures } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { fixtureFrame } from './fixtures/load.js';

/**
 * Expected rows computed by an independent pandas replay of the notebook logic:
 * `/usr/bin/python3 packages/rfm/test/oracle/reference_features.py packages/rfm/test/fixtures/transactions.csv`
 * (pandas 1.5.3, Debian python3-pandas). The fixture has cancellations, a customer "0", a missing customer,
 * an invoice whose rows carry two timestamps, an out-of-date-order invoice (negative gap), two invoices 20
 * minutes apart across midnight (gap 0), and December in two years (month-number grouping).
 */
const PANDAS = [
  {
    customerId: '12346',
    recency: 999,
    frequency: 1,
    monetary: 11.9,
    isOneTime: 1,
    meanTimeInterval: 999,
    meanTicketSize: 11.9,
    meanUniqueItems: 1,
    meanQuantity: 2,
    spendPerMonth: 11.9,
    frequencyPerMonth: 1,
  },
  {
    customerId: '12347',
    recency: 261,
    frequency: 5,
    monetary: 405.41999999999996,
    isOneTime: 0,
    meanTimeInterval: 87.67,
    meanTicketSize: 81.08,
    meanUniqueItems: 1.6,
    meanQuantity: 35.6,
    spendPerMonth: 36.12,
    frequencyPerMonth: 2.5,
  },
  {
    customerId: '12348',
    recency: 40,
    frequency: 2,
    monetary: 82.5,
    isOneTime: 0,
    meanTimeInterval: 999,
    meanTicketSize: 41.25,
    meanUniqueItems: 1,
    meanQuantity: 9,
    spendPerMonth: 41.25,
    frequencyPerMonth: 1,
  },
  {
    customerId: '12349',
    recency: 338,
    frequency: 4,
    monetary: 62.6,
    isOneTime: 0,
    meanTimeInterval: 209.5,
    meanTicketSize: 15.65,
    meanUniqueItems: 1,
    meanQuantity: 5,
    spendPerMonth: 15.65,
    frequencyPerMonth: 2,
  },
  {
    customerId: '12350',
    recency: 1,
    frequency: 3,
    monetary: 9.34,
    isOneTime: 0,
    meanTimeInterval: 1,
    meanTicketSize: 3.11,
    meanUniqueItems: 1.33,
    meanQuantity: 0.67,
    spendPerMonth: 2.69,
    frequencyPerMonth: 1.5,
  },
];

describe('referenceFeatures', () => {
  it('reproduces the pandas replay of the notebook on the fixture', () => {
    const rows = toRows(referenceFeatures(fixtureFrame()));
    expect(rows.length).toBe(PANDAS.length);
    rows.forEach((row, i) => {
      expect(row.customerId).toBe(PANDAS[i].customerId);
      for (const name of REFERENCE_FEATURES) expect(row[name]).toBeCloseTo(PANDAS[i][name], 9);
    });
  });

  it('uses a revenue column when present and drops customer "0" itself', () => {
    const f = fixtureFrame();
    const q = (f.columns.quantity as { data: Float64Array }).data;
    const p = (f.columns.unitPrice as { data: Float64Array }).data;
    const doubled = withColumn(f, 'revenue', numberColumn(q.map((v, i) => 2 * v * p[i])));
    const rows = toRows(referenceFeatures(doubled));
    expect(rows.map((r) => r.customerId)).not.toContain('0');
    expect(rows[0].monetary).toBeCloseTo(23.8, 10);
  });
});
