import { apriori, fpgrowth, type ItemsetTable, type MineOptions } from '@retailkit/basket';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Miner = (tx: readonly (readonly string[])[], o?: MineOptions) => ItemsetTable;

/** Brute-force oracle kept in the test: count every subset of every transaction. */
function oracle(tx: readonly (readonly string[])[], minCount: number, maxLen = Number.POSITIVE_INFINITY) {
  const counts = new Map<string, number>();
  for (const t of tx) {
    const items = [...new Set(t)].sort();
    const k = items.length;
    for (let mask = 1; mask < 1 << k; mask++) {
      const s = items.filter((_, i) => mask & (1 << i));
      if (s.length > maxLen) continue;
      const key = JSON.stringify(s);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .map(([key, count]) => ({ items: JSON.parse(key) as string[], support: count / tx.length, count }))
    .sort((a, b) => a.items.length - b.items.length || (a.items.join('\u0001') < b.items.join('\u0001') ? -1 : 1));
}

// Hand-computed: a in T1,T2,T3,T5 (4/5); b in T1,T2,T4,T5 (4/5); c in T1,T3,T5 (3/5); ab T1,T2,T5; ac T1,T3,T5;
// bc T1,T5; abc T1,T5.
const TX = [['a', 'b', 'c'], ['a', 'b'], ['a', 'c'], ['b'], ['a', 'b', 'c']];
const ALL_AT_2 = [
  { items: ['a'], support: 0.8, count: 4 },
  { items: ['b'], support: 0.8, count: 4 },
  { items: ['c'], support: 0.6, count: 3 },
  { items: ['a', 'b'], support: 0.6, count: 3 },
  { items: ['a', 'c'], support: 0.6, count: 3 },
  { items: ['b', 'c'], support: 0.4, count: 2 },
  { items: ['a', 'b', 'c'], support: 0.4, count: 2 },
];

const miners: [string, Miner][] = [
  ['apriori', apriori],
  ['fpgrowth', fpgrowth],
];

describe.each(miners)('shared conformance suite: %s', (name, mine) => {
  it('finds the hand-computed itemsets (fraction and count give the same table)', () => {
    const t = mine(TX, { minSupport: 0.4 });
    expect(t.itemsets).toEqual(ALL_AT_2);
    expect(t.transactions).toBe(5);
    expect(t.items).toBe(3);
    expect(t.minCount).toBe(2);
    expect(t.algorithm).toBe(name);
    expect(mine(TX, { minSupport: { count: 2 } }).itemsets).toEqual(ALL_AT_2);
  });

  it('applies minSupport inclusively: 0.6 keeps support 0.6 exactly (count 3 of 5)', () => {
    expect(mine(TX, { minSupport: 0.6 }).itemsets.map((s) => s.items.join(''))).toEqual(['a', 'b', 'c', 'ab', 'ac']);
    // 0.35 × 5 = 1.75 → count 2
    expect(mine(TX, { minSupport: 0.35 }).minCount).toBe(2);
  });

  it('maxLen bounds the itemset length', () => {
    expect(mine(TX, { minSupport: 0.4, maxLen: 2 }).itemsets).toEqual(ALL_AT_2.slice(0, 6));
    expect(mine(TX, { minSupport: 0.4, maxLen: 1 }).itemsets).toEqual(ALL_AT_2.slice(0, 3));
  });

  it('closed and maximal itemsets', () => {
    // closed: no superset with equal support. a(4), b(4) closed; c(3) ⊂ ac(3) not closed; ab(3), ac(3) closed;
    // bc(2) ⊂ abc(2) not closed; abc closed. maximal: only abc.
    expect(mine(TX, { minSupport: 0.4, output: 'closed' }).itemsets.map((s) => s.items.join(''))).toEqual([
      'a',
      'b',
      'ab',
      'ac',
      'abc',
    ]);
    expect(mine(TX, { minSupport: 0.4, output: 'maximal' }).itemsets.map((s) => s.items.join(''))).toEqual(['abc']);
    expect(mine(TX, { minSupport: 0.6, output: 'maximal' }).itemsets.map((s) => s.items.join(''))).toEqual([
      'ab',
      'ac',
    ]);
  });

  it('support outside (0, 1] is a clear error, with the count form suggested', () => {
    expect(() => mine(TX, { minSupport: 0 })).toThrow(/minSupport must be a fraction in \(0, 1\]/);
    expect(() => mine(TX, { minSupport: 3 })).toThrow(/pass minSupport: \{ count: 3 \}/);
    expect(() => mine(TX, { minSupport: { count: 0 } })).toThrow(/INVALID|count/);
    expect(() => mine(TX, { maxLen: 0 })).toThrow(/maxLen/);
  });

  it('empty input is BASKET_EMPTY; no itemset found is a warning', () => {
    expect(() => mine([])).toThrow(expect.objectContaining({ code: 'BASKET_EMPTY' }));
    const t = mine(TX, { minSupport: 1 });
    expect(t.itemsets).toEqual([]);
    expect(t.warnings[0]).toMatch(/no itemset reaches minSupport 1/);
  });

  it('the budget stops with BASKET_BUDGET_EXCEEDED instead of exhausting memory', () => {
    expect(() => mine(TX, { minSupport: 0.4, maxItemsets: 5 })).toThrow(
      expect.objectContaining({ code: 'BASKET_BUDGET_EXCEEDED' }),
    );
    // a clock that jumps 1 s per call exhausts a 1 ms time budget
    const big = Array.from({ length: 64 }, (_, i) => Array.from({ length: 14 }, (_, j) => `i${(i + j) % 16}`));
    let now = 0;
    expect(() => mine(big, { minSupport: { count: 1 }, timeoutMs: 1, clock: () => (now += 1000) })).toThrow(
      /time budget timeoutMs = 1 ms/,
    );
  });

  it('equals the brute-force oracle on a random-looking fixed input', () => {
    const tx = Array.from({ length: 40 }, (_, i) =>
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'].filter((_, j) => ((i * 7 + j * 13) % 5) % 3 !== 0 || (i + j) % 4 === 0),
    );
    expect(mine(tx, { minSupport: 0.2 }).itemsets).toEqual(oracle(tx, 8));
  });
});

const txArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 8 }), {
  minLength: 1,
  maxLength: 40,
});

describe('properties (fast-check)', () => {
  it('apriori, fpgrowth and the brute-force oracle agree', () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), (tx, minCount, maxLen) => {
        const expected = oracle(tx, minCount, maxLen);
        const o = { minSupport: { count: minCount }, maxLen };
        expect(apriori(tx, o).itemsets).toEqual(expected);
        expect(fpgrowth(tx, o).itemsets).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('support is anti-monotone: every subset of a frequent itemset is listed with support ≥ its own', () => {
    fc.assert(
      fc.property(txArb, fc.double({ min: 0.05, max: 1, noNaN: true }), (tx, minSupport) => {
        const t = fpgrowth(tx, { minSupport });
        const by = new Map(t.itemsets.map((s) => [s.items.join(','), s.support]));
        for (const s of t.itemsets) {
          expect(s.support).toBeGreaterThanOrEqual(minSupport);
          for (let drop = 0; drop < s.items.length && s.items.length > 1; drop++) {
            const sub = s.items.filter((_, i) => i !== drop).join(',');
            expect(by.get(sub)).toBeGreaterThanOrEqual(s.support);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('closed and maximal agree between miners and are subsets of all', () => {
    fc.assert(
      fc.property(txArb, fc.integer({ min: 1, max: 4 }), (tx, minCount) => {
        for (const output of ['closed', 'maximal'] as const) {
          const a = apriori(tx, { minSupport: { count: minCount }, output }).itemsets;
          const f = fpgrowth(tx, { minSupport: { count: minCount }, output }).itemsets;
          expect(f).toEqual(a);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('does not mutate its input', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const copy = JSON.parse(JSON.stringify(tx));
        fpgrowth(tx, { minSupport: { count: 1 } });
        apriori(tx, { minSupport: { count: 1 } });
        expect(tx).toEqual(copy);
      }),
      { numRuns: 50 },
    );
  });
});
