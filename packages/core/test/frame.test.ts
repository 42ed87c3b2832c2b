import {
  concat,
  filter,
  frame,
  fromRows,
  numberColumn,
  RetailKitError,
  select,
  slice,
  stringColumn,
  take,
  toRows,
  withColumn,
} from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('Frame basics (hand-computed expectations)', () => {
  const f = fromRows([
    { k: 'a', q: 1, d: new Date(Date.UTC(2011, 0, 1)) },
    { k: 'b', q: null, d: null },
    { k: 'a', q: 3, d: new Date(Date.UTC(2011, 0, 2)) },
  ]);

  it('infers types and encodes strings in first-appearance order', () => {
    expect(f.length).toBe(3);
    expect(f.columns.k).toEqual({ type: 'string', codes: Int32Array.of(0, 1, 0), values: ['a', 'b'] });
    expect(f.columns.q.type).toBe('number');
    expect(f.columns.d.type).toBe('timestamp');
  });

  it('take gathers rows in order with repeats; slice is a view', () => {
    expect(toRows(take(f, [2, 0, 2]), { timestamps: 'ms' }).map((r) => r.q)).toEqual([3, 1, 3]);
    const s = slice(f, 1, 3);
    expect(s.length).toBe(2);
    expect((s.columns.q as { data: Float64Array }).data.buffer).toBe(
      (f.columns.q as { data: Float64Array }).data.buffer,
    );
  });

  it('filter keeps rows by mask or predicate', () => {
    expect(filter(f, Uint8Array.of(1, 0, 1)).length).toBe(2);
    expect(toRows(filter(f, (i) => i > 0)).map((r) => r.k)).toEqual(['b', 'a']);
  });

  it('select and withColumn share buffers', () => {
    const g = withColumn(select(f, ['q']), 'z', numberColumn([1, 2, 3]));
    expect(Object.keys(g.columns)).toEqual(['q', 'z']);
    expect(g.columns.q).toBe(f.columns.q);
  });

  it('concat merges different dictionaries', () => {
    const a = fromRows([{ s: 'x' }, { s: 'y' }]);
    const b = fromRows([{ s: 'y' }, { s: 'z' }]);
    expect(toRows(concat([a, b])).map((r) => r.s)).toEqual(['x', 'y', 'y', 'z']);
  });

  it('errors name the function, the bad value and what is allowed', () => {
    expect(() => take(f, [5])).toThrow(RetailKitError);
    expect(() => take(f, [5])).toThrow('take: indices[0] must be an integer in [0, 3); received 5.');
    expect(() => frame({ a: numberColumn([1]), b: stringColumn(['x', 'y']) })).toThrow(
      /FRAME_LENGTH_MISMATCH|has 2 rows/,
    );
  });
});

describe('rows ↔ Frame round trips (fast-check)', () => {
  const row = fc.record({
    s: fc.option(fc.string(), { nil: null }),
    n: fc.option(fc.double({ noNaN: true }), { nil: null }),
    t: fc.option(fc.integer({ min: -8.64e12, max: 8.64e12 }), { nil: null }),
    b: fc.boolean(),
  });

  it('toRows(fromRows(rows)) equals rows', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 50 }), (rows) => {
        const f = fromRows(rows, { s: 'string', n: 'number', t: 'timestamp', b: 'boolean' });
        expect(toRows(f, { timestamps: 'ms' })).toEqual(rows);
      }),
    );
  });

  it('take with all indices, and concat of slices, give back the same rows', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 50 }), fc.nat(), (rows, cut) => {
        const f = fromRows(rows, { s: 'string', n: 'number', t: 'timestamp', b: 'boolean' });
        const k = cut % (f.length + 1);
        const back = concat([slice(f, 0, k), slice(f, k)]);
        expect(toRows(back, { timestamps: 'ms' })).toEqual(rows);
        expect(
          toRows(
            take(
              f,
              Array.from({ length: f.length }, (_, i) => i),
            ),
            { timestamps: 'ms' },
          ),
        ).toEqual(rows);
      }),
    );
  });

  it('fromRows does not mutate its input', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const copy = structuredClone(rows);
        fromRows(rows);
        expect(rows).toEqual(copy);
      }),
    );
  });
});
