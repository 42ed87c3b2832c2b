import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@retailkit/connectors';
import { type Frame, select, strings, toRows } from '@retailkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CleanResult, clean } from '../src/index.js';

const SEED = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../../seeds/manifest.json', import.meta.url));
const present = existsSync(SEED) && existsSync(MANIFEST);
if (!present) console.warn(`cleaning seeds tests skipped: ${SEED} or ${MANIFEST} not found (run npm run seeds)`);

// Recovery tests: the planted truths of seeds/manifest.json (counted by the generator from the emitted rows) must
// come back out of clean(). Figures not in the manifest (views, outliers) were computed with pandas 1.5.3
// (Debian /usr/bin/python3, test/oracles/default_oracle.py on the same file).
describe.skipIf(!present)('recovery on the seeds', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the manifest is plain JSON
  let m: any;
  let frame: Frame;
  let r: CleanResult;
  beforeAll(async () => {
    m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    frame = (await readCsv(SEED)).frame;
    r = clean(frame);
  });

  it('keeps every row (the seeds plant no untrusted rows) and the date range', () => {
    expect(r.report.rowsIn).toBe(m.rows);
    // every negative quantity is a cancellation or a free line
    expect(m.negativeQuantityRows).toBe(m.cancellations.rows + m.freeLines);
    expect(r.report.rowsQuarantined).toBe(0);
    expect(r.report.dateRange).toEqual({ first: m.dateRange.first, last: m.dateRange.last });
  });

  it('recovers every planted anomaly count', () => {
    const c = r.report.ruleCounts;
    expect(c.cancellation).toBe(m.cancellations.rows);
    expect(c['bad-debt']).toBe(m.badDebtAdjustments.rows);
    expect(c['free-line']).toBe(m.freeLines);
    expect(c['zero-price']).toBe(m.giveAwayRows);
    expect(c['non-product']).toBe(m.nonProductCodes.rows);
    expect(c['colour-variant']).toBe(m.colourVariants.rows);
    expect(c.duplicate).toBe(m.duplicates.rows);
    expect(c.anonymous).toBe(m.missing.customerId);
    expect(c['fill-description']).toBe(m.missing.description);
    expect(c['unknown-country']).toBe(m.countries.rows.Unspecified + m.countries.rows['European Community']);
    expect(c.discount).toBe(m.nonProductCodes.codes.D);
    expect(c['upper-stock-code']).toBe(m.nonProductCodes.codes.m ?? 0);
  });

  it('categorises non-product codes and finds the colour-variant families', () => {
    const rows = toRows(select(r.frame, ['stockCode', 'baseStockCode', 'nonProductCategory', 'isColourVariant']));
    const byCat: Record<string, number> = {};
    for (const x of rows)
      if (x.nonProductCategory)
        byCat[x.nonProductCategory as string] = (byCat[x.nonProductCategory as string] ?? 0) + 1;
    const k = m.nonProductCodes.codes;
    expect(byCat).toEqual({
      postage: k.POST + k.DOT + k.C2,
      manual: k.M + (k.m ?? 0),
      discount: k.D,
      sample: k.S,
      'bank-charges': k['BANK CHARGES'],
      'marketplace-fee': k.AMAZONFEE,
      'bad-debt': k.B,
      charity: k.CRUK,
      pads: k.PADS,
    });
    const codesPerBase = new Map<string, Set<string>>();
    for (const x of rows)
      if (x.isColourVariant) {
        const set = codesPerBase.get(x.baseStockCode as string) ?? new Set<string>();
        set.add(x.stockCode as string);
        codesPerBase.set(x.baseStockCode as string, set);
      }
    const variantCodes = [...codesPerBase.values()].reduce((s, v) => s + v.size, 0);
    expect(variantCodes).toBe(m.colourVariants.codes);
    const families = [...codesPerBase.entries()]
      .filter(([, v]) => v.size >= 2)
      .map(([b]) => b)
      .sort();
    expect(families).toEqual(m.colourVariants.families.map((f: { base: string }) => f.base).sort());
  });

  it('gives each code with several descriptions its most frequent one (trimmed by default, exact without trimming)', () => {
    const untrimmed = clean(frame, { trimDescriptions: false }).frame;
    const descOf = (f: Frame) => {
      const map = new Map<string, Set<string>>();
      for (const x of toRows(select(f, ['stockCode', 'description']))) {
        const s = map.get(x.stockCode as string) ?? new Set<string>();
        s.add(x.description as string);
        map.set(x.stockCode as string, s);
      }
      return map;
    };
    const def = descOf(r.frame);
    const exact = descOf(untrimmed);
    let checked = 0;
    for (const item of m.descriptionVariants.items as {
      stockCode: string;
      mostFrequent: string;
      mostFrequentTrimmed: string;
    }[]) {
      const code = item.stockCode.toUpperCase();
      if (code !== item.stockCode) continue; // m merges into M: counted over both spellings
      expect([...(def.get(code) ?? [])]).toEqual([item.mostFrequentTrimmed]);
      expect([...(exact.get(code) ?? [])]).toEqual([item.mostFrequent]);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('keeps the planted outliers out of the modeling and basket views but in the revenue view', () => {
    const key = (x: { invoiceNo: unknown; stockCode: unknown }) => `${x.invoiceNo}|${x.stockCode}`;
    const planted = new Set((m.outliers.rows as { invoiceNo: string; stockCode: string }[]).map(key));
    const count = (f: Frame) => {
      const inv = strings(f, 'invoiceNo');
      const sc = strings(f, 'stockCode');
      let c = 0;
      for (let i = 0; i < f.length; i++)
        if (planted.has(key({ invoiceNo: inv.values[inv.codes[i]], stockCode: sc.values[sc.codes[i]] }))) c++;
      return c;
    };
    expect(count(r.views.modeling)).toBe(0);
    expect(count(r.views.basket)).toBe(0);
    expect(count(r.frame)).toBe(m.outliers.rows.length);
    // revenue drops only duplicates and bad-debt adjustments: the 3 A rows go, the 5 others stay
    expect(count(r.views.revenue)).toBe(m.outliers.rows.length - m.badDebtAdjustments.rows);
  });

  it('views match the pandas oracle', () => {
    const v = r.report.revenue.views;
    expect([v.revenue.rows, v.modeling.rows, v.basket.rows, v.customers.rows]).toEqual([98989, 87090, 87090, 71473]);
    expect(v.revenue.revenue).toBeCloseTo(3455077.411, 4);
    expect(v.modeling.revenue).toBeCloseTo(1429158.8, 4);
    expect(v.customers.revenue).toBeCloseTo(3599416.46, 4);
    expect(r.report.ruleCounts['quantity-outlier']).toBe(8438);
    expect(r.report.ruleCounts['price-outlier']).toBe(1154);
    expect(r.report.ruleCounts['unify-description']).toBe(801);
  });
});
