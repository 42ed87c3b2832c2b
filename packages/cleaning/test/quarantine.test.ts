import { fromRows, type Row, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLEANING_RULES, type CleanStep, clean } from '../src/index.js';

type Fault =
  | 'none'
  | 'no-invoice'
  | 'blank-invoice'
  | 'no-stock'
  | 'nan-quantity'
  | 'nan-price'
  | 'no-date'
  | 'overflow';

const rowArb = fc.record({
  prefix: fc.constantFrom('', '', '', 'C', 'A'),
  invoice: fc.integer({ min: 536365, max: 536400 }),
  stockCode: fc.constantFrom('85123A', '85123a', '22633', 'POST', 'M', 'm', 'D', 'B', '71053'),
  description: fc.constantFrom('WHITE HANGING HEART', ' WHITE HANGING HEART ', 'HAND WARMER', 'Discount', null),
  quantity: fc.integer({ min: -20, max: 60 }),
  unitPrice: fc.constantFrom(0, 0.42, 1.25, 2.55, 18, -5),
  minute: fc.integer({ min: 0, max: 500_000 }),
  customerId: fc.constantFrom('17850', '13047', null),
  country: fc.constantFrom('United Kingdom', 'France', 'Unspecified', 'European Community'),
  fault: fc.constantFrom<Fault>(
    'none',
    'none',
    'none',
    'none',
    'no-invoice',
    'blank-invoice',
    'no-stock',
    'nan-quantity',
    'nan-price',
    'no-date',
    'overflow', // issue 17, finding 9: a finite quantity × finite price that overflows
  ),
});

type Gen = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

/** Row-removing steps of every kind, run after the quarantine when the property draws them. */
const STEPS: CleanStep[] = [
  { id: 'drop-free', drop: 'free-line' },
  { id: 'quantity-fence', drop: { column: 'quantity', method: 'iqr' } },
  { id: 'price-fence', drop: { column: 'unitPrice', method: 'zscore' } },
];

function toRow(g: Gen): Row {
  const base = Date.UTC(2010, 11, 1);
  return {
    invoiceNo: g.fault === 'no-invoice' ? null : g.fault === 'blank-invoice' ? '  ' : `${g.prefix}${g.invoice}`,
    stockCode: g.fault === 'no-stock' ? null : g.stockCode,
    description: g.description,
    quantity:
      g.fault === 'nan-quantity' ? null : g.fault === 'overflow' ? 1e308 * Math.sign(g.quantity || 1) : g.quantity,
    invoiceDate: g.fault === 'no-date' ? null : new Date(base + g.minute * 60_000),
    unitPrice: g.fault === 'nan-price' ? null : g.fault === 'overflow' ? 1e308 : g.unitPrice,
    customerId: g.customerId,
    country: g.country,
  };
}

/** Independent oracle of the quarantine reason (row objects, not the typed-array pass). */
function expectedReason(r: Row): string | null {
  const inv = (r.invoiceNo as string | null)?.trim() ?? '';
  if (inv === '') return 'missing-invoice';
  if (((r.stockCode as string | null)?.trim() ?? '') === '') return 'missing-stock-code';
  const q = r.quantity as number | null;
  const p = r.unitPrice as number | null;
  if (q === null) return 'bad-quantity';
  if (p === null) return 'bad-price';
  if (r.invoiceDate === null) return 'bad-date';
  const cancelled = inv.toUpperCase().startsWith('C');
  if (q < 0 && !cancelled && p !== 0) return 'negative-quantity-not-cancelled';
  if (q > 0 && cancelled) return 'positive-quantity-cancelled';
  if (!Number.isFinite(q * p)) return 'bad-revenue';
  return null;
}

describe('quarantine invariant (fast-check, generated rows with injected faults)', () => {
  it('rowsIn = rowsKept + rowsQuarantined, every row in exactly one place with the oracle reason', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 0, maxLength: 120 }), fc.boolean(), (gens, withSteps) => {
        const rows = gens.map(toRow);
        const input = fromRows(rows, TRANSACTION_SCHEMA);
        const r = clean(input, withSteps ? { steps: STEPS } : {});
        const n = rows.length;
        expect(r.report.rowsIn).toBe(n);
        expect(r.report.rowsKept + r.report.rowsQuarantined).toBe(n);
        expect(r.frame.length).toBe(r.report.rowsKept);
        expect(r.quarantine.length).toBe(r.report.rowsQuarantined);
        const byReason = Object.values(r.report.quarantine.byReason).reduce((s, x) => (s ?? 0) + (x ?? 0), 0);
        expect(byReason).toBe(r.report.rowsQuarantined);
        // quarantined rows: exactly the oracle's (plus, with steps, the step removals)
        const q = toRows(r.quarantine);
        const inQuarantine = new Set(q.map((x) => x.row as number));
        for (const x of q) {
          const want = expectedReason(rows[x.row as number]);
          if (want !== null) expect(x.reason).toBe(want);
          else {
            expect(withSteps).toBe(true);
            expect(STEPS.map((st) => st.id)).toContain(x.reason);
          }
          // the quarantine holds the input values as received
          expect(x.invoiceNo).toBe(rows[x.row as number].invoiceNo);
        }
        const keptRows = rows.map((row, i) => ({ row, i })).filter(({ i }) => !inQuarantine.has(i));
        for (const { row } of keptRows) expect(expectedReason(row)).toBeNull();
        expect(toRows(r.frame).map((x) => x.invoiceNo)).toEqual(keptRows.map(({ row }) => row.invoiceNo));
        // steps never grow, views are subsets of the frame
        const after = r.report.steps.map((s) => s.rowsAfter);
        for (let i = 1; i < after.length; i++) expect(after[i]).toBeLessThanOrEqual(after[i - 1]);
        expect(after[after.length - 1]).toBe(r.report.rowsKept);
        for (const v of Object.values(r.views)) expect(v.length).toBeLessThanOrEqual(r.frame.length);
      }),
      { numRuns: 150, seed: 20111209 },
    );
  });

  it('names every reason code, in priority order', () => {
    expect(CLEANING_RULES.filter((r) => r.kind === 'quarantine').map((r) => r.id)).toEqual([
      'missing-invoice',
      'missing-stock-code',
      'bad-quantity',
      'bad-price',
      'bad-date',
      'negative-quantity-not-cancelled',
      'positive-quantity-cancelled',
      'bad-revenue',
    ]);
  });

  it('hand example: one row per reason, in priority order', () => {
    const d = new Date(Date.UTC(2011, 0, 4, 10));
    const ok = {
      stockCode: '22633',
      description: 'X',
      quantity: 1,
      invoiceDate: d,
      unitPrice: 1,
      customerId: '1',
      country: 'UK',
    };
    const rows: Row[] = [
      { ...ok, invoiceNo: null, stockCode: null }, // missing-invoice wins over missing-stock-code
      { ...ok, invoiceNo: '1', stockCode: ' ' },
      { ...ok, invoiceNo: '2', quantity: null, unitPrice: null },
      { ...ok, invoiceNo: '3', unitPrice: null },
      { ...ok, invoiceNo: '4', invoiceDate: null },
      { ...ok, invoiceNo: '5', quantity: -2 },
      { ...ok, invoiceNo: 'C6', quantity: 2 },
      { ...ok, invoiceNo: '7', quantity: -2, unitPrice: 0 }, // free line: kept and flagged
      { ...ok, invoiceNo: 'C8', quantity: -2 }, // cancellation: kept and flagged
    ];
    const r = clean(fromRows(rows, TRANSACTION_SCHEMA));
    expect(toRows(r.quarantine).map((x) => [x.row, x.reason])).toEqual([
      [0, 'missing-invoice'],
      [1, 'missing-stock-code'],
      [2, 'bad-quantity'],
      [3, 'bad-price'],
      [4, 'bad-date'],
      [5, 'negative-quantity-not-cancelled'],
      [6, 'positive-quantity-cancelled'],
    ]);
    expect(toRows(r.frame).map((x) => [x.invoiceNo, x.isFreeLine, x.isCancellation])).toEqual([
      ['7', true, false],
      ['C8', false, true],
    ]);
  });
});
