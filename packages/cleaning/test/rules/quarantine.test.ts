import { describe, expect, it } from 'vitest';
import { idsOf, rule, table } from './harness.js';

// Each quarantine check alone (priority between them is tested in quarantine.test.ts); expected values by hand.
function marks(id: string, lines: Parameters<typeof table>[0]): number[] {
  const t = table(lines);
  const out = new Uint8Array(t.n);
  const r = rule(id);
  if (r.kind !== 'quarantine') throw new Error(`${id} is not a quarantine rule`);
  r.mark(t, out);
  return Array.from(out);
}

const tests: Record<string, () => void> = {
  'missing-invoice': () => {
    it('marks a missing or blank invoice number', () => {
      expect(marks('missing-invoice', [{ invoiceNo: null }, { invoiceNo: '  ' }, { invoiceNo: '536365' }])).toEqual([
        1, 1, 0,
      ]);
    });
  },
  'missing-stock-code': () => {
    it('marks a missing or blank stock code', () => {
      expect(marks('missing-stock-code', [{ stockCode: null }, { stockCode: ' ' }, { stockCode: 'POST' }])).toEqual([
        1, 1, 0,
      ]);
    });
  },
  'bad-quantity': () => {
    it('marks a missing or infinite quantity', () => {
      expect(
        marks('bad-quantity', [{ quantity: null }, { quantity: Number.POSITIVE_INFINITY }, { quantity: -3 }]),
      ).toEqual([1, 1, 0]);
    });
  },
  'bad-price': () => {
    it('marks a missing or infinite unit price; 0 and negative prices are prices', () => {
      expect(marks('bad-price', [{ unitPrice: null }, { unitPrice: 0 }, { unitPrice: -11062.06 }])).toEqual([1, 0, 0]);
    });
  },
  'bad-date': () => {
    it('marks a missing invoice date', () => {
      expect(marks('bad-date', [{ invoiceDate: null }, {}])).toEqual([1, 0]);
    });
  },
  'negative-quantity-not-cancelled': () => {
    it('marks a negative quantity on a non-C invoice at a non-zero price only', () => {
      const lines = [
        { invoiceNo: '536999', quantity: -2, unitPrice: 2.55 }, // the case
        { invoiceNo: '536999', quantity: -2, unitPrice: 0 }, // a free/damaged line: kept and flagged
        { invoiceNo: 'C536999', quantity: -2, unitPrice: 2.55 }, // a cancellation
        { invoiceNo: ' c536999', quantity: -1, unitPrice: 1 }, // lower case, leading space: a cancellation too
        { invoiceNo: 'A563185', quantity: -1, unitPrice: 5 }, // an adjustment is not a cancellation
        { invoiceNo: '536999', quantity: 2, unitPrice: 2.55 },
      ];
      expect(marks('negative-quantity-not-cancelled', lines)).toEqual([1, 0, 0, 0, 1, 0]);
    });
  },
  'positive-quantity-cancelled': () => {
    it('marks a positive quantity on a C invoice', () => {
      const lines = [
        { invoiceNo: 'C536379', quantity: 6 },
        { invoiceNo: 'c536379', quantity: 1 },
        { invoiceNo: 'C536379', quantity: -6 },
        { invoiceNo: '536379', quantity: 6 },
      ];
      expect(marks('positive-quantity-cancelled', lines)).toEqual([1, 1, 0, 0]);
    });
  },
  'bad-revenue': () => {
    // issue 17, finding 9: 1e308 × 1e308 = Infinity was kept as revenue
    it('marks a line whose quantity × unitPrice overflows; large but finite products are revenue', () => {
      const lines = [
        { quantity: 1e308, unitPrice: 1e308 },
        { quantity: -1e308, unitPrice: 10 },
        { quantity: 1e200, unitPrice: 1e100 },
        { quantity: 6, unitPrice: 2.55 },
      ];
      expect(marks('bad-revenue', lines)).toEqual([1, 1, 0, 0]);
    });
  },
};

describe('quarantine rules, one by one', () => {
  for (const [id, body] of Object.entries(tests)) describe(id, body);
  it('every quarantine rule of the table has its test here, in table order', () => {
    expect(Object.keys(tests)).toEqual(idsOf('quarantine'));
  });
});
