import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  apriori,
  associationRules,
  buildBaskets,
  fitRecommender,
  fpgrowth,
  type ItemsetSupportsSqlOptions,
  itemsetSupportsSql,
  type MineOptions,
  ruleToJSON,
} from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import type { SqlEngine } from '@retailkit/connectors';
import { createRng, type Frame, fromRows, type Row, select } from '@retailkit/core';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseItemsets } from '../src/warehouse-basket.js';
import { SQL_ENGINES } from './helpers/engines.js';
import { loadFrame } from './helpers/load-frame.js';

/**
 * Frequent-itemset supports counted in the warehouse, level by level (`itemsetSupportsSql` run by
 * `warehouseItemsets`), against the in-memory miners, the oracle: `apriori` (and `fpgrowth`) on `buildBaskets` of the
 * same lines with the same minSupport, maxLen and minItems must give the same table — the same itemsets with the
 * same integer counts, supports, minCount and item count. Rules from the warehouse counts (`associationRules` on that
 * table, with fitRecommender's rule defaults) must equal `fitRecommender`'s rules.
 */

let seedLines: Frame | undefined;
/** The seeds' `basket` view (cleaned), the columns baskets are built from. */
function seeds(): Frame {
  seedLines ??= select(clean(generateTransactions().frame).views.basket, ['invoiceNo', 'stockCode', 'quantity']);
  return seedLines;
}

/**
 * 300 random baskets over 16 items with two planted bundles (so itemsets reach length 4 and more), plus lines the
 * basket rules drop: quantity below 1, a missing item, a repeated line and one-item baskets.
 */
function synthetic(): Frame {
  const rng = createRng(20);
  const rows: Row[] = [];
  const line = (b: number, item: string | null, quantity = 1) =>
    rows.push({ invoiceNo: `B${b}`, stockCode: item, quantity });
  for (let b = 0; b < 300; b++) {
    if (b % 3 === 0) for (const x of ['A', 'B', 'C', 'D']) if (rng.next() < 0.85) line(b, x);
    if (b % 5 === 0) for (const x of ['E', 'F', 'G']) if (rng.next() < 0.8) line(b, x);
    for (let i = 0; i < 16; i++) if (rng.next() < 0.12) line(b, String.fromCharCode(65 + i), 1 + rng.int(3));
    if (b % 7 === 0) line(b, 'H', 0);
    if (b % 11 === 0) line(b, null);
    if (b % 13 === 0) line(b, 'A');
  }
  for (let b = 300; b < 320; b++) line(b, 'Z');
  return fromRows(rows);
}

/**
 * Baskets whose (basket, item) pairs would collide if joined as plain text (`b1` + `z` = `b` + `1z`), and baskets
 * that end like a lookup tag (`b2:1`): hand-derived, {x, y, z} is in one basket (b2), not two; b1 holds x and y but
 * not z.
 */
function colliding(): Frame {
  const rows: Row[] = [];
  for (const [b, items] of [
    ['b1', ['x', 'y']],
    ['b', ['1z', 'x', 'y']],
    ['b2', ['x', 'y', 'z']],
    ['b3', ['x', 'z', 'y1']],
    ['b4', ['y', 'z']],
    ['b2:1', ['x', 'y']],
    ['b2:1:0', ['x']],
  ] as const)
    for (const x of items) rows.push({ invoiceNo: b, stockCode: x, quantity: 1 });
  return fromRows(rows);
}

/** The oracle: `apriori` on `buildBaskets` of the lines, checked against `fpgrowth` on the same baskets. */
function inMemory(lines: Frame, o: ItemsetSupportsSqlOptions) {
  const baskets = buildBaskets(lines, { minItems: o.minItems, minQuantity: o.minQuantity });
  const mine: MineOptions = { minSupport: o.minSupport, maxLen: o.maxLen };
  const table = apriori(baskets, mine);
  expect(fpgrowth(baskets, mine).itemsets).toEqual(table.itemsets);
  return table;
}

const CASES: readonly {
  name: string;
  data: 'seeds' | 'synthetic' | 'colliding';
  options: Omit<ItemsetSupportsSqlOptions, 'lines'>;
}[] = [
  // 243 frequent items: level 2's 29,403 candidates are uploaded, level 3's inlined
  { name: 'seeds, minSupport 0.02, minItems 2', data: 'seeds', options: { minSupport: 0.02, minItems: 2 } },
  { name: 'synthetic, minSupport 0.04, inlined', data: 'synthetic', options: { minSupport: 0.04 } },
  {
    name: 'synthetic, { count: 9 }, every level uploaded',
    data: 'synthetic',
    options: { minSupport: { count: 9 }, inlineCandidates: 0, minItems: 2 },
  },
  { name: 'synthetic, minSupport 0.04, maxLen 3', data: 'synthetic', options: { minSupport: 0.04, maxLen: 3 } },
  { name: 'synthetic, nothing frequent', data: 'synthetic', options: { minSupport: 0.9 } },
  { name: 'pairs that collide as plain text', data: 'colliding', options: { minSupport: { count: 1 }, maxLen: 3 } },
];

describe.each(SQL_ENGINES)('itemsetSupportsSql on $name equals the in-memory miners', (c) => {
  let engine: SqlEngine;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (!c.available) return;
    ({ engine, stop } = await c.open());
    await loadFrame(engine, 'seeds_lines', seeds(), false);
    await loadFrame(engine, 'synthetic_lines', synthetic(), false);
    await loadFrame(engine, 'colliding_lines', colliding(), false);
  });
  afterAll(async () => {
    await engine?.close();
    await stop();
  });

  it.skipIf(!c.available).each(CASES)('$name: same itemsets and counts', async ({ data, options }) => {
    const lines = data === 'seeds' ? seeds() : data === 'synthetic' ? synthetic() : colliding();
    const expected = inMemory(lines, { lines: '', ...options });
    const actual = await warehouseItemsets(engine, { lines: `${data}_lines`, ...options });
    expect(actual).toEqual(expected);
  });

  it.skipIf(!c.available)('counts {x, y, z} once in the colliding baskets, as hand-derived', async () => {
    const table = await warehouseItemsets(engine, { lines: 'colliding_lines', minSupport: { count: 1 } });
    expect(table.itemsets.find((s) => s.items.join() === 'x,y,z')?.count).toBe(1);
  });

  it.skipIf(!c.available)('the synthetic data reaches itemsets of length 4', async () => {
    const table = await warehouseItemsets(engine, { lines: 'synthetic_lines', minSupport: 0.04 });
    expect(Math.max(...table.itemsets.map((s) => s.items.length))).toBeGreaterThanOrEqual(4);
  });

  it.skipIf(!c.available)('rules from the warehouse counts equal fitRecommender rules', async () => {
    const table = await warehouseItemsets(engine, { lines: 'seeds_lines', minSupport: 0.02, minItems: 2 });
    const rules = associationRules(table, {
      metric: 'confidence',
      minThreshold: 0.5,
      filters: { lift: { min: 1 } },
      sortBy: 'lift',
    });
    const { report } = fitRecommender(seeds(), { minSupport: 0.02, createdAt: '2011-12-10T00:00:00Z' });
    expect(report.rules.length).toBeGreaterThan(0);
    expect(rules.map(ruleToJSON)).toEqual(report.rules);
  });

  it.skipIf(!c.available)(
    'drops the scratch candidates table after each level, and the pairs and basket items tables at the end',
    async () => {
      await warehouseItemsets(engine, { lines: 'synthetic_lines', minSupport: 0.04, inlineCandidates: 0 });
      await expect(engine.query('SELECT COUNT(*) AS n FROM itemset_candidates')).rejects.toThrow();
      await expect(engine.query('SELECT COUNT(*) AS n FROM itemset_pairs')).rejects.toThrow();
      await expect(engine.query('SELECT COUNT(*) AS n FROM itemset_basket_items')).rejects.toThrow();
    },
  );
});

describe('itemsetSupportsSql BigQuery SQL golden file', () => {
  it('matches its golden file', () => {
    const plan = itemsetSupportsSql('bigquery', {
      lines: 'shop.retail.basket_lines',
      minSupport: 0.01,
      minItems: 2,
      candidatesTable: 'shop.scratch.itemset_candidates',
      inlineCandidates: 1,
      pairsTable: 'shop.scratch.itemset_pairs',
      basketItemsTable: 'shop.scratch.itemset_basket_items',
    });
    const four = ['21731', '22086', '22111', "O'BRIEN"];
    const pairs = four.flatMap((a, i) => four.slice(i + 1).map((b) => [a, b]));
    const inline = plan.nextLevel([['21731'], ['22086']], 12); // one candidate: inlined
    const upload = plan.nextLevel(pairs, 12); // four candidates: uploaded
    const sql = [
      ...plan.setup,
      plan.basketsSql,
      plan.itemsSql(12),
      ...(inline?.setup ?? []),
      inline?.query,
      ...(upload?.setup ?? []),
      upload?.query,
      ...(upload?.cleanup ?? []),
      ...plan.cleanup,
    ].join(';\n\n');
    const path = fileURLToPath(new URL('./fixtures/pushdown/bigquery-itemset-supports.sql', import.meta.url));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, `${sql};\n`);
    expect(`${sql};\n`).toBe(readFileSync(path, 'utf8'));
  });
});
