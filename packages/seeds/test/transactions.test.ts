import { isRetailKitError, toRows } from '@retailkit/core';
import { type TransactionLine, transactions } from '@retailkit/seeds';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('transactions', () => {
  it('fills omitted fields with the documented defaults', () => {
    const rows = toRows(transactions([{}, { stockCode: '22423', quantity: 3, unitPrice: 12.75 }]), {
      timestamps: 'iso',
    });
    const defaults = {
      invoiceNo: '536365',
      stockCode: '85123A',
      description: null,
      quantity: 1,
      invoiceDate: '2011-12-01T12:00:00.000Z',
      unitPrice: 1,
      customerId: '17850',
      country: 'United Kingdom',
    };
    expect(rows).toEqual([defaults, { ...defaults, stockCode: '22423', quantity: 3, unitPrice: 12.75 }]);
  });

  it('reads dates as naive wall-clock times stored as if UTC, from strings, Dates and epoch ms', () => {
    const f = transactions([
      { invoiceDate: '2011-12-02' },
      { invoiceDate: '2011-12-02 08:26' },
      { invoiceDate: new Date(Date.UTC(2011, 0, 3)) },
      { invoiceDate: 0 },
    ]);
    // hand-computed: 2011-12-02 is day 15310 since 1970-01-01 → 15310 × 86 400 000 ms; 08:26 adds 30 360 000
    expect(Array.from(f.columns.invoiceDate.type === 'timestamp' ? f.columns.invoiceDate.data : [])).toEqual([
      1322784000000, 1322814360000, 1294012800000, 0,
    ]);
  });

  it('applies options.defaults under the rows and keeps explicit nulls', () => {
    const rows = toRows(
      transactions([{ invoiceNo: '1' }, { invoiceNo: '2', customerId: null }], {
        defaults: { customerId: '12347', country: 'France' },
      }),
    );
    expect(rows.map((r) => [r.invoiceNo, r.customerId, r.country])).toEqual([
      ['1', '12347', 'France'],
      ['2', null, 'France'],
    ]);
  });

  it('round-trips any complete rows through toRows, without mutating them (property)', () => {
    const line = fc.record({
      invoiceNo: fc.string({ minLength: 1 }),
      stockCode: fc.string({ minLength: 1 }),
      description: fc.option(fc.string(), { nil: null }),
      quantity: fc.integer({ min: -1000, max: 1000 }),
      invoiceDate: fc.integer({ min: 0, max: 4e12 }),
      unitPrice: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      customerId: fc.option(fc.string(), { nil: null }),
      country: fc.string(),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (rows: TransactionLine[]) => {
        const before = JSON.stringify(rows);
        expect(toRows(transactions(rows), { timestamps: 'ms' })).toEqual(rows);
        expect(JSON.stringify(rows)).toBe(before);
      }),
      { numRuns: 50 },
    );
  });

  it('gives an empty frame with every column for no rows', () => {
    const f = transactions([]);
    expect(f.length).toBe(0);
    expect(Object.keys(f.columns)).toHaveLength(8);
  });

  it('rejects unknown fields and wrongly typed values with INVALID_ARGUMENT naming the row and field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[{ sku: 'x' }], /rows\[0\]\.sku/],
      [[{}, { quantity: '2' }], /rows\[1\]\.quantity must be a finite number/],
      [[{ unitPrice: Number.NaN }], /rows\[0\]\.unitPrice/],
      [[{ invoiceDate: '2011-13-01' }], /rows\[0\]\.invoiceDate must be a date/],
      [[{ stockCode: null }], /rows\[0\]\.stockCode must be a string/],
      [[null], /rows\[0\]/],
      ['not rows', /rows must be an array/],
    ];
    for (const [rows, message] of cases) {
      try {
        transactions(rows as never);
        expect.unreachable();
      } catch (e) {
        expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
        expect((e as Error).message).toMatch(/^transactions: /);
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
