import { fromRows, type StringColumn, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { clean } from '../src/index.js';
import { line } from './fixture.js';

// issue 17, finding 9 (non-finite revenue kept) and finding 4 (a NUL byte broke the warehouse load)

const hasUnsafe = (col: StringColumn) =>
  col.values.some(
    (v) => v.includes('\u0000') || /[\uD800-\uDFFF]/.test(v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')),
  );

describe('clean: nothing non-finite or unloadable leaves it', () => {
  // distinct stock codes, so unify-description leaves each description to itself
  const rows = [
    line({ invoiceNo: '536365', quantity: 1e308, unitPrice: 1e308 }), // revenue would be Infinity
    line({ invoiceNo: '536366', stockCode: '21000', description: 'LANTERN\u0000' }),
    line({ invoiceNo: '536367', stockCode: '21001', description: 'HEART \uD83D', customerId: '1785\u00000' }),
    line({ invoiceNo: '536368', stockCode: '21002', quantity: null, description: 'BAD\u0000' }), // quarantined (bad-quantity)
    line({ invoiceNo: '536369' }),
  ];
  const { frame, quarantine, report } = clean(fromRows(rows, TRANSACTION_SCHEMA));

  it('quarantines an overflowing revenue as bad-revenue; every kept revenue is finite; counts add up', () => {
    expect(toRows(quarantine).map((r) => [r.row, r.reason])).toEqual([
      [0, 'bad-revenue'],
      [3, 'bad-quantity'],
    ]);
    expect(Array.from((frame.columns.revenue as { data: Float64Array }).data).every(Number.isFinite)).toBe(true);
    expect(report.rowsIn).toBe(report.rowsKept + report.rowsQuarantined);
    expect(report.quarantine.byReason['bad-revenue']).toBe(1);
  });

  it('removes NUL and replaces lone surrogates in kept and quarantined text, with a count in the report', () => {
    expect(toRows(frame).map((r) => r.description)).toEqual(['LANTERN', 'HEART \uFFFD', 'HAND WARMER UNION JACK']);
    expect(toRows(frame)[1].customerId).toBe('17850');
    for (const f of [frame, quarantine])
      for (const c of Object.values(f.columns)) if (c.type === 'string') expect(hasUnsafe(c)).toBe(false);
    expect(toRows(quarantine)[1].description).toBe('BAD');
    expect(report.ruleCounts['safe-text']).toBe(2);
    expect(report.rules.find((r) => r.id === 'safe-text')?.details).toEqual({
      rowsWithNul: 2,
      rowsWithLoneSurrogate: 1,
    });
  });
});
