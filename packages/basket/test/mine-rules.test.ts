import { formatRules, mineRules, recommenderFromJSON, referenceBaskets } from '@retailkit/basket';
import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

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
// What @retailkit/cleaning's reference preset hands over: customerId filled with "0", a revenue column.
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
  ['8', 'S', 'SAMPLES', 1, 5, '16'], // dropped: S
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

describe('reference preset (hand-computed)', () => {
  it('builds the notebook baskets', () => {
    const b = referenceBaskets(refFrame);
    expect(b.basketLabels).toEqual(['1', '2', '4', '5', '7']);
    expect(b.itemLabels).toEqual(['APPLE ', 'BOWL', 'CARRIAGE', 'CUP', 'PADS TO MATCH']);
  });

  it('mines rules with lift ≥ 1, no confidence threshold, sorted by lift', () => {
    // supports (n = 5): A .6, B .6, C .6, PADS .2, CARRIAGE .2; AB .4, AC .4, BC .2, C+PADS .2, B+CARRIAGE .2,
    // ABC .2 → 11 itemsets (min support 0.03 → count 1). Lift 5/3: C↔PADS, B↔CARRIAGE, A→BC, BC→A;
    // lift 10/9: A↔B, A↔C; B↔C (5/9) and the other ABC splits (5/6) fail lift ≥ 1.
    const { summary, model, minCount } = mineRules(refFrame, { preset: 'reference' });
    expect(minCount).toBe(1);
    expect([summary.baskets, summary.items, summary.itemsets, summary.rules.length]).toEqual([5, 5, 11, 10]);
    const top = summary.rules.slice(0, 6);
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
    for (const r of summary.rules.slice(6)) expect(r.lift).toBeCloseTo(10 / 9, 12);
    const pads = summary.rules.find((r) => key(r) === 'PADS TO MATCH>CUP');
    expect(pads).toMatchObject({ support: 0.2, confidence: 1, conviction: 'Infinity', antecedentSupport: 0.2 });
    expect(model.kind).toBe('basket.recommender');
    // the frame's last invoiceDate (row 18 → 2011-12-18)
    expect(model.createdAt).toBe('2011-12-18T00:00:00.000Z');
    expect(recommenderFromJSON(model).predict({ cart: ['PADS TO MATCH'] }).items[0].item).toBe('CUP');
    // JSON-ready: stringify keeps "Infinity"
    expect(
      JSON.parse(JSON.stringify(summary)).rules.find((r: never) => key(r) === 'PADS TO MATCH>CUP').conviction,
    ).toBe('Infinity');
  });
});

describe('default preset', () => {
  const rows = [
    ['1', '10001', 2, 1],
    ['1', '10002', 1, 1],
    ['1', 'POST', 1, 18], // non-product
    ['C2', '10001', -2, 1], // cancelled
    ['2', '10001', 1, 1],
    ['2', '10002', 1, 0], // price 0
    ['2', '10003', 1, 1],
    ['3', '10001', 1, 1],
    ['3', '10002', 4, 1],
    ['4', '10003', 1, 1], // one item: dropped
  ] as const;
  const frame = fromRows(
    rows.map(([invoiceNo, stockCode, quantity, unitPrice]) => ({
      invoiceNo,
      stockCode,
      description: `D${stockCode}`,
      quantity,
      unitPrice,
    })),
  );

  it('product lines, stock codes, baskets ≥ 2 items; confidence ≥ 0.5 and lift ≥ 1', () => {
    // baskets: 1 {10001, 10002}, 2 {10001, 10003}, 3 {10001, 10002}; n = 3, minSupport 0.01 → count 1
    // 10001 in all three (sC = 1 → lift 1 for x → 10001); 10002→10001 conf 1 lift 1; 10001→10002 conf 2/3, lift 1
    const { summary, stats } = mineRules(frame);
    expect(stats.droppedSmall).toBe(1);
    expect([summary.baskets, summary.items, summary.itemsets]).toEqual([3, 3, 5]);
    expect(summary.rules.map(key).sort()).toEqual(['10001>10002', '10002>10001', '10003>10001']);
    for (const r of summary.rules) expect(r.lift).toBeCloseTo(1, 12);
    const text = formatRules(summary);
    expect(text.split('\n')[0]).toBe('3 baskets, 3 items, 5 frequent itemsets, 3 rules');
    expect(text).toContain('10002 → 10001');
  });

  it('options override the preset; bad preset is INVALID_ARGUMENT', () => {
    expect(mineRules(frame, { minThreshold: 0.9 }).summary.rules.map(key).sort()).toEqual([
      '10002>10001',
      '10003>10001',
    ]);
    expect(mineRules(frame, { item: 'description' }).summary.rules[0].antecedents[0]).toMatch(/^D1000/);
    expect(() => mineRules(frame, { preset: 'nope' as never })).toThrow(/preset must be/);
  });
});

describe('formatRules', () => {
  it('prints a header and a table', () => {
    expect(formatRules({ baskets: 4, items: 3, itemsets: 5, rules: [] })).toBe(
      '4 baskets, 3 items, 5 frequent itemsets, 0 rules',
    );
  });
});
