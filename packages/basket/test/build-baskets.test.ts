import { buildBaskets } from '@retailkit/basket';
import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

// Hand-made fixture; expected baskets worked out by hand from the rows below.
const rows = [
  { invoiceNo: '1', stockCode: 'B', description: 'BOWL', quantity: 2 },
  { invoiceNo: '1', stockCode: 'A', description: 'APPLE ', quantity: 1 },
  { invoiceNo: '1', stockCode: 'A', description: 'APPLE ', quantity: 3 },
  { invoiceNo: '2', stockCode: 'A', description: 'APPLE ', quantity: 1 },
  { invoiceNo: '2', stockCode: 'C', description: 'CUP', quantity: 0 },
  { invoiceNo: '3', stockCode: 'C', description: 'CUP', quantity: 5 },
  { invoiceNo: '3', stockCode: 'C', description: 'CUP', quantity: -5 },
  { invoiceNo: '3', stockCode: 'D', description: 'DISH', quantity: 1 },
  { invoiceNo: null, stockCode: 'D', description: 'DISH', quantity: 1 },
  { invoiceNo: '4', stockCode: null, description: null, quantity: 1 },
  { invoiceNo: '4', stockCode: 'E', description: 'EGG', quantity: Number.NaN },
];
const frame = fromRows(rows, {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'number',
});

function decode(b: ReturnType<typeof buildBaskets>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < b.length; i++)
    out[b.basketLabels[i]] = Array.from(b.items.subarray(b.offsets[i], b.offsets[i + 1]), (x) => b.itemLabels[x]);
  return out;
}

describe('buildBaskets', () => {
  it('line mode: a line counts when quantity >= 1; items distinct and sorted', () => {
    const b = buildBaskets(frame);
    expect(decode(b)).toEqual({ '1': ['A', 'B'], '2': ['A'], '3': ['C', 'D'] });
    expect(b.itemLabels).toEqual(['A', 'B', 'C', 'D']);
    expect(b.stats).toEqual({
      rows: 11,
      rowsMissing: 3,
      rowsUsed: 6,
      basketsSeen: 3,
      droppedSmall: 0,
      droppedLarge: 0,
    });
  });

  it('sum mode: quantities summed per basket and item first (C in invoice 3 nets to 0)', () => {
    const b = buildBaskets(frame, { aggregate: 'sum' });
    expect(decode(b)).toEqual({ '1': ['A', 'B'], '2': ['A'], '3': ['D'] });
  });

  it('description items are kept exactly as written (not trimmed)', () => {
    const b = buildBaskets(frame, { item: 'description' });
    expect(b.itemLabels).toEqual(['APPLE ', 'BOWL', 'CUP', 'DISH']);
  });

  it('minItems and maxItems drop (never truncate) baskets and count them', () => {
    const b = buildBaskets(frame, { minItems: 2 });
    expect(decode(b)).toEqual({ '1': ['A', 'B'], '3': ['C', 'D'] });
    expect(b.stats.droppedSmall).toBe(1);
    const c = buildBaskets(frame, { maxItems: 1 });
    expect(decode(c)).toEqual({ '2': ['A'] });
    expect(c.stats.droppedLarge).toBe(2);
    expect(c.itemLabels).toEqual(['A']);
  });

  it('rejects bad options with INVALID_ARGUMENT', () => {
    expect(() => buildBaskets(frame, { minItems: 0 })).toThrow(/minItems must be an integer >= 1/);
    expect(() => buildBaskets(frame, { aggregate: 'max' as never })).toThrow(/aggregate/);
  });

  it('a missing or mistyped column is MISSING_COLUMN, naming buildBaskets and the column', () => {
    expect(() => buildBaskets(frame, { item: 'nope' })).toThrow(
      expect.objectContaining({ code: 'MISSING_COLUMN', message: expect.stringMatching(/^buildBaskets: .*"nope"/) }),
    );
    expect(() => buildBaskets(frame, { quantity: 'description' })).toThrow(
      expect.objectContaining({ code: 'MISSING_COLUMN', details: expect.objectContaining({ received: 'string' }) }),
    );
  });
});
