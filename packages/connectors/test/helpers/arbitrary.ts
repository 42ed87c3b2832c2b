import { type Frame, fromRows } from '@retailkit/core';
import fc from 'fast-check';

/** Integer epoch-ms timestamps between 1900 and 2100 (naive wall-clock). */
export const timestampArb = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });

/** Frames with one column of each type, nulls included (booleans and ints have no missing value). */
export const frameArb: fc.Arbitrary<Frame> = fc
  .array(
    fc.record({
      s: fc.option(fc.string({ unit: 'grapheme', maxLength: 10 }), { nil: null }),
      x: fc.option(fc.double({ noNaN: true }), { nil: null }),
      t: fc.option(timestampArb, { nil: null }),
      b: fc.boolean(),
      i: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    const f = fromRows(rows, { s: 'string', x: 'number', t: 'timestamp', b: 'boolean', i: 'number' });
    return { length: f.length, columns: { ...f.columns, i: { type: 'int', data: Int32Array.from(rows, (r) => r.i) } } };
  });

/** Column name → type of a frame. */
export function typesOf(f: Frame): Record<string, string> {
  return Object.fromEntries(Object.entries(f.columns).map(([k, c]) => [k, c.type]));
}
