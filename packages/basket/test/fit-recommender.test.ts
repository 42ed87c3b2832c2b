import { apriori, buildBaskets, fitRecommender, recommenderFromJSON } from '@retailkit/basket';
import { fromRows, numbers, strings } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

// Hand-made fixture; every expected value below is worked out by hand from these rows.
const rows = [
  ['1', '10001', 2, 1],
  ['1', '10002', 1, 1],
  ['1', 'POST', 1, 18], // a non-product line
  ['C2', '10001', -2, 1], // a cancellation (no line with quantity ≥ 1)
  ['2', '10001', 1, 1],
  ['2', '10002', 1, 0], // price 0
  ['2', '10003', 1, 1],
  ['3', '10001', 1, 1],
  ['3', '10002', 4, 1],
  ['4', '10003', 1, 1], // a basket of one item: dropped by minItems 2
] as const;
const frame = fromRows(
  rows.map(([invoiceNo, stockCode, quantity, unitPrice], i) => ({
    invoiceNo,
    stockCode,
    description: `D${stockCode}`,
    quantity,
    unitPrice,
    invoiceDate: Date.UTC(2011, 11, 1 + i),
  })),
  {
    invoiceNo: 'string',
    stockCode: 'string',
    description: 'string',
    quantity: 'number',
    unitPrice: 'number',
    invoiceDate: 'timestamp',
  },
);

/** A caller's own product rule: stock codes starting with a digit, unit price > 0. */
const code = strings(frame, 'stockCode');
const price = numbers(frame, 'unitPrice');
const product = (row: number) => /^\d/.test(code.values[code.codes[row]]) && price[row] > 0;

const key = (r: { antecedents: readonly string[]; consequents: readonly string[] }) =>
  `${r.antecedents.join('+')}>${r.consequents.join('+')}`;

describe('fitRecommender mines the frame it is given', () => {
  it('no row is re-filtered: the POST line is an item', () => {
    // baskets 1 {10001, 10002, POST}, 2 {10001, 10002, 10003}, 3 {10001, 10002}; 4 has one item. n = 3, count ≥ 1:
    // 4 single items, pairs 10001+10002, 10001+10003, 10002+10003, 10001+POST, 10002+POST, and 2 triples → 11.
    const { report } = fitRecommender(frame);
    expect([report.baskets, report.items, report.itemsets]).toEqual([3, 4, 11]);
    expect(report.stats).toEqual({
      rows: 10,
      rowsMissing: 0,
      rowsUsed: 9,
      basketsSeen: 4,
      droppedSmall: 1,
      droppedLarge: 0,
    });
    expect(report.rules.some((r) => [...r.antecedents, ...r.consequents].includes('POST'))).toBe(true);
  });

  it('where (a function of the row index) selects the rows; defaults: ≥ 2 items, confidence ≥ 0.5, lift ≥ 1', () => {
    // rows kept: 1/10001, 1/10002, C2/10001, 2/10001, 2/10003, 3/10001, 3/10002, 4/10003.
    // baskets 1 {10001, 10002}, 2 {10001, 10003}, 3 {10001, 10002}; n = 3, minSupport 0.01 → count 1; 5 itemsets.
    // 10001 is in every basket (sC = 1), so x → 10001 has lift 1; 10001 → 10002: confidence 2/3, lift 1;
    // 10001 → 10003: confidence 1/3 < 0.5.
    const { report } = fitRecommender(frame, { where: product });
    expect([report.baskets, report.items, report.itemsets, report.minSupport, report.minCount]).toEqual([
      3, 3, 5, 0.01, 1,
    ]);
    expect(report.rules.map(key).sort()).toEqual(['10001>10002', '10002>10001', '10003>10001']);
    for (const r of report.rules) expect(r.lift).toBeCloseTo(1, 12);
    expect(report.warnings).toEqual([]);
  });

  it('where as a mask gives the same fit as the same rows as a function, and as the frame filtered first', () => {
    const mask = Uint8Array.from({ length: frame.length }, (_, i) => (product(i) ? 1 : 0));
    const byFunction = fitRecommender(frame, { where: product });
    const byMask = fitRecommender(frame, { where: Array.from(mask, (m) => m === 1) });
    expect(byMask.report).toEqual(byFunction.report);
    expect(byMask.model.toJSON()).toEqual(byFunction.model.toJSON());
  });

  it('refuses a mask of another length and a where that is neither', () => {
    expect(() => fitRecommender(frame, { where: [1, 0, 1] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^fitRecommender: where/) }),
    );
    expect(() => fitRecommender(frame, { where: 'all' as never })).toThrow(/where must be a function/);
  });
});

describe('fitRecommender options and report', () => {
  it('options reach baskets, miner and rules', () => {
    const strict = fitRecommender(frame, { where: product, minThreshold: 0.9 });
    expect(strict.report.rules.map(key).sort()).toEqual(['10002>10001', '10003>10001']);
    const byDescription = fitRecommender(frame, { where: product, item: 'description' });
    expect(byDescription.report.rules.map(key).sort()).toEqual(['D10001>D10002', 'D10002>D10001', 'D10003>D10001']);
    const apriori = fitRecommender(frame, { where: product, algorithm: 'apriori' });
    expect(apriori.report).toEqual(fitRecommender(frame, { where: product }).report);
    expect(fitRecommender(frame, { where: product, limit: 1 }).report.rules.length).toBe(1);
    expect(() => fitRecommender(frame, { algorithm: 'eclat' as never })).toThrow(/algorithm must be/);
  });

  it('warns when itemsets are found and no rule passes the thresholds', () => {
    const { report, model } = fitRecommender(frame, { where: product, metric: 'lift', minThreshold: 2 });
    expect(report.rules).toEqual([]);
    expect(report.warnings).toEqual(['fitRecommender: no rule passes lift ≥ 2 and lift ≥ 1; lower the thresholds.']);
    expect(model.predict({ cart: ['10001'] })).toEqual({ items: [] });
  });

  it('the model: rules of the report, dated by the last invoiceDate of the rows mined, fingerprint of the itemsets', () => {
    // the mask drops the last row (2011-12-10): the rows mined end on 2011-12-09
    const notLast = (row: number) => product(row) && row < frame.length - 1;
    const { model, report } = fitRecommender(frame, { where: notLast });
    const artifact = model.toJSON();
    expect(artifact.createdAt).toBe('2011-12-09T00:00:00.000Z');
    expect(artifact.kind).toBe('basket.recommender');
    expect(artifact.params.rules.map(key)).toEqual(report.rules.map(key));
    expect(artifact.trainingFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    // same itemsets → same fingerprint (basket 4 had one item: dropping its row changes no basket)
    expect(fitRecommender(frame, { where: product }).model.toJSON().trainingFingerprint).toBe(
      artifact.trainingFingerprint,
    );
    expect(fitRecommender(frame).model.toJSON().trainingFingerprint).not.toBe(artifact.trainingFingerprint);
    expect(fitRecommender(frame, { where: product, createdAt: '2012-01-01T00:00:00.000Z' }).model.version).toBe(
      '2012-01-01T00:00:00.000Z',
    );
    expect(recommenderFromJSON(JSON.parse(JSON.stringify(artifact))).predict({ cart: ['10003'] }).items[0].item).toBe(
      '10001',
    );
  });

  it('no basket left is BASKET_EMPTY', () => {
    expect(() => fitRecommender(frame, { where: () => false })).toThrow(
      expect.objectContaining({ code: 'BASKET_EMPTY' }),
    );
  });
  it('from an itemset table mined elsewhere: the same rules, report and model, stats null, createdAt as given', () => {
    const lines = fromRows(
      rows
        .filter(([, code]) => code !== 'POST')
        .map(([invoiceNo, stockCode, quantity]) => ({ invoiceNo, stockCode, quantity })),
      { invoiceNo: 'string', stockCode: 'string', quantity: 'number' },
    );
    const createdAt = '2011-12-10T00:00:00.000Z';
    const want = fitRecommender(lines, { createdAt, minSupport: 0.3 });
    const table = apriori(buildBaskets(lines, { minItems: 2 }), { minSupport: 0.3 });
    const got = fitRecommender(table, { createdAt, minSupport: 0.3 });
    expect(got.report).toEqual({ ...want.report, stats: null });
    expect(got.model.toJSON()).toEqual(want.model.toJSON());
    expect(want.report.rules.length).toBeGreaterThan(0);
    expect(fitRecommender(table).model.version).toBe('1970-01-01T00:00:00.000Z');
  });
});
