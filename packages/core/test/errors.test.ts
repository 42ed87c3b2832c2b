import { fromRows, missingColumn, numbers, RetailKitError, strings } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('missingColumn', () => {
  const f = fromRows([{ invoice: '1', quantity: 2 }]);

  it('names the function, the column, the columns that exist and the fix', () => {
    const e = missingColumn('buildBaskets', f, 'invoiceNo', 'string');
    expect(e).toBeInstanceOf(RetailKitError);
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toBe(
      'buildBaskets: needs a string column "invoiceNo"; the frame has no such column (it has "invoice", "quantity"). Map the source columns to the canonical names first (readCsv does for the UCI headers).',
    );
    expect(e.details).toEqual({
      function: 'buildBaskets',
      column: 'invoiceNo',
      expected: 'string',
      received: null,
      available: ['invoice', 'quantity'],
    });
  });

  it('says what type a wrongly typed column has', () => {
    expect(missingColumn('clean', f, 'quantity', 'string').message).toContain('it is a number column');
  });

  it('is what the column accessors throw, naming the caller', () => {
    expect(() => strings(f, 'quantity', 'fitSegmenter')).toThrow(/^fitSegmenter: needs a string column "quantity"/);
    expect(() => numbers(f, 'invoice')).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN' }));
    expect(() => numbers(f, 'toString')).toThrow(expect.objectContaining({ code: 'MISSING_COLUMN' }));
  });
});
