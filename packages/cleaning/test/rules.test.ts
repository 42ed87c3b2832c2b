import { fromRows, type Row, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { clean } from '../src/index.js';

// Hand-made micro fixtures, one rule at a time; expected values counted by hand.
const d = new Date(Date.UTC(2011, 2, 1, 9));
const line = (over: Partial<Row>): Row => ({
  invoiceNo: '540000',
  stockCode: '22633',
  description: 'HAND WARMER UNION JACK',
  quantity: 6,
  invoiceDate: d,
  unitPrice: 1.85,
  customerId: '17850',
  country: 'United Kingdom',
  ...over,
});
const run = (rows: Row[], options = {}) => clean(fromRows(rows, TRANSACTION_SCHEMA), options);

describe('rules one by one', () => {
  it('colour-variant: digits + 1-3 letters → base code', () => {
    const codes = ['85123A', '15056bl', '84029G', 'DCGS0066P', 'POST', '22633', '90214Z'];
    const r = run(codes.map((stockCode, i) => line({ stockCode, invoiceNo: String(540000 + i) })));
    expect(toRows(r.frame).map((x) => [x.stockCode, x.baseStockCode, x.isColourVariant])).toEqual([
      ['85123A', '85123', true],
      ['15056BL', '15056', true],
      ['84029G', '84029', true],
      ['DCGS0066P', 'DCGS0066P', false],
      ['POST', 'POST', false],
      ['22633', '22633', false],
      ['90214Z', '90214', true],
    ]);
    expect(r.report.ruleCounts['colour-variant']).toBe(4);
  });

  it('discount by code or by description; bad debt by A invoice, code B or negative price', () => {
    const r = run([
      line({ invoiceNo: 'C540001', stockCode: 'D', description: 'Discount', quantity: -1, unitPrice: 5 }),
      line({ invoiceNo: '540002', stockCode: '99999', description: ' discount ' }),
      line({ invoiceNo: 'A540003', stockCode: 'B', description: 'Adjust bad debt', quantity: 1, unitPrice: 100 }),
      line({ invoiceNo: '540004', unitPrice: -3 }),
      line({ invoiceNo: '540005', stockCode: 'b', quantity: 1, unitPrice: 1 }),
    ]);
    expect(toRows(r.frame).map((x) => [x.isDiscount, x.isBadDebt])).toEqual([
      [true, false],
      [true, false],
      [false, true],
      [false, true],
      [false, true],
    ]);
    expect([r.report.ruleCounts.discount, r.report.ruleCounts['bad-debt']]).toEqual([2, 3]);
  });

  it('free lines, give-aways and cancellations', () => {
    const r = run([
      line({ quantity: -7, unitPrice: 0, customerId: null, description: 'damaged' }),
      line({ quantity: 12, unitPrice: 0 }),
      line({ invoiceNo: 'C540009', quantity: -6 }),
      line({ invoiceNo: 'c540010', quantity: -1 }),
    ]);
    expect(toRows(r.frame).map((x) => [x.isFreeLine, x.isZeroPrice, x.isCancellation])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [false, false, true],
    ]);
  });

  it('duplicates: all eight columns equal, missing equals missing, first occurrence kept unflagged', () => {
    const r = run([
      line({ customerId: null }),
      line({ customerId: null }),
      line({ customerId: null, quantity: 7 }),
      line({ customerId: null }),
      line({ customerId: '1' }),
    ]);
    expect(toRows(r.frame).map((x) => x.isDuplicate)).toEqual([false, true, false, true, false]);
    // duplicates are judged on the input as read: "m" and "M" lines differ
    const s = run([line({ stockCode: 'm' }), line({ stockCode: 'M' })]);
    expect(s.report.ruleCounts.duplicate).toBe(0);
  });

  it('descriptions: trimmed, blank → "No Description", one per code', () => {
    const r = run([
      line({ description: '  ' }),
      line({ description: 'HAND WARMER ' }),
      line({ description: 'HAND WARMER' }),
      line({ stockCode: '71053', description: null }),
    ]);
    expect(toRows(r.frame).map((x) => x.description)).toEqual([
      'HAND WARMER',
      'HAND WARMER',
      'HAND WARMER',
      'No Description',
    ]);
    expect(r.report.ruleCounts).toMatchObject({ 'trim-description': 2, 'fill-description': 2, 'unify-description': 1 });
  });

  it('unknown countries and the options that extend the lists', () => {
    const rows = [
      line({ country: 'Unspecified' }),
      line({ country: 'European Community' }),
      line({ country: null }),
      line({ country: 'Channel Islands', stockCode: 'GIFT_0001_20' }),
    ];
    expect(run(rows).report.ruleCounts['unknown-country']).toBe(3);
    const r = run(rows, { pseudoCountries: ['Channel Islands'], nonProductCodes: { gift_0001_20: 'gift-voucher' } });
    expect(toRows(r.frame).map((x) => [x.isUnknownCountry, x.nonProductCategory])).toEqual([
      [false, null],
      [false, null],
      [true, null],
      [true, 'gift-voucher'],
    ]);
  });

  it('outlier bounds: IQR fences inclusive, z-score |z| >= threshold flagged', () => {
    // sale-line quantities 1..8 and 100: Q1 = 3, Q3 = 7 (type 7), IQR 4, fences -3 / 13 → only 100
    const qs = [1, 2, 3, 4, 5, 6, 7, 8, 100];
    const r = run(qs.map((quantity) => line({ quantity })));
    expect(r.report.parameters.quantityOutlier).toMatchObject({ q1: 3, q3: 7, lower: -3, upper: 13 });
    expect(toRows(r.frame).map((x) => x.isQuantityOutlier)).toEqual([...Array(8).fill(false), true]);
    // factor 0.5: fences 1 and 9 → 1 (on the bound, inclusive) and 100
    const f = run(
      qs.map((quantity) => line({ quantity })),
      { quantityOutlier: { method: 'iqr', factor: 0.5 } },
    );
    expect(f.report.ruleCounts['quantity-outlier']).toBe(2);
    // prices 1 ×8 and 10: mean 2, σ = sqrt((8·1 + 64)/9) = 2.828…, z(10) = 2.83 → flagged at threshold 2.5, not 3
    const ps = [...Array(8).fill(1), 10];
    const z25 = run(
      ps.map((unitPrice) => line({ unitPrice })),
      { priceOutlier: { method: 'zscore', threshold: 2.5 } },
    );
    expect(z25.report.ruleCounts['price-outlier']).toBe(1);
    expect(run(ps.map((unitPrice) => line({ unitPrice }))).report.ruleCounts['price-outlier']).toBe(0);
  });
});

describe('edge cases', () => {
  it('an empty frame gives an empty, consistent report', () => {
    const r = clean(fromRows([], TRANSACTION_SCHEMA));
    expect([r.report.rowsIn, r.report.rowsKept, r.report.rowsQuarantined]).toEqual([0, 0, 0]);
    expect(r.report.dateRange).toEqual({ first: null, last: null });
    expect(r.views.modeling.length).toBe(0);
    expect(JSON.parse(JSON.stringify(r.report)).steps).toEqual([{ id: 'quarantine', rowsAfter: 0 }]);
    const ref = clean(fromRows([], TRANSACTION_SCHEMA), { preset: 'reference' });
    expect(ref.report.steps.map((s) => s.rowsAfter)).toEqual([0, 0, 0, 0]);
  });

  it('extra input columns pass through to the frame, the views and the quarantine', () => {
    const r = run([line({ channel: 'web' }), line({ channel: 'shop', quantity: -1 })]);
    expect(toRows(r.frame).map((x) => x.channel)).toEqual(['web']);
    expect(toRows(r.quarantine).map((x) => x.channel)).toEqual(['shop']);
    expect(toRows(r.views.revenue).map((x) => x.channel)).toEqual(['web']);
  });
});
