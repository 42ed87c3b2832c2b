import { existsSync } from 'node:fs';
import { clean } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { type Frame, fromRows, numbers, strings, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import rows from '../../../packages/cleaning/test/fixtures/transactions.json';
import { cleanReference, REFERENCE_PREPARATION, referenceNoFreeLines } from '../src/reference/cleaning.js';

// Expected values: pandas 1.5.3 (Debian /usr/bin/python3) replaying the notebook, script
// test/oracles/cleaning_reference_oracle.py, figures in test/oracles/cleaning-reference.md:
// fillna('No Description') / fillna('0'); Revenue = Quantity * UnitPrice; StockCode.str.upper(); Description =
// most frequent per StockCode (ties → first seen); drop (Quantity < 0) & (UnitPrice == 0); quantile(.25/.75)
// fences inclusive; |(p − mean) / std(ddof=0)| < 3.

/** The 44-row fixture of @retailkit/cleaning's tests (UCI-like lines chosen so that every rule fires). */
const fixture = (): Frame =>
  fromRows(
    rows.map((r) => ({ ...r, invoiceDate: new Date(r.invoiceDate) })),
    TRANSACTION_SCHEMA,
  );

const distinct = (col: { codes: Int32Array; values: readonly string[] }) =>
  new Set(Array.from(col.codes, (c) => col.values[c])).size;

describe('reference cleaning on the 44-row fixture', () => {
  const r = cleanReference(fixture());

  it('quarantines the two untrusted rows, then replays the steps as pandas does on the 42 others', () => {
    // pandas on the fixture without rows 33 (CRUK −1 @ 1.6) and 34 (S −1 @ 9.95): 42 → 40 → 30 → 28
    expect(r.report.steps).toEqual([
      { id: 'quarantine', rowsAfter: 42 },
      { id: 'free-lines', rowsAfter: 40 },
      { id: 'quantity-iqr', rowsAfter: 30 },
      { id: 'price-zscore', rowsAfter: 28 },
    ]);
    expect(r.report.parameters.quantityOutlier).toMatchObject({ method: 'iqr', factor: 1.5, q1: 1, q3: 9 });
    const price = r.report.parameters.priceOutlier as { method: string; mean: number; std: number };
    expect(price.method).toBe('zscore');
    expect(price.mean).toBeCloseTo(25.166033333333367, 10);
    expect(price.std).toBeCloseTo(2858.0201736026343, 8);
    expect(numbers(r.frame, 'revenue').reduce((s, v) => s + v, 0)).toBeCloseTo(904.801, 9);
    expect(distinct(strings(r.frame, 'description'))).toBe(22);
    expect(distinct(strings(r.frame, 'stockCode'))).toBe(22);
    expect(r.frame.length + r.quarantine.length).toBe(44);
  });

  it('reports the notebook\'s way: outliers removed by steps, customers filled with "0", no trimming', () => {
    const byId = Object.fromEntries(r.report.rules.map((x) => [x.id, x]));
    expect(r.report.preset).toBe('reference');
    expect(r.report.quarantine.byReason).toMatchObject({
      'negative-quantity-not-cancelled': 2,
      'free-lines': 2,
      'quantity-iqr': 10,
      'price-zscore': 2,
    });
    expect(byId['quantity-outlier']).toMatchObject({ count: 10, details: { removedByStep: 'quantity-iqr' } });
    expect(byId['price-outlier']).toMatchObject({ count: 2, details: { removedByStep: 'price-zscore' } });
    expect(r.report.ruleCounts['quantity-outlier']).toBe(10);
    expect(byId['anonymous-customer']).toMatchObject({ count: 10, details: { filledWith: '0' } });
    expect(byId['trim-description']).toBeUndefined();
    expect(r.report.rules.slice(-3).map((x) => [x.id, x.kind, x.count])).toEqual([
      ['free-lines', 'step', 2],
      ['quantity-iqr', 'step', 10],
      ['price-zscore', 'step', 2],
    ]);
    expect(Object.keys(r.report.parameters)).toEqual(['quantityOutlier', 'priceOutlier']);
  });

  it('prepares like the notebook: fills, upper-cases and unifies descriptions without trimming', () => {
    const prepared = toRows(clean(fixture(), REFERENCE_PREPARATION).frame);
    expect(prepared.length).toBe(42);
    // 85123A: WHITE… once, "WHITE… " (trailing space, from 85123a) once, CREAM… twice → CREAM… (pandas agrees)
    expect(prepared[0].description).toBe('CREAM HANGING HEART T-LIGHT HOLDER');
    expect(prepared[2]).toMatchObject({ stockCode: '85123A', description: 'CREAM HANGING HEART T-LIGHT HOLDER' });
    // m / M / M: "Manual" twice, "manual" once → "Manual"
    expect(prepared.slice(26, 29).map((x) => [x.stockCode, x.description])).toEqual([
      ['M', 'Manual'],
      ['M', 'Manual'],
      ['M', 'Manual'],
    ]);
    // missing description → "No Description"; missing customer → "0" (11 in the input, one of them quarantined)
    expect(prepared[22]).toMatchObject({ description: 'No Description', customerId: '0' });
    expect(prepared.filter((x) => x.customerId === '0').length).toBe(10);
    expect(prepared[0].revenue).toBeCloseTo(6 * 2.55, 12);
    // no trimming: the double space stays
    expect(prepared[17].description).toBe('SET OF 3 COLOURED  FLYING DUCKS');
  });

  it('the forecast frame skips free-lines: the fences are fitted with the free lines in', () => {
    const f = referenceNoFreeLines(fixture());
    expect(Object.keys(f.columns)).toEqual([...Object.keys(TRANSACTION_SCHEMA), 'revenue']);
    const q = numbers(f, 'quantity');
    expect(Array.from(q).some((v, i) => v < 0 && numbers(f, 'unitPrice')[i] === 0)).toBe(true);
  });
});

const SEED = new URL('../../../seeds/online-retail.csv.gz', import.meta.url).pathname;

describe.skipIf(!existsSync(SEED))('reference cleaning on the seeds (values from pandas)', () => {
  let raw: Frame;
  beforeAll(async () => {
    raw = (await readCsv(SEED)).frame;
  });

  it('equals the pandas replay of the notebook', () => {
    const r = cleanReference(raw);
    expect(r.report.steps).toEqual([
      { id: 'quarantine', rowsAfter: 100000 },
      { id: 'free-lines', rowsAfter: 99753 },
      { id: 'quantity-iqr', rowsAfter: 90937 },
      { id: 'price-zscore', rowsAfter: 90925 },
    ]);
    expect(r.report.parameters.quantityOutlier).toMatchObject({ q1: 1, q3: 11 });
    const price = r.report.parameters.priceOutlier as { mean: number; std: number };
    expect(price.mean).toBeCloseTo(4.5209920164509505, 9);
    expect(price.std).toBeCloseTo(154.81094429187178, 9);
    expect(r.report.ruleCounts['unify-description']).toBe(1187);
  });
});

const REAL = '/work/shared/data/online-retail/online_retail.csv.gz';

// Opt-in (RETAILKIT_REAL_DATA=1): the UCI file lives outside the repository.
describe.skipIf(process.env.RETAILKIT_REAL_DATA !== '1' || !existsSync(REAL))(
  'reference cleaning on the UCI file',
  () => {
    it('equals the pandas replay of the notebook', async () => {
      const r = cleanReference((await readCsv(REAL)).frame);
      expect(r.report.steps.map((s) => s.rowsAfter)).toEqual([541909, 540573, 482857, 482515]);
      expect(r.report.parameters.quantityOutlier).toMatchObject({ q1: 1, q3: 10 });
      const price = r.report.parameters.priceOutlier as { mean: number; std: number };
      expect(price.mean).toBeCloseTo(5.017972202950356, 9);
      expect(price.std).toBeCloseTo(102.49294057866639, 9);
    });
  },
);
