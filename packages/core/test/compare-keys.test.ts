import { compareKeys } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('compareKeys', () => {
  it('sorts numeric keys numerically before the others, as pandas sorts a mixed id column (hand-checked order)', () => {
    expect(['12347', 'X1', '9', '12346', 'A', '7.0', '7', ''].sort(compareKeys)).toEqual([
      '7',
      '7.0',
      '9',
      '12346',
      '12347',
      '',
      'A',
      'X1',
    ]);
  });
});
