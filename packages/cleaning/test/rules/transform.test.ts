import { type Frame, numbers } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { decoded, idsOf, runUpTo } from './harness.js';

// Each transform on hand-made lines, run after the rules before it in the table (as in clean); expected by hand.
const count = (outcome: { count?: number | ((kept: Frame) => number) } | undefined, kept?: Frame) =>
  typeof outcome?.count === 'function' ? outcome.count(kept as Frame) : outcome?.count;

const tests: Record<string, () => void> = {
  'safe-text': () => {
    // issue 17, finding 4: a NUL in a description made PostgreSQL refuse the whole COPY
    it('removes NUL and replaces lone surrogates in every text column, counting trusted rows', () => {
      const lines = [
        { description: 'LANTERN\u0000', country: 'United Kingdom' },
        { description: 'HEART \uD83D', customerId: '1\u00002' }, // lone high surrogate, NUL in another column
        { description: 'SMILE \uD83D\uDE00 \uDE00' }, // a pair stays, the lone low surrogate goes
        { description: 'PLAIN' },
        { description: '\u0000', quantity: null }, // quarantined (bad-quantity): cleaned, not counted
      ];
      const { t, outcome } = runUpTo('safe-text', lines);
      expect(decoded(t, 'description')).toEqual(['LANTERN', 'HEART \uFFFD', 'SMILE \uD83D\uDE00 \uFFFD', 'PLAIN', '']);
      expect(decoded(t, 'customerId')[1]).toBe('12');
      expect(count(outcome)).toBe(3);
      expect(outcome?.details).toEqual({ rowsWithNul: 2, rowsWithLoneSurrogate: 2 });
    });
    it('leaves clean text as it is (the same column objects)', () => {
      const { t } = runUpTo('safe-text', [{ description: 'PLAIN' }]);
      expect(t.columns.description).toBe(t.input.columns.description);
    });
  },
  'fill-description': () => {
    it('fills missing and blank descriptions with "No Description", counting trusted rows only', () => {
      const lines = [
        { description: null },
        { description: '  ' },
        { description: 'HAND WARMER' },
        { description: null, quantity: null }, // quarantined (bad-quantity): filled, not counted
      ];
      const { t, outcome } = runUpTo('fill-description', lines);
      expect(decoded(t, 'description')).toEqual(['No Description', 'No Description', 'HAND WARMER', 'No Description']);
      expect(count(outcome)).toBe(2);
    });
    it('without trimming, only the empty string counts as blank', () => {
      const { t, outcome } = runUpTo('fill-description', [{ description: null }, { description: '  ' }], {
        trimDescriptions: false,
      });
      expect(decoded(t, 'description')).toEqual(['No Description', '  ']);
      expect(count(outcome)).toBe(1);
    });
  },
  'anonymous-customer': () => {
    it('keeps missing customer ids missing by default and counts missing or blank ids', () => {
      const { t, outcome } = runUpTo('anonymous-customer', [{ customerId: null }, { customerId: ' ' }, {}]);
      expect(decoded(t, 'customerId')).toEqual([null, ' ', '17850']);
      expect(outcome).toEqual({ count: 2, details: { filledWith: null } });
    });
    it('writes anonymousCustomerId into missing ids only', () => {
      const { t, outcome } = runUpTo('anonymous-customer', [{ customerId: null }, { customerId: ' ' }, {}], {
        anonymousCustomerId: '0',
      });
      expect(decoded(t, 'customerId')).toEqual(['0', ' ', '17850']);
      expect(outcome).toEqual({ count: 2, details: { filledWith: '0' } });
    });
  },
  'upper-stock-code': () => {
    it('upper-cases stock codes, merging m and M', () => {
      const lines = [{ stockCode: '85123a' }, { stockCode: 'm' }, { stockCode: 'M' }, { stockCode: '22633' }];
      const { t, outcome } = runUpTo('upper-stock-code', lines);
      expect(decoded(t, 'stockCode')).toEqual(['85123A', 'M', 'M', '22633']);
      expect(count(outcome)).toBe(2);
    });
  },
  'trim-description': () => {
    it('trims descriptions and counts the rows that had surrounding whitespace as read', () => {
      const lines = [{ description: 'HAND WARMER ' }, { description: '  ' }, { description: 'SET OF 3  DUCKS' }];
      const { t, outcome } = runUpTo('trim-description', lines);
      // the blank one was filled first; the double space inside a description stays
      expect(decoded(t, 'description')).toEqual(['HAND WARMER', 'No Description', 'SET OF 3  DUCKS']);
      expect(count(outcome)).toBe(2);
    });
    it('does not run with trimDescriptions: false', () => {
      const { t, outcome } = runUpTo('trim-description', [{ description: 'HAND WARMER ' }], {
        trimDescriptions: false,
      });
      expect(outcome).toBeUndefined();
      expect(decoded(t, 'description')).toEqual(['HAND WARMER ']);
    });
  },
  'unify-description': () => {
    it('gives each code its most frequent description among trusted rows; ties go to the first seen', () => {
      const lines = [
        { stockCode: '85123A', description: 'WHITE HANGING HEART' },
        { stockCode: '85123a', description: 'CREAM HANGING HEART' }, // upper-cased first: the same code
        { stockCode: '85123A', description: 'CREAM HANGING HEART' },
        { stockCode: 'x', description: 'B' },
        { stockCode: 'X', description: 'A' },
        { stockCode: 'X', description: 'A' },
        { stockCode: 'x', description: 'B' }, // B and A tie 2–2: B was seen first
        { stockCode: 'X', description: 'Z', quantity: null }, // quarantined rows do not vote…
        { stockCode: 'X', description: 'Z', quantity: null },
        { stockCode: 'X', description: 'Z', quantity: null },
      ];
      const { t, outcome } = runUpTo('unify-description', lines);
      expect(decoded(t, 'description')).toEqual([
        'CREAM HANGING HEART',
        'CREAM HANGING HEART',
        'CREAM HANGING HEART',
        ...Array(7).fill('B'), // …but get their code's description
      ]);
      // changed among trusted rows: WHITE → CREAM, and the two A rows
      expect(outcome).toEqual({ count: 3, details: { codesWithVariants: 2 } });
    });
  },
  'line-revenue': () => {
    it('adds revenue = quantity × unitPrice and counts the rows of the cleaned frame', () => {
      const { t, outcome } = runUpTo('line-revenue', [
        { quantity: 6, unitPrice: 2.55 },
        { quantity: -1, unitPrice: 0 },
      ]);
      const revenue = numbers({ length: t.n, columns: t.columns }, 'revenue');
      expect(revenue[0]).toBeCloseTo(15.3, 12);
      expect(revenue[1] === 0).toBe(true); // −1 × 0 = −0, equal to 0
      expect(count(outcome, { length: 7, columns: {} })).toBe(7);
    });
  },
};

describe('transform rules, one by one', () => {
  for (const [id, body] of Object.entries(tests)) describe(id, body);
  it('every transform of the table has its test here, in table order', () => {
    expect(Object.keys(tests)).toEqual(idsOf('transform'));
  });
});
