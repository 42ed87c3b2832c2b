import { recommendationsSql, ruleTables } from '@retailkit/basket';
import { toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

describe('ruleTables', () => {
  it('flattens rules into one row per consequent and one per antecedent with its size (hand-built rules)', () => {
    const t = ruleTables([
      { antecedents: ['tea', 'sugar'], consequents: ['cups', 'saucers'], support: 0.2, confidence: 0.8, lift: 2 },
      { antecedents: ['jam'], consequents: ['bread'], support: 0.1, confidence: 0.5, lift: 3 },
    ]);
    expect(toRows(t.rules)).toEqual([
      { ruleId: 0, consequent: 'cups', support: 0.2, confidence: 0.8, lift: 2 },
      { ruleId: 0, consequent: 'saucers', support: 0.2, confidence: 0.8, lift: 2 },
      { ruleId: 1, consequent: 'bread', support: 0.1, confidence: 0.5, lift: 3 },
    ]);
    expect(toRows(t.antecedents)).toEqual([
      { ruleId: 0, item: 'tea', size: 2 },
      { ruleId: 0, item: 'sugar', size: 2 },
      { ruleId: 1, item: 'jam', size: 1 },
    ]);
  });

  it('refuses a rule without antecedents, naming it', () => {
    expect(() =>
      ruleTables([{ antecedents: [], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }]),
    ).toThrow(/ruleTables: rules\[0\]/);
  });
});

describe('recommendationsSql (its results are checked against the recommender on DuckDB and PostgreSQL in examples/end-to-end/test/pushdown-recommendations.test.ts)', () => {
  it('byte-orders labels on PostgreSQL and quotes every table and column', () => {
    const sql = recommendationsSql('postgres', {
      rules: 'retail.rules',
      antecedents: 'retail.rule_antecedents',
      lines: 'retail.transactions',
      columns: { customerId: 'customer', item: 'sku' },
      k: 3,
    });
    expect(sql).toContain('item COLLATE "C"');
    expect(sql).toContain('FROM "retail"."transactions"');
    expect(sql).toContain('SELECT DISTINCT "customer" AS customer_id, "sku" AS item');
    expect(sql).toContain('WHERE item_rank <= 3');
    expect(() => recommendationsSql('postgres', { rules: 'r; drop', antecedents: 'a', lines: 'l' })).toThrow();
  });
});
