import { createRecommender, type RulesReport } from '@retailkit/basket';
import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { crossSellExamples, itemDescriptions, rulesJson } from '../src/commands/basket.js';

// Invoices in file order: 1 {A, C}, 2 {A, D}, 3 {X}, 4 {B, A}; one rule A → B.
const lines = fromRows([
  { invoiceNo: '1', stockCode: 'A', description: 'MUG' },
  { invoiceNo: '1', stockCode: 'C', description: 'CUP' },
  { invoiceNo: '2', stockCode: 'A', description: 'MUG' },
  { invoiceNo: '2', stockCode: 'D', description: 'DISH' },
  { invoiceNo: '3', stockCode: 'X', description: 'BOX' },
  { invoiceNo: '4', stockCode: 'B', description: 'BAG' },
  { invoiceNo: '4', stockCode: 'A', description: 'MUG' },
]);
const model = createRecommender([{ antecedents: ['A'], consequents: ['B'], support: 0.2, confidence: 0.8, lift: 2 }]);

describe('crossSellExamples', () => {
  it('walks baskets from the last: skips one-item baskets, baskets without a proposal and repeated proposals', () => {
    // 4 holds B already (no proposal), 3 has one item, 2 gets B, 1 would get B again
    expect(crossSellExamples(lines, model)).toEqual([
      { invoiceNo: '2', cart: ['A', 'D'], recommendations: [{ item: 'B', confidence: 0.8, lift: 2, support: 0.2 }] },
    ]);
    expect(crossSellExamples(lines, model, { maxCart: 1 })).toEqual([]);
  });
});

describe('itemDescriptions and rulesJson', () => {
  it('maps the wanted stock codes to their description, sorted by code', () => {
    expect(itemDescriptions(lines, new Set(['B', 'A', 'Z']))).toEqual({ A: 'MUG', B: 'BAG' });
  });

  it('adds descriptions and examples to rules.json after the counts and rules', () => {
    const report = {
      baskets: 4,
      items: 5,
      itemsets: 3,
      rulesFound: 1,
      rulesKept: 1,
      rules: [],
    } as unknown as RulesReport;
    const file = rulesJson(report, { descriptions: { A: 'MUG' }, examples: [] });
    expect(Object.keys(file)).toEqual(['baskets', 'items', 'itemsets', 'rules', 'descriptions', 'examples']);
    expect(Object.keys(rulesJson(report))).toEqual(['baskets', 'items', 'itemsets', 'rules']);
  });
});
