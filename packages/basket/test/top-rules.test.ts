import { associationRules, fitRecommender, fpgrowth, type RuleMetric } from '@retailkit/basket';
import { fromRows, type RetailKitError } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as RetailKitError).code;
  }
  return 'no error';
};

/** `copies` identical baskets of `width` items plus one basket per item alone: every subset is frequent. */
function explosive(width: number, copies: number): string[][] {
  const items = Array.from({ length: width }, (_, i) => `i${String(i).padStart(2, '0')}`);
  return [...Array.from({ length: copies }, () => [...items]), ...items.map((x) => [x])];
}
/** Rules from every itemset of w items (hand-derived): Σ_k C(w,k)·(2^k − 2) = 3^w − 2·2^w + 1. */
const rulesOf = (w: number) => 3 ** w - 2 * 2 ** w + 1;

describe('top: the strongest rules in bounded memory', () => {
  it('equals sorting every rule and keeping the first top (random baskets, several sort keys)', () => {
    const keys: RuleMetric[] = ['lift', 'confidence', 'support', 'leverage', 'conviction', 'jaccard'];
    let cases = 0;
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.constantFrom(...keys),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        (tx, sortBy, ascending, top) => {
          cases++;
          const table = fpgrowth(tx, { minSupport: { count: 1 } });
          const options = { minThreshold: 0, sortBy, ascending };
          const all = associationRules(table, options);
          expect(associationRules(table, { ...options, top })).toEqual(all.slice(0, top));
          expect(associationRules(table, { ...options, limit: top })).toEqual(all.slice(0, top));
        },
      ),
      { numRuns: 100, seed: 17 },
    );
    console.log(`fuzz basket top: ${cases} cases`);
  });

  it('breaks ties deterministically: every rule of one long itemset ties on the numbers (hand-derived count)', () => {
    const table = fpgrowth(explosive(9, 5), { minSupport: { count: 5 } });
    const all = associationRules(table, { metric: 'lift', minThreshold: 1 });
    expect(all.length).toBe(rulesOf(9)); // 18,660
    const top = associationRules(table, { metric: 'lift', minThreshold: 1, top: 500 });
    expect(top).toEqual(all.slice(0, 500));
  });

  it('top needs a sort key and is an integer ≥ 1', () => {
    const table = fpgrowth([['a', 'b']], { minSupport: 1 });
    expect(codeOf(() => associationRules(table, { top: 5, sortBy: null }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => associationRules(table, { top: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => associationRules(table, { top: 1.5 }))).toBe('INVALID_ARGUMENT');
  });
});

// issue 17, finding 8: rule generation is bounded by memory (the CLI's file had 2,332,655 rules).
describe('rules past maxRules', () => {
  const table = fpgrowth(explosive(11, 5), { minSupport: { count: 5 } });

  it('maxRules stays an exact bound with its coded error for callers who ask for one', () => {
    expect(codeOf(() => associationRules(table, { minThreshold: 0, maxRules: 100_000 }))).toBe('BASKET_TOO_MANY_RULES');
  });

  it('top keeps the strongest without holding every rule, and fitRecommender reports found and kept', () => {
    const rows = explosive(11, 5).flatMap((items, i) =>
      items.map((stockCode) => ({ invoiceNo: String(i), stockCode, quantity: 1 })),
    );
    const { report, model } = fitRecommender(fromRows(rows), {
      minItems: 1,
      minSupport: { count: 5 },
      maxRules: 100_000,
      top: 1000,
    });
    expect(report.rulesFound).toBe(rulesOf(11)); // 173,052 rules pass, more than maxRules
    expect(report.rulesKept).toBe(1000);
    expect(report.rules.length).toBe(1000);
    expect(model.params.rules.length).toBe(1000);
    expect(
      report.warnings.some((w) =>
        /^fitRecommender: 173052 rules pass confidence ≥ 0\.5 and lift ≥ 1; kept the 1000 strongest by lift \(top 1000\)\.$/.test(
          w,
        ),
      ),
    ).toBe(true);
  });

  it('says nothing when nothing was cut', () => {
    const rows = [
      ['1', 'tea'],
      ['1', 'cups'],
      ['2', 'tea'],
      ['2', 'cups'],
    ].map(([invoiceNo, stockCode]) => ({ invoiceNo, stockCode, quantity: 1 }));
    const { report } = fitRecommender(fromRows(rows), { minSupport: 0.5, top: 10 });
    expect([report.rulesFound, report.rulesKept, report.warnings]).toEqual([2, 2, []]);
  });
});
