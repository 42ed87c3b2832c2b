import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Frame,
  fromRows,
  numberColumn,
  parseIsoDate,
  TRANSACTION_SCHEMA,
  toRows,
  withColumn,
} from '@retailkit/core';
import { RFM_ERROR_CODES } from '@retailkit/rfm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTEBOOK_FEATURES, notebookFeatures, segmentLikeNotebook } from '../src/reference/segment.js';

/** test/fixtures/rfm-transactions.csv (UCI header, no quoted fields) as a canonical Frame. */
function fixtureFrame(): Frame {
  const text = readFileSync(fileURLToPath(new URL('./fixtures/rfm-transactions.csv', import.meta.url)), 'utf8');
  const [, ...lines] = text.trim().split('\n');
  const rows = lines.map((line) => {
    const [invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country] = line.split(',');
    return {
      invoiceNo,
      stockCode,
      description: description || null,
      quantity: Number(quantity),
      invoiceDate: parseIsoDate(invoiceDate),
      unitPrice: Number(unitPrice),
      customerId: customerId || null,
      country,
    };
  });
  return fromRows(rows, TRANSACTION_SCHEMA);
}

/**
 * Expected rows computed by an independent pandas replay of the notebook logic:
 * `/usr/bin/python3 examples/end-to-end/test/oracles/notebook_features.py examples/end-to-end/test/fixtures/rfm-transactions.csv`
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

describe('notebookFeatures (the notebook replay of the reference preset)', () => {
  it('reproduces the pandas replay of the notebook on the fixture', () => {
    const rows = toRows(notebookFeatures(fixtureFrame()));
    expect(rows.length).toBe(PANDAS.length);
    rows.forEach((row, i) => {
      expect(row.customerId).toBe(PANDAS[i].customerId);
      for (const name of NOTEBOOK_FEATURES) expect(row[name]).toBeCloseTo(PANDAS[i][name], 9);
    });
  });

  it('uses a revenue column when present and drops customer "0" itself', () => {
    const f = fixtureFrame();
    const q = (f.columns.quantity as { data: Float64Array }).data;
    const p = (f.columns.unitPrice as { data: Float64Array }).data;
    const doubled = withColumn(f, 'revenue', numberColumn(q.map((v, i) => 2 * v * p[i])));
    const rows = toRows(notebookFeatures(doubled));
    expect(rows.map((r) => r.customerId)).not.toContain('0');
    expect(rows[0].monetary).toBeCloseTo(23.8, 10);
  });

  it('counts every distinct invoice of a customer as frequency, cancellations included (property)', () => {
    const transactions = fc.array(
      fc.record({
        invoice: fc.integer({ min: 0, max: 30 }),
        cancel: fc.boolean(),
        quantity: fc.integer({ min: -5, max: 20 }),
        day: fc.integer({ min: 0, max: 500 }),
        customer: fc.option(fc.constantFrom('1', '2', '3', '4', '5'), { nil: null }),
      }),
      { minLength: 1, maxLength: 80 },
    );
    fc.assert(
      fc.property(transactions, (rows) => {
        const frame = fromRows(
          rows.map((r) => ({
            invoiceNo: `${r.cancel ? 'C' : ''}${r.invoice}`,
            stockCode: 'A',
            description: null,
            quantity: r.quantity,
            invoiceDate: Date.UTC(2010, 11, 1) + r.day * 86_400_000,
            unitPrice: 2,
            customerId: r.customer,
            country: 'UK',
          })),
          TRANSACTION_SCHEMA,
        );
        for (const r of toRows(notebookFeatures(frame))) {
          const invoices = new Set(
            rows.filter((t) => t.customer === r.customerId).map((t) => `${t.cancel ? 'C' : ''}${t.invoice}`),
          );
          expect(r.frequency).toBe(invoices.size);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('segmentLikeNotebook', () => {
  const small = { seed: 3, kRange: [2, 2] as const, churn: false, folds: 2, candidates: 2 };

  it('segments the notebook table, reports its features and records the preset as "reference"', () => {
    const { model, report } = segmentLikeNotebook(fixtureFrame(), small);
    expect(report.preset).toBe('reference');
    expect(report.customers).toBe(5);
    expect(Object.keys(report.features)).toEqual([...NOTEBOOK_FEATURES]);
    expect(report.features.frequency).toEqual({ mean: 3, median: 3, max: 5 });
    expect(report.selection).toMatchObject({ scaler: 'robust', log1p: false, silhouetteSampled: false });
    expect(report.rfmSegments).toBeUndefined();
    expect(model.toJSON().params.preset).toBe('reference');
  });

  it('gives a model that predicts from the notebook features, not from transactions', async () => {
    const { model } = segmentLikeNotebook(fixtureFrame(), small);
    const features = Object.fromEntries(NOTEBOOK_FEATURES.map((f) => [f, 1]));
    expect((await model.predict({ features })).churnProbability).toBeNull();
    const tx = [{ invoiceNo: '1', stockCode: 'A', quantity: 1, invoiceDate: '2011-11-01', unitPrice: 1 }];
    await expect(async () => model.predict({ transactions: tx })).rejects.toMatchObject({
      code: RFM_ERROR_CODES.badInput,
    });
  });
});
