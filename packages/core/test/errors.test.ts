import { fromRows, isRetailKitError, missingColumn, numbers, RetailKitError, strings } from '@retailkit/core';
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

describe('isRetailKitError', () => {
  it('recognises errors from another copy of core (the dual-package hazard), where a class check would not', async () => {
    // A second instance of the module, as an app that loads both the ESM and the CommonJS build gets.
    const second = '../src/errors.ts?second-copy';
    const other = (await import(/* @vite-ignore */ second)) as typeof import('../src/errors.js');
    expect(other.RetailKitError).not.toBe(RetailKitError);
    const foreign = new other.RetailKitError('RFM_BAD_INPUT', 'predict: bad date');
    expect(isRetailKitError(foreign)).toBe(true);
    expect(foreign instanceof RetailKitError).toBe(true); // Symbol.hasInstance delegates to the brand
    expect(Object.getPrototypeOf(foreign)).not.toBe(RetailKitError.prototype);
  });

  it('is false for other errors and values, and subclasses keep their own class check', () => {
    for (const x of [new Error('x'), null, undefined, 'RetailKitError', { code: 'X', name: 'RetailKitError' }])
      expect(isRetailKitError(x)).toBe(false);
    class Special extends RetailKitError {}
    expect(new Special('X', 'm') instanceof Special).toBe(true);
    expect(new RetailKitError('X', 'm') instanceof Special).toBe(false);
    expect(isRetailKitError(new Special('X', 'm'))).toBe(true);
  });
});
