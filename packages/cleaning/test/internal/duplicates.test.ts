import { fromRows, TRANSACTION_SCHEMA } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markDuplicates } from '../../src/internal/duplicates.js';

const cols = ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country'];

describe('markDuplicates', () => {
  it('equals a JSON-key oracle (pandas duplicated(keep="first")) on random rows with missing values', () => {
    const row = fc.record({
      invoiceNo: fc.constantFrom('1', '2', 'C3', null),
      stockCode: fc.constantFrom('A', 'B'),
      description: fc.constantFrom('x', null),
      quantity: fc.constantFrom(1, 2, null),
      invoiceDate: fc.constantFrom(new Date(0), null),
      unitPrice: fc.constantFrom(0.5, 1),
      customerId: fc.constantFrom('9', null),
      country: fc.constantFrom('UK'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 80 }), (rows) => {
        const f = fromRows(rows, TRANSACTION_SCHEMA);
        const out = new Uint8Array(rows.length);
        const n = markDuplicates(
          cols.map((c) => f.columns[c]),
          rows.length,
          out,
        );
        const seen = new Set<string>();
        const want = rows.map((r) => {
          const k = JSON.stringify(cols.map((c) => (r as Record<string, unknown>)[c]));
          const dup = seen.has(k);
          seen.add(k);
          return dup ? 1 : 0;
        });
        expect(Array.from(out)).toEqual(want);
        expect(n).toBe(want.reduce((s: number, x) => s + x, 0));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
