import { apriori, associationRules, itemsetSupportsSql } from '@retailkit/basket';
import type { RetailKitError } from '@retailkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/**
 * The pure steps of `itemsetSupportsSql`. Its SQL is run on DuckDB and PostgreSQL against `apriori`/`fpgrowth` in
 * examples/end-to-end/test/pushdown-basket.test.ts; here: the candidates, the threshold and the table equal the
 * in-memory miner's (the oracle), and bad options are refused by name.
 */

const plan = (o: Partial<Parameters<typeof itemsetSupportsSql>[1]> = {}) =>
  itemsetSupportsSql('duckdb', { lines: 'basket_lines', ...o });

/** Every level's candidates and counts computed in Node by brute force, the way the warehouse counts them. */
function levels(baskets: string[][], minSupport: number, maxLen?: number) {
  const p = plan({ minSupport, maxLen });
  const sets = baskets.map((b) => new Set(b));
  const count = (items: readonly string[]) => sets.filter((s) => items.every((x) => s.has(x))).length;
  const { minCount } = p.threshold(baskets.length);
  const labels = [...new Set(baskets.flat())];
  let level = labels.map((x) => ({ items: [x], count: count([x]) })).filter((s) => s.count >= minCount);
  const found = [...level];
  for (
    let step = p.nextLevel(
      level.map((s) => s.items),
      minCount,
    );
    step;
  ) {
    level = step.candidates.map((c) => ({ items: [...c], count: count(c) })).filter((s) => s.count >= minCount);
    found.push(...level);
    step = p.nextLevel(
      level.map((s) => s.items),
      minCount,
    );
  }
  return p.table({ baskets: baskets.length, items: labels.length, itemsets: found });
}

describe('itemsetSupportsSql plan', () => {
  it('Apriori join and prune: {a,b,c} survives, {a,b,d} is pruned ({b,d} not frequent), as hand-derived', () => {
    const step = plan().nextLevel(
      [
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'd'],
        ['b', 'c'],
      ],
      2,
    );
    expect(step?.k).toBe(3);
    expect(step?.candidates).toEqual([['a', 'b', 'c']]);
    expect(step?.setup).toEqual([]); // inlined
    // one row per candidate: its first item, then the tags of the others (b is 0, c is 1); the baskets of the
    // first item, the other two looked up by the numbered basket's key basket · 2 tags + tag
    expect(step?.query).toContain(`(VALUES\n    (0, 'a', 0, 1)\n  ) AS v(candidate_id, i1, t2, t3)`);
    expect(step?.query).toContain(`(VALUES\n    ('b', 0),\n    ('c', 1)\n  ) AS v(item, tag)`);
    expect(step?.query).toContain(
      'SELECT p.basket_id * 2 + g.tag AS pair_key FROM pairs p JOIN tags g ON g.item = p.item',
    );
    expect(step?.query).toContain('JOIN pairs p1 ON p1.item = c.i1');
    expect(step?.query).toContain(
      'JOIN keyed q2 ON q2.pair_key = p1.basket_id * 2 + c.t2\nJOIN keyed q3 ON q3.pair_key = p1.basket_id * 2 + c.t3',
    );
  });

  it('sorts the items of the frequent sets it is given', () => {
    expect(
      plan().nextLevel(
        [
          ['b', 'a'],
          ['c', 'a'],
          ['c', 'b'],
        ],
        2,
      )?.candidates,
    ).toEqual([['a', 'b', 'c']]);
  });

  it('stops at maxLen and when no candidate is left', () => {
    expect(
      plan({ maxLen: 2 }).nextLevel(
        [
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ],
        2,
      ),
    ).toBeNull();
    expect(plan().nextLevel([['a', 'b']], 2)).toBeNull();
    expect(plan().nextLevel([], 2)).toBeNull();
  });

  it('stops with BASKET_BUDGET_EXCEEDED when a level would join more than maxCandidates pairs', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((x) => [x]); // 10 pairs
    expect(plan({ maxCandidates: 10 }).nextLevel(items, 1)?.candidates).toHaveLength(10);
    expect(() => plan({ maxCandidates: 9 }).nextLevel(items, 1)).toThrow(
      expect.objectContaining({
        code: 'BASKET_BUDGET_EXCEEDED',
        message: expect.stringMatching(/level 2 .* 10 candidates/),
      }),
    );
  });

  it('uploads the candidates past inlineCandidates (level 3 and up), and drops the table after', () => {
    const frequent = [
      ['x', 'y'],
      ['x', 'z'],
      ['y', 'z'],
    ];
    const step = plan({ inlineCandidates: 0, candidatesTable: 'scratch.cands' }).nextLevel(frequent, 1);
    expect(step?.setup).toEqual([
      'DROP TABLE IF EXISTS "scratch"."cands"',
      'CREATE TABLE "scratch"."cands" (candidate_id bigint, i1 VARCHAR, t2 bigint, t3 bigint)',
      `INSERT INTO "scratch"."cands" (candidate_id, i1, t2, t3) VALUES\n  (0, 'x', 0, 1)`,
    ]);
    expect(step?.cleanup).toEqual(['DROP TABLE IF EXISTS "scratch"."cands"']);
  });

  it('level 2 counts the pairs of frequent items in each basket, numbered as aprioriCandidates orders them', () => {
    // hand-derived: items c, a, b (any order) rank a 0, b 1, c 2 with m = 3; base(r) = r·3 − r(r+1)/2 − r − 1 gives
    // −1, 0, 0, so the pairs (a,b) (a,c) (b,c) are candidates 0, 1, 2 — the row-major order of the candidates
    const step = plan({ inlineCandidates: 0 }).nextLevel([['c'], ['a'], ['b']], 2);
    expect(step?.candidates).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    // the pairs of the frequent items with their ranks and bases, in baskets with two of them, kept in a temporary
    // table every level reads, made from the basket items' table (not the lines again)
    expect(step?.setup[0]).toBe('DROP TABLE IF EXISTS "itemset_pairs"');
    expect(step?.setup[1]).toMatch(/^CREATE TEMPORARY TABLE "itemset_pairs" AS\nWITH frequent AS/);
    expect(step?.setup[1]).toContain('FROM "itemset_basket_items" b JOIN frequent f ON f.item = b.item');
    expect(step?.setup[1]).not.toContain('"basket_lines"');
    expect(step?.setup[1]).toContain(
      `(VALUES\n    ('a', 0, -1),\n    ('b', 1, 0),\n    ('c', 2, 0)\n  ) AS v(item, item_rank, base)`,
    );
    expect(step?.setup[1]).toContain('HAVING COUNT(*) >= 2)');
    expect(step?.setup).toHaveLength(2);
    // pairs of ranks a < b counted in the table's self-join, numbered base(a) + b
    expect(step?.query).toBe(
      'SELECT a.base + b.item_rank AS "candidateId", COUNT(*) AS "count"\n' +
        'FROM "itemset_pairs" a JOIN "itemset_pairs" b ON b.basket_id = a.basket_id AND b.item_rank > a.item_rank\n' +
        'GROUP BY 1\nHAVING COUNT(*) >= 2',
    );
  });

  it('keeps the pairs table temporary where the engine allows it, and drops it in the plan cleanup', () => {
    const setup = (dialect: 'duckdb' | 'postgres' | 'bigquery', pairsTable?: string) =>
      itemsetSupportsSql(dialect, { lines: 'l', pairsTable }).nextLevel([['a'], ['b']], 1)?.setup ?? [];
    expect(setup('duckdb')[1]).toMatch(/^CREATE TEMPORARY TABLE "itemset_pairs" AS/);
    // baskets numbered where the engine sorts them in parallel; BigQuery keeps the text (one worker would sort)
    expect(setup('duckdb')[1]).toContain(
      'SELECT DENSE_RANK() OVER (ORDER BY basket_id) AS basket_id, item, item_rank, base FROM kept',
    );
    expect(setup('bigquery')[1]).toContain('SELECT basket_id, item, item_rank, base FROM kept');
    // PostgreSQL never analyzes a temporary table by itself: the plan does, so that the levels' joins are planned
    expect(
      setup('postgres')
        .slice(1)
        .map((x) => x.split(' AS\n')[0]),
    ).toEqual(['CREATE TEMPORARY TABLE "itemset_pairs"', 'ANALYZE "itemset_pairs"']);
    // a schema-qualified name, and BigQuery (no temporary tables outside scripts), get a plain table; on PostgreSQL an
    // unlogged one (parallel workers scan it, none scans a temporary table)
    expect(setup('duckdb', 'scratch.pairs')[1]).toMatch(/^CREATE TABLE "scratch"\."pairs" AS/);
    expect(setup('postgres', 'scratch.pairs')[1]).toMatch(/^CREATE UNLOGGED TABLE "scratch"\."pairs" AS/);
    expect(setup('bigquery')[1]).toMatch(/^CREATE TABLE `itemset_pairs` AS/);
    expect(plan({ pairsTable: 'scratch.pairs' }).cleanup).toEqual([
      'DROP TABLE IF EXISTS "scratch"."pairs"',
      'DROP TABLE IF EXISTS "itemset_basket_items"',
    ]);
  });

  it('reads the lines once, into the basket items table the counts and levels 1 and 2 read', () => {
    const p = plan({ minItems: 2, minQuantity: 1 });
    // the distinct (basket, item) pairs of the kept lines, in the baskets with at least minItems items
    expect(p.setup[0]).toBe('DROP TABLE IF EXISTS "itemset_basket_items"');
    expect(p.setup[1]).toBe(
      'CREATE TEMPORARY TABLE "itemset_basket_items" AS\n' +
        'WITH lines AS (\n' +
        '  SELECT DISTINCT "invoiceNo" AS basket_id, "stockCode" AS item\n' +
        '  FROM "basket_lines"\n' +
        '  WHERE "invoiceNo" IS NOT NULL AND "stockCode" IS NOT NULL AND "quantity" >= 1\n' +
        '),\n' +
        'pairs AS (\n' +
        '  SELECT basket_id, item FROM lines\n' +
        '  WHERE basket_id IN (SELECT basket_id FROM lines GROUP BY basket_id HAVING COUNT(*) >= 2)\n' +
        ')\n' +
        'SELECT basket_id, item FROM pairs',
    );
    expect(p.setup).toHaveLength(2);
    expect(p.basketsSql).toBe(
      'SELECT COUNT(DISTINCT basket_id) AS "baskets", COUNT(DISTINCT item) AS "items"\nFROM "itemset_basket_items"',
    );
    expect(p.itemsSql(3)).toBe(
      'SELECT item AS "item", COUNT(*) AS "count"\nFROM "itemset_basket_items"\nGROUP BY item\nHAVING COUNT(*) >= 3',
    );
    // minItems 1: every basket of a kept line counts, so the counts read the lines, not the table (cheaper where the
    // table is on disk)
    expect(plan({ minItems: 1 }).basketsSql).toContain('FROM "basket_lines"');
    // temporary, unlogged or a table as the pairs table, analyzed on PostgreSQL, named by basketItemsTable
    const setup = (dialect: 'duckdb' | 'postgres' | 'bigquery', basketItemsTable?: string) =>
      itemsetSupportsSql(dialect, { lines: 'l', basketItemsTable }).setup.map((x) => x.split(' AS\n')[0]);
    expect(setup('postgres')).toEqual([
      'DROP TABLE IF EXISTS "itemset_basket_items"',
      'CREATE TEMPORARY TABLE "itemset_basket_items"',
      'ANALYZE "itemset_basket_items"',
    ]);
    expect(setup('postgres', 'scratch.items')[1]).toBe('CREATE UNLOGGED TABLE "scratch"."items"');
    expect(setup('bigquery')[1]).toBe('CREATE TABLE `itemset_basket_items`');
  });

  it('gives the same threshold as the miners (fast-check over n and minSupport)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (n, ms) => {
        const table = apriori(
          Array.from({ length: n }, () => ['a']),
          { minSupport: ms },
        );
        expect(plan({ minSupport: ms }).threshold(n)).toEqual({ minSupport: ms, minCount: table.minCount });
      }),
    );
    expect(plan({ minSupport: { count: 3 } }).threshold(12)).toEqual({ minSupport: 0.25, minCount: 3 });
  });

  it('levels counted by brute force make the table apriori makes, and the same rules (fast-check)', () => {
    const basket = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(basket, { minLength: 1, maxLength: 40 }), fc.constantFrom(0.1, 0.2, 0.35), (bs, ms) => {
        const expected = apriori(bs, { minSupport: ms });
        const table = levels(bs, ms);
        expect(table).toEqual(expected);
        expect(associationRules(table, { minThreshold: 0.5 })).toEqual(
          associationRules(expected, { minThreshold: 0.5 }),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('refuses bad names and options, naming itemsetSupportsSql, the option and the value', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as RetailKitError).code, (e as Error).message];
      }
      return null;
    };
    expect(err(() => plan({ columns: { item: 'stock code' } }))).toEqual([
      'INVALID_ARGUMENT',
      expect.stringMatching(
        /^itemsetSupportsSql: columns\.item must be an identifier .*received "stock code"\. Rename/,
      ),
    ]);
    expect(err(() => plan({ lines: 'a;drop' }))?.[1]).toMatch(/itemsetSupportsSql: lines must be/);
    expect(err(() => plan({ minSupport: 2 }))?.[1]).toMatch(/minSupport.*\{ count: 2 \}/);
    expect(err(() => plan({ maxLen: 0 }))?.[1]).toMatch(/itemsetSupportsSql: maxLen/);
    expect(err(() => plan({ minItems: 1.5 }))?.[1]).toMatch(/itemsetSupportsSql: minItems/);
    expect(err(() => plan({ inlineCandidates: -1 }))?.[1]).toMatch(/itemsetSupportsSql: inlineCandidates/);
    expect(err(() => plan({ maxCandidates: 0 }))?.[1]).toMatch(/itemsetSupportsSql: maxCandidates/);
    expect(err(() => plan({ pairsTable: 'pairs; drop' }))?.[1]).toMatch(/^itemsetSupportsSql: pairsTable must be/);
    expect(err(() => plan({ basketItemsTable: 'x y' }))?.[1]).toMatch(/^itemsetSupportsSql: basketItemsTable must be/);
    expect(err(() => plan().itemsSql(0))?.[1]).toMatch(/itemsetSupportsSql: minCount/);
    expect(err(() => plan().threshold(0))?.[0]).toBe('BASKET_EMPTY');
    expect(err(() => itemsetSupportsSql('mysql' as 'duckdb', { lines: 'l' }))?.[0]).toBe('INVALID_ARGUMENT');
  });
});
