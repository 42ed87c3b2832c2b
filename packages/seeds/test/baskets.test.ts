import { isRetailKitError, toRows } from '@retailkit/core';
import { baskets } from '@retailkit/seeds';
import { describe, expect, it } from 'vitest';

describe('baskets', () => {
  it('makes one invoice per basket and one quantity-1 line per code, a minute apart', () => {
    const rows = toRows(baskets([['TEA', 'CUPS'], ['JAM']]), { timestamps: 'iso' });
    expect(rows.map((r) => [r.invoiceNo, r.stockCode, r.quantity, r.invoiceDate])).toEqual([
      ['536365', 'TEA', 1, '2011-12-01T12:00:00.000Z'],
      ['536365', 'CUPS', 1, '2011-12-01T12:00:00.000Z'],
      ['536366', 'JAM', 1, '2011-12-01T12:01:00.000Z'],
    ]);
    expect(rows.every((r) => r.customerId === '17850' && r.unitPrice === 1)).toBe(true);
  });

  it('takes other fields from options.defaults but never the per-line invoice, code and date', () => {
    const rows = toRows(
      baskets([['A']], { defaults: { customerId: null, quantity: 6, invoiceNo: 'X', stockCode: 'Y' } }),
    );
    expect(rows.map((r) => [r.invoiceNo, r.stockCode, r.quantity, r.customerId])).toEqual([['536365', 'A', 6, null]]);
  });

  it('rejects an empty basket, a non-string code and a non-array list', () => {
    for (const [list, message] of [
      [[['A'], []], /list\[1\] must be a non-empty array/],
      [[['A', 7]], /list\[0\]\[1\]/],
      [[['']], /list\[0\]\[0\]/],
      ['A', /list must be an array/],
    ] as const) {
      try {
        baskets(list as never);
        expect.unreachable();
      } catch (e) {
        expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
