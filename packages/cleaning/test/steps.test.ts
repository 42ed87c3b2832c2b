import { fromRows, type Row, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { type CleanStep, clean } from '../src/index.js';
import { fixtureFrame, line } from './fixture.js';

const run = (rows: Row[], steps: CleanStep[]) => clean(fromRows(rows, TRANSACTION_SCHEMA), { steps });

// Expected values by hand.
describe('caller steps (options.steps)', () => {
  it('a flag step sends the kept rows with that flag to the quarantine, with the step id as reason', () => {
    const r = run(
      [line({ quantity: -7, unitPrice: 0 }), line({}), line({ invoiceNo: '5', quantity: -2 })],
      [{ id: 'drop-free', drop: 'free-line' }],
    );
    expect(toRows(r.quarantine).map((x) => [x.row, x.reason])).toEqual([
      [0, 'drop-free'],
      [2, 'negative-quantity-not-cancelled'],
    ]);
    expect(r.report.steps).toEqual([
      { id: 'quarantine', rowsAfter: 2 },
      { id: 'drop-free', rowsAfter: 1 },
    ]);
    expect(r.report.rules.at(-1)).toEqual({ id: 'drop-free', kind: 'step', count: 1 });
    expect(r.report.ruleCounts['drop-free']).toBe(1);
    expect(r.report.quarantine.byReason['drop-free']).toBe(1);
    // the flag counts kept rows: none is left
    expect(r.report.ruleCounts['free-line']).toBe(0);
    expect(r.report.rowsIn).toBe(r.report.rowsKept + r.report.rowsQuarantined);
  });

  it('fence steps run in order, each fitted on the rows the previous ones left', () => {
    // quantities 1..8 and 100 (all rows, not only sale lines): Q1 3, Q3 7, fences −3 / 13 → 100 goes;
    // then prices of the 8 rows left: 1 ×7 and 10 → mean 2.125, σ 2.976, z(10) = 2.65 → goes at threshold 2.5
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((quantity, i) =>
      line({ invoiceNo: String(i), quantity, unitPrice: i === 7 ? 10 : 1 }),
    );
    const r = run(rows, [
      { id: 'quantity-fence', drop: { column: 'quantity', method: 'iqr' } },
      { id: 'price-fence', drop: { column: 'unitPrice', method: 'zscore', threshold: 2.5 } },
    ]);
    expect(r.report.steps.map((s) => [s.id, s.rowsAfter])).toEqual([
      ['quarantine', 9],
      ['quantity-fence', 8],
      ['price-fence', 7],
    ]);
    expect(toRows(r.quarantine).map((x) => [x.quantity, x.reason])).toEqual([
      [8, 'price-fence'],
      [100, 'quantity-fence'],
    ]);
    expect(r.report.parameters['quantity-fence']).toEqual({
      method: 'iqr',
      factor: 1.5,
      q1: 3,
      q3: 7,
      iqr: 4,
      lower: -3,
      upper: 13,
    });
    const price = r.report.parameters['price-fence'] as { mean: number; std: number };
    expect(price.mean).toBeCloseTo(17 / 8, 12);
    expect(price.std).toBeCloseTo(Math.sqrt((7 * (1 - 17 / 8) ** 2 + (10 - 17 / 8) ** 2) / 8), 12);
  });

  it('a fence step may use the derived revenue column', () => {
    const rows = [1, 1, 1, 1, 50].map((quantity, i) => line({ invoiceNo: String(i), quantity, unitPrice: 2 }));
    const r = run(rows, [{ id: 'revenue-fence', drop: { column: 'revenue', method: 'iqr', factor: 0 } }]);
    // revenue 2, 2, 2, 2, 100: Q1 = Q3 = 2, factor 0 → every value on the fence is removed (inclusive bounds)
    expect(r.report.rowsKept).toBe(0);
  });

  it('on the 44-row fixture: the quarantine first, then each step on what is left', () => {
    const r = clean(fixtureFrame(), {
      steps: [
        { id: 'drop-free', drop: 'free-line' },
        { id: 'quantity-fence', drop: { column: 'quantity', method: 'iqr' } },
        { id: 'price-fence', drop: { column: 'unitPrice', method: 'zscore' } },
      ],
    });
    // the same counts as the notebook replay through clean (examples/end-to-end reference cleaning)
    expect(r.report.steps.map((s) => s.rowsAfter)).toEqual([42, 40, 30, 28]);
    expect(r.frame.length + r.quarantine.length).toBe(44);
  });

  it('validates steps at the entry', () => {
    const f = fixtureFrame();
    const bad = (steps: unknown) => () => clean(f, { steps: steps as CleanStep[] });
    expect(bad([{ id: 'cancellation', drop: 'free-line' }])).toThrowError(/an id no rule or other step uses/);
    expect(bad([{ id: 'quarantine', drop: 'free-line' }])).toThrowError(/steps\[0\]\.id/);
    expect(
      bad([
        { id: 'x', drop: 'free-line' },
        { id: 'x', drop: 'zero-price' },
      ]),
    ).toThrowError(/steps\[1\]\.id/);
    expect(bad([{ id: 'x', drop: 'free-lines' }])).toThrowError(/steps\[0\]\.drop/);
    expect(bad([{ id: 'x', drop: { column: 'quantity', method: 'none' } }])).toThrowError(/method/);
    expect(bad([{ id: 'x', drop: { column: 'weight', method: 'iqr' } }])).toThrowError(
      /clean: needs a numeric column "weight"/,
    );
    expect(bad([{ id: 'x', drop: { column: 'country', method: 'iqr' } }])).toThrowError(/numeric column "country"/);
  });
});
