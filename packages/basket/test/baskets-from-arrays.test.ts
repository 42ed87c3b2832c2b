import { basketsFromArrays } from '@retailkit/basket';
import { describe, expect, it } from 'vitest';

describe('basketsFromArrays', () => {
  it('collapses duplicates, sorts labels, keeps empty baskets in the count', () => {
    const b = basketsFromArrays([['b', 'a', 'b'], [], ['c']]);
    expect(b.length).toBe(3);
    expect(b.itemLabels).toEqual(['a', 'b', 'c']);
    expect(Array.from(b.offsets)).toEqual([0, 2, 2, 3]);
    expect(Array.from(b.items)).toEqual([0, 1, 2]);
    expect(b.basketLabels).toEqual(['0', '1', '2']);
  });

  it('refuses anything but arrays of strings with INVALID_ARGUMENT', () => {
    expect(() => basketsFromArrays('ab' as never)).toThrow(/transactions must be an array of string arrays/);
    expect(() => basketsFromArrays([['a', 1 as never]])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
