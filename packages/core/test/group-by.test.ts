import { fromRows, groupBy, groupOffsets, groupSum } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('groupBy (hand-computed and against a Map-of-JSON-keys oracle)', () => {
  it('numbers groups by first appearance over one and two keys', () => {
    const f = fromRows([
      { c: 'x', n: 1 },
      { c: 'y', n: 1 },
      { c: 'x', n: 2 },
      { c: 'x', n: 1 },
    ]);
    expect(Array.from(groupBy(f, ['c']).ids)).toEqual([0, 1, 0, 0]);
    const g = groupBy(f, ['c', 'n']);
    expect(Array.from(g.ids)).toEqual([0, 1, 2, 0]);
    expect(Array.from(g.sizes)).toEqual([2, 1, 1]);
    expect(Array.from(g.firstRow)).toEqual([0, 1, 2]);
    expect(Array.from(groupSum(g.ids, Float64Array.of(1, 2, 3, 4), g.count))).toEqual([5, 2, 3]);
    expect(Array.from(g.sizes)).toEqual([2, 1, 1]);
  });

  it('missing keys form a group, or are dropped with dropMissing', () => {
    const f = fromRows([{ c: null }, { c: 'a' }, { c: null }]);
    expect(Array.from(groupBy(f, ['c']).ids)).toEqual([0, 1, 0]);
    expect(Array.from(groupBy(f, ['c'], { dropMissing: true }).ids)).toEqual([-1, 0, -1]);
  });

  it('equals the oracle on random data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.constantFrom('p', 'q', 'r', null), b: fc.integer({ min: 0, max: 3 }) }), {
          minLength: 1,
          maxLength: 80,
        }),
        (rows) => {
          const f = fromRows(rows, { a: 'string', b: 'number' });
          const g = groupBy(f, ['a', 'b']);
          const oracle = new Map<string, number>();
          const expected = rows.map((r) => {
            const k = JSON.stringify([r.a, r.b]);
            if (!oracle.has(k)) oracle.set(k, oracle.size);
            return oracle.get(k);
          });
          expect(Array.from(g.ids)).toEqual(expected);
          const { order, offsets } = groupOffsets(g.ids, g.count);
          for (let k = 0; k < g.count; k++)
            for (let p = offsets[k]; p < offsets[k + 1]; p++) expect(g.ids[order[p]]).toBe(k);
        },
      ),
    );
  });
});
