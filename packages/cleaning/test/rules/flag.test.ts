import { describe, expect, it } from 'vitest';
import { decoded, flagged, idsOf, runUpTo } from './harness.js';

// Each flag on hand-made lines, run after the rules before it in the table (as in clean); expected by hand.
const tests: Record<string, () => void> = {
  'colour-variant': () => {
    it('flags digits + 1–3 letters and writes the digits as baseStockCode', () => {
      const codes = ['85123A', '15056bl', '84029G', 'DCGS0066P', 'POST', '22633', '90214Z'];
      const { t } = runUpTo(
        'colour-variant',
        codes.map((stockCode) => ({ stockCode })),
      );
      expect(Array.from(t.flags['colour-variant'] ?? [])).toEqual([1, 1, 1, 0, 0, 0, 1]);
      expect(decoded(t, 'baseStockCode')).toEqual(['85123', '15056', '84029', 'DCGS0066P', 'POST', '22633', '90214']);
    });
  },
  anonymous: () => {
    it('flags a missing or blank customer id as read, also when anonymousCustomerId fills it', () => {
      const lines = [{ customerId: null }, { customerId: ' ' }, {}];
      expect(flagged('anonymous', lines)).toEqual([1, 1, 0]);
      expect(flagged('anonymous', lines, { anonymousCustomerId: '0' })).toEqual([1, 1, 0]);
    });
  },
  cancellation: () => {
    it('flags invoices starting with C in either case', () => {
      const lines = ['C540009', 'c540010', ' C540011', '540012', 'A540013'].map((invoiceNo) => ({
        invoiceNo,
        quantity: -1,
      }));
      expect(flagged('cancellation', lines)).toEqual([1, 1, 1, 0, 0]);
    });
  },
  'bad-debt': () => {
    it('flags an A invoice, stock code B (either case) or a negative price', () => {
      const lines = [
        { invoiceNo: 'A540003', stockCode: 'B', description: 'Adjust bad debt', quantity: 1, unitPrice: 100 },
        { invoiceNo: 'a540004', quantity: 1 },
        { unitPrice: -3 },
        { stockCode: 'b', quantity: 1, unitPrice: 1 },
        { stockCode: 'BB' },
      ];
      expect(flagged('bad-debt', lines)).toEqual([1, 1, 1, 1, 0]);
    });
  },
  'free-line': () => {
    it('flags quantity < 0 at price 0', () => {
      const lines = [
        { quantity: -7, unitPrice: 0, description: 'damaged' },
        { quantity: 12, unitPrice: 0 },
        { invoiceNo: 'C540009', quantity: -6 },
      ];
      expect(flagged('free-line', lines)).toEqual([1, 0, 0]);
    });
  },
  'zero-price': () => {
    it('flags quantity > 0 at price 0', () => {
      const lines = [{ quantity: -7, unitPrice: 0 }, { quantity: 12, unitPrice: 0 }, { quantity: 12 }];
      expect(flagged('zero-price', lines)).toEqual([0, 1, 0]);
    });
  },
  discount: () => {
    it('flags stock code D or a "Discount" description (case-insensitive, trimmed)', () => {
      const lines = [
        { invoiceNo: 'C540001', stockCode: 'D', description: 'Discount', quantity: -1, unitPrice: 5 },
        { stockCode: '99999', description: ' discount ' },
        { stockCode: 'd', description: null },
        { description: 'DISCOUNTED MUG' },
      ];
      expect(flagged('discount', lines)).toEqual([1, 1, 1, 0]);
    });
  },
  'non-product': () => {
    it('flags NON_PRODUCT_CODES (after upper-casing) and writes the category', () => {
      const lines = [{ stockCode: 'POST' }, { stockCode: 'm' }, { stockCode: 'GIFT_0001_20' }, {}];
      const { t } = runUpTo('non-product', lines);
      expect(Array.from(t.flags['non-product'] ?? [])).toEqual([1, 1, 0, 0]);
      expect(decoded(t, 'nonProductCategory')).toEqual(['postage', 'manual', null, null]);
      const extended = runUpTo('non-product', lines, { nonProductCodes: { gift_0001_20: 'gift-voucher' } });
      expect(decoded(extended.t, 'nonProductCategory')).toEqual(['postage', 'manual', 'gift-voucher', null]);
    });
  },
  duplicate: () => {
    it('flags later rows equal in all eight columns as read, missing equal to missing', () => {
      const lines = [
        { customerId: null },
        { customerId: null },
        { customerId: null, quantity: 7 },
        { customerId: null },
        { customerId: '1' },
      ];
      expect(flagged('duplicate', lines)).toEqual([0, 1, 0, 1, 0]);
      // judged on the input as read: "m" and "M" lines differ
      expect(flagged('duplicate', [{ stockCode: 'm' }, { stockCode: 'M' }])).toEqual([0, 0]);
    });
  },
  'quantity-outlier': () => {
    it('IQR fences over sale lines, bounds inclusive; the factor is an option', () => {
      // sale-line quantities 1..8 and 100: Q1 = 3, Q3 = 7 (type 7), IQR 4, fences -3 / 13 → only 100;
      // the cancellation and the postage line are not sale lines, so neither counts nor is flagged
      const qs = [1, 2, 3, 4, 5, 6, 7, 8, 100];
      const lines = [
        ...qs.map((quantity) => ({ quantity })),
        { invoiceNo: 'C1', quantity: -500 },
        { stockCode: 'POST', quantity: 900 },
      ];
      const { t } = runUpTo('quantity-outlier', lines);
      expect(t.parameters.quantityOutlier).toEqual({
        method: 'iqr',
        factor: 1.5,
        q1: 3,
        q3: 7,
        iqr: 4,
        lower: -3,
        upper: 13,
      });
      expect(Array.from(t.flags['quantity-outlier'] ?? [])).toEqual([...Array(8).fill(0), 1, 0, 0]);
      // factor 0.5: fences 1 and 9 → 1 (on the bound, inclusive) and 100
      const half = flagged('quantity-outlier', lines, { quantityOutlier: { method: 'iqr', factor: 0.5 } });
      expect(half).toEqual([1, ...Array(7).fill(0), 1, 0, 0]);
      expect(flagged('quantity-outlier', lines, { quantityOutlier: { method: 'none' } })).toEqual(Array(11).fill(0));
    });
  },
  'price-outlier': () => {
    it('z-score over sale lines with the population σ, |z| >= threshold flagged', () => {
      // prices 1 ×8 and 10: mean 2, σ = sqrt((8·1 + 64)/9) = 2.828…, z(10) = 2.83 → flagged at 2.5, not at 3
      const lines = [...Array(8).fill(1), 10].map((unitPrice) => ({ unitPrice }));
      const { t } = runUpTo('price-outlier', lines);
      expect(t.parameters.priceOutlier).toMatchObject({ method: 'zscore', threshold: 3, mean: 2 });
      expect(Array.from(t.flags['price-outlier'] ?? [])).toEqual(Array(9).fill(0));
      const at25 = flagged('price-outlier', lines, { priceOutlier: { method: 'zscore', threshold: 2.5 } });
      expect(at25).toEqual([...Array(8).fill(0), 1]);
    });
  },
  'unknown-country': () => {
    it('flags missing, blank and pseudo countries; pseudoCountries replaces the list', () => {
      const lines = [
        { country: 'Unspecified' },
        { country: 'European Community' },
        { country: null },
        { country: 'Channel Islands' },
      ];
      expect(flagged('unknown-country', lines)).toEqual([1, 1, 1, 0]);
      expect(flagged('unknown-country', lines, { pseudoCountries: ['Channel Islands'] })).toEqual([0, 0, 1, 1]);
    });
  },
};

describe('flag rules, one by one', () => {
  for (const [id, body] of Object.entries(tests)) describe(id, body);
  it('every flag of the table has its test here, in table order', () => {
    expect(Object.keys(tests)).toEqual(idsOf('flag'));
  });
});
