import { apriori, basketsFromArrays } from '@retailkit/basket';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aprioriCore } from '../src/internal/apriori-core.js';
import { fpGrowthCore } from '../src/internal/fp-growth-core.js';
import { Collector } from '../src/internal/miner-run.js';

// The fallbacks used past the array limits (FP-growth without its pair-count array; Apriori counting pairs in a
// hash map) must give the same itemsets as the default paths: checked against apriori's public table.
function run(core: 'fp' | 'ap', tx: string[][], minCount: number, maxLen: number): string[] {
  const b = basketsFromArrays(tx);
  const c = new Collector('t', 1e6, 1e7, null, 0);
  const db = { n: b.length, nItems: b.itemLabels.length, offsets: b.offsets, items: b.items };
  if (core === 'fp') fpGrowthCore(db, minCount, maxLen, c, 0);
  else aprioriCore(db, minCount, maxLen, c, 0);
  const out: string[] = [];
  for (let i = 0; i < c.counts.length; i++) {
    const items = c.flat.slice(c.starts[i], c.starts[i + 1]).map((x) => b.itemLabels[x]);
    out.push(`${items.sort().join('')}:${c.counts[i]}`);
  }
  return out.sort();
}

describe('fallback paths', () => {
  it('FP-growth without the FP-array and Apriori with hashed pair counts agree with the defaults', () => {
    const txArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 7 }), {
      minLength: 1,
      maxLength: 30,
    });
    fc.assert(
      fc.property(txArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), (tx, minCount, maxLen) => {
        const expected = apriori(tx, { minSupport: { count: minCount }, maxLen })
          .itemsets.map((s) => `${s.items.join('')}:${s.count}`)
          .sort();
        expect(run('fp', tx, minCount, maxLen)).toEqual(expected);
        expect(run('ap', tx, minCount, maxLen)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
