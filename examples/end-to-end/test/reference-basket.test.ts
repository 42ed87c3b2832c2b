import { existsSync } from 'node:fs';
import { recommenderFromJSON } from '@retailkit/basket';
import { readCsv } from '@retailkit/connectors';
import { type Frame, fromRows } from '@retailkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatRules, rulesJson } from '../src/commands/basket.js';
import { fitReferenceRecommender, referenceBaskets } from '../src/reference/basket.js';
import { cleanReference } from '../src/reference/cleaning.js';

const SCHEMA = {
  invoiceNo: 'string',
  stockCode: 'string',
  description: 'string',
  quantity: 'number',
  invoiceDate: 'timestamp',
  unitPrice: 'number',
  customerId: 'string',
  revenue: 'number',
} as const;

type R = [string, string, string, number, number, string];
// What the reference cleaning hands over: customerId filled with "0", a revenue column.
const refRows: R[] = [
  ['1', 'A1', 'APPLE ', 2, 1, '10'],
  ['1', 'B1', 'BOWL', 1, 2, '10'],
  ['1', 'POST', 'POSTAGE', 1, 18, '10'], // dropped: POST
  ['2', 'A1', 'APPLE ', 1, 1, '11'],
  ['2', 'B1', 'BOWL', 3, 2, '11'],
  ['2', 'C1', 'CUP', 1, 1, '11'],
  ['3', 'A1', 'APPLE ', 1, 1, '0'], // dropped: customer 0
  ['3', 'B1', 'BOWL', 1, 2, '0'], // dropped: customer 0
  ['4', 'A1', 'APPLE ', 1, 1, '12'],
  ['4', 'C1', 'CUP', 2, 1, '12'],
  ['4', 'B1', 'BOWL', -1, 2, '12'], // dropped: negative revenue
  ['5', 'C1', 'CUP', 1, 1, '13'],
  ['5', 'PADS', 'PADS TO MATCH', 1, 0.001, '13'], // PADS stays
  ['6', 'A1', 'APPLE ', 1, 1, '14'], // basket of one item: dropped
  ['7', 'C2', 'CARRIAGE', 1, 50, '15'], // C2 stays
  ['7', 'B1', 'BOWL', 1, 2, '15'],
  ['8', 'B', 'Adjust bad debt', 1, 5, '16'], // dropped: B
  ['8', 'S', 'SAMPLES', 1, 5, '16'], // dropped: S; the last invoiceDate of the frame
];
const refFrame = fromRows(
  refRows.map(([invoiceNo, stockCode, description, quantity, unitPrice, customerId], i) => ({
    invoiceNo,
    stockCode,
    description,
    quantity,
    invoiceDate: Date.UTC(2011, 11, 1 + i),
    unitPrice,
    customerId,
    revenue: quantity * unitPrice,
  })),
  SCHEMA,
);

const key = (r: { antecedents: readonly string[]; consequents: readonly string[] }) =>
  `${r.antecedents.join('+')}>${r.consequents.join('+')}`;

describe('the notebook replay (hand-computed)', () => {
  it('builds the notebook baskets', () => {
    const b = referenceBaskets(refFrame);
    expect(b.basketLabels).toEqual(['1', '2', '4', '5', '7']);
    expect(b.itemLabels).toEqual(['APPLE ', 'BOWL', 'CARRIAGE', 'CUP', 'PADS TO MATCH']);
  });

  it('mines rules with lift ≥ 1, no confidence threshold, sorted by lift', () => {
    // supports (n = 5): A .6, B .6, C .6, PADS .2, CARRIAGE .2; AB .4, AC .4, BC .2, C+PADS .2, B+CARRIAGE .2,
    // ABC .2 → 11 itemsets (min support 0.03 → count 1). Lift 5/3: C↔PADS, B↔CARRIAGE, A→BC, BC→A;
    // lift 10/9: A↔B, A↔C; B↔C (5/9) and the other ABC splits (5/6) fail lift ≥ 1.
    const { report, model } = fitReferenceRecommender(refFrame);
    expect(report.minCount).toBe(1);
    expect([report.baskets, report.items, report.itemsets, report.rules.length]).toEqual([5, 5, 11, 10]);
    const top = report.rules.slice(0, 6);
    expect(top.map(key).sort()).toEqual(
      [
        'APPLE >BOWL+CUP',
        'BOWL+CUP>APPLE ',
        'BOWL>CARRIAGE',
        'CARRIAGE>BOWL',
        'CUP>PADS TO MATCH',
        'PADS TO MATCH>CUP',
      ].sort(),
    );
    for (const r of top) expect(r.lift).toBeCloseTo(5 / 3, 12);
    for (const r of report.rules.slice(6)) expect(r.lift).toBeCloseTo(10 / 9, 12);
    const pads = report.rules.find((r) => key(r) === 'PADS TO MATCH>CUP');
    expect(pads).toMatchObject({ support: 0.2, confidence: 1, conviction: 'Infinity', antecedentSupport: 0.2 });
    const artifact = model.toJSON();
    expect(artifact.kind).toBe('basket.recommender');
    // dated by the whole frame's last invoiceDate (row 18 → 2011-12-18), though that row is not mined
    expect(artifact.createdAt).toBe('2011-12-18T00:00:00.000Z');
    expect(recommenderFromJSON(artifact).predict({ cart: ['PADS TO MATCH'] }).items[0].item).toBe('CUP');
    // rules.json keeps "Infinity" through JSON
    const written = JSON.parse(JSON.stringify(rulesJson(report)));
    expect(Object.keys(written)).toEqual(['baskets', 'items', 'itemsets', 'rules']);
    expect(written.rules.find((r: never) => key(r) === 'PADS TO MATCH>CUP').conviction).toBe('Infinity');
  });
});

describe('formatRules (the CLI text summary)', () => {
  it('prints a header, a table of the first rules and how many more', () => {
    expect(formatRules({ baskets: 4, items: 3, itemsets: 5, rules: [] })).toBe(
      '4 baskets, 3 items, 5 frequent itemsets, 0 rules',
    );
    const { report } = fitReferenceRecommender(refFrame);
    const text = formatRules(report, { limit: 2 }).split('\n');
    expect(text[0]).toBe('5 baskets, 5 items, 11 frequent itemsets, 10 rules');
    expect(text[1]).toMatch(/^rule +support {2}confidence {4}lift$/);
    expect(text).toHaveLength(5);
    expect(text[4]).toBe('… 8 more');
  });
});

const CSV = new URL('../../../seeds/online-retail.csv.gz', import.meta.url).pathname;

// Expected values computed by /usr/bin/python3 (pandas 1.5.3) with test/oracles/reference_basket.py, which replays
// the notebook on the file: its cleaning, then CustomerID != "0", codes DOT POST M "BANK CHARGES" D CRUK B S dropped,
// revenue >= 0, groupby([InvoiceNo, Description]).Quantity.sum().unstack() >= 1, baskets with >= 2 items, every
// frequent itemset (count >= ceil(minSupport × n)) and the rules with lift >= 1
// (`reference_basket.py seeds/online-retail.csv.gz 0.03 0.015`).
describe.skipIf(!existsSync(CSV))('the notebook replay on the seeds (values from pandas)', () => {
  let cleaned: Frame;
  beforeAll(async () => {
    cleaned = cleanReference((await readCsv(CSV)).frame).frame;
  });

  it('minSupport 0.03 (the notebook): 3793 baskets, 1585 items, 95 itemsets, no rule (with a warning)', () => {
    expect(cleaned.length).toBe(90925);
    const { report } = fitReferenceRecommender(cleaned);
    expect([report.baskets, report.items, report.itemsets, report.rules.length, report.minCount]).toEqual([
      3793, 1585, 95, 0, 114,
    ]);
    expect(report.warnings.join(' ')).toMatch(/no rule passes lift ≥ 1/);
  });

  it('minSupport 0.015: 311 itemsets, 64 rules, same lifts and top rule as pandas', () => {
    const { report } = fitReferenceRecommender(cleaned, { minSupport: 0.015 });
    expect([report.itemsets, report.rules.length]).toEqual([311, 64]);
    expect(report.rules[0]).toMatchObject({
      antecedents: ['GREEN REGENCY TEACUP AND SAUCER', 'PINK REGENCY TEACUP AND SAUCER'],
      consequents: ['ROSES REGENCY TEACUP AND SAUCER '],
    });
    expect(report.rules[0].support).toBeCloseTo(0.018982335881887687, 12);
    expect(report.rules[0].confidence).toBeCloseTo(0.935064935064935, 12);
    expect(report.rules[0].lift).toBeCloseTo(32.24273907910272, 10);
    const lifts = report.rules.map((r) => Number((r.lift as number).toFixed(6)));
    expect(lifts.slice(0, 6)).toEqual([32.242739, 32.242739, 31.180551, 31.180551, 29.642462, 29.642462]);
    expect(lifts.at(-1)).toBe(1.807643);
    expect(lifts.filter((l) => l > 10).length).toBe(16);
  });
});

// Opt-in (RETAILKIT_REAL_DATA=1): the UCI file lives outside the repository. Expected values from the same
// pandas replay on the real file (`reference_basket.py <online_retail.csv.gz>`): 482,515 rows after the notebook's
// cleaning, minimum count 470 at support 0.03.
const REAL = '/work/shared/data/online-retail/online_retail.csv.gz';
describe.skipIf(!(process.env.RETAILKIT_REAL_DATA === '1' && existsSync(REAL)))(
  'the notebook replay on the real UCI data (values from pandas)',
  () => {
    it('15,660 baskets, 3,550 items, 104 itemsets, 8 rules; top rule as pandas', async () => {
      const cleaned = cleanReference((await readCsv(REAL)).frame).frame;
      expect(cleaned.length).toBe(482515);
      const { report } = fitReferenceRecommender(cleaned);
      expect([report.baskets, report.items, report.itemsets, report.rules.length, report.minCount]).toEqual([
        15660, 3550, 104, 8, 470,
      ]);
      expect(report.rules[0].antecedents.length + report.rules[1].antecedents.length).toBe(2);
      expect(report.rules[0].support).toBeCloseTo(0.03218390804597701, 12);
      expect(report.rules[0].lift).toBeCloseTo(12.50786828818378, 10);
      expect(report.rules.map((r) => Number((r.lift as number).toFixed(6)))).toEqual([
        12.507868, 12.507868, 7.252425, 7.252425, 6.425003, 6.425003, 6.373681, 6.373681,
      ]);
    });
  },
);
