import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitRecommender, recommendationsSql, ruleTables } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import type { SqlEngine } from '@retailkit/connectors';
import { type Frame, select, toRows } from '@retailkit/core';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_ENGINES } from './helpers/engines.js';
import { loadFrame } from './helpers/load-frame.js';

/**
 * Batch recommendations computed in the warehouse (`recommendationsSql` over `ruleTables`) against the in-memory
 * recommender, the oracle: for every customer of the seeds, `model.recommend(<the customer's distinct items>, { k })`
 * must equal the SQL rows — same items in the same order, metrics equal (the same doubles are compared).
 */

const ENGINES = SQL_ENGINES;

const K = 5;
let fixture: { lines: Frame; model: ReturnType<typeof fitRecommender>['model'] } | undefined;
function seeds() {
  if (!fixture) {
    const basket = clean(generateTransactions().frame).views.basket;
    // a low support threshold, so that rules with two and three antecedents fire
    const { model } = fitRecommender(basket, {
      minSupport: 0.005,
      minThreshold: 0.1,
      createdAt: '2011-12-10T00:00:00Z',
    });
    fixture = { lines: select(basket, ['customerId', 'stockCode']), model };
  }
  return fixture;
}

/** The oracle: each customer's distinct items through the in-memory recommender, as the SQL rows would be. */
function expectedRows(lines: Frame, model: ReturnType<typeof seeds>['model'], by: 'confidence' | 'lift') {
  const items = new Map<string, Set<string>>();
  for (const r of toRows(lines)) {
    if (r.customerId === null || r.stockCode === null) continue;
    let s = items.get(r.customerId as string);
    if (!s) items.set(r.customerId as string, (s = new Set()));
    s.add(r.stockCode as string);
  }
  const out: Record<string, unknown>[] = [];
  for (const customerId of [...items.keys()].sort())
    model.recommend([...(items.get(customerId) as Set<string>)], { k: K, by }).forEach((x, i) => {
      out.push({
        customerId,
        rank: i + 1,
        item: x.item,
        score: x.score,
        confidence: x.confidence,
        lift: x.lift,
        support: x.support,
      });
    });
  return out;
}

describe.each(ENGINES)('recommendationsSql on $name equals the in-memory recommender', (c) => {
  let engine: SqlEngine;
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (!c.available) return;
    const { lines, model } = seeds();
    ({ engine, stop } = await c.open());
    const tables = ruleTables(model.params.rules);
    await loadFrame(engine, 'lines', lines, false);
    await loadFrame(engine, 'rules', tables.rules, false);
    await loadFrame(engine, 'rule_antecedents', tables.antecedents, false);
  });
  afterAll(async () => {
    await engine?.close();
    await stop();
  });

  it.skipIf(!c.available).each(['confidence', 'lift'] as const)(
    'top %s: every customer, same items and order',
    async (by) => {
      const { lines, model } = seeds();
      // the fixture exercises rules with more than one antecedent
      expect(model.params.rules.some((r) => r.antecedents.length > 1)).toBe(true);
      const expected = expectedRows(lines, model, by);
      expect(expected.length).toBeGreaterThan(500);
      const sql = recommendationsSql(engine.dialect, {
        rules: 'rules',
        antecedents: 'rule_antecedents',
        lines: 'lines',
        k: K,
        by,
      });
      const actual = toRows(await engine.query(sql)).sort((a, b) =>
        (a.customerId as string) < (b.customerId as string)
          ? -1
          : (a.customerId as string) > (b.customerId as string)
            ? 1
            : (a.rank as number) - (b.rank as number),
      );
      expect(actual.length).toBe(expected.length);
      const bad = actual
        .map((a, i) => [a, expected[i]])
        .filter(([a, e]) => JSON.stringify(a) !== JSON.stringify(e))
        .slice(0, 3);
      expect(bad).toEqual([]);
    },
  );
});

describe('recommendationsSql BigQuery SQL golden file', () => {
  it('matches its golden file', () => {
    const sql = recommendationsSql('bigquery', {
      rules: 'shop.retail.rules',
      antecedents: 'shop.retail.rule_antecedents',
      lines: 'shop.retail.transactions',
    });
    const path = fileURLToPath(new URL('./fixtures/pushdown/bigquery-recommendations.sql', import.meta.url));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, `${sql}\n`);
    expect(`${sql}\n`).toBe(readFileSync(path, 'utf8'));
  });
  it('refuses a bad k or by', () => {
    const o = { rules: 'r', antecedents: 'a', lines: 'l' };
    expect(() => recommendationsSql('duckdb', { ...o, k: 0 })).toThrow(/recommendationsSql: k/);
    expect(() => recommendationsSql('duckdb', { ...o, by: 'support' as 'lift' })).toThrow(/recommendationsSql: by/);
  });
});
