import { fromRows, TRANSACTION_SCHEMA, toRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { CLEANING_ERROR_CODES, CLEANING_RULES, clean, purposeView, VIEW_DROPS, type ViewName } from '../src/index.js';
import { fixtureFrame, line } from './fixture.js';

const VIEW_NAMES = Object.keys(VIEW_DROPS) as ViewName[];

// Expected values: counted by hand on the 44-row fixture AND computed independently with pandas 1.5.3 (Debian
// /usr/bin/python3, script test/oracles/default_oracle.py):
// quarantine reasons in priority order, str.strip(), fillna, upper(), per-code mode over trusted rows
// (groupby(sort=False).size().idxmax()), df.duplicated(keep='first') on the eight input columns, quantile(.25/.75)
// and std(ddof=0) over sale lines. The same pandas script on the full UCI file equals clean() on every count.
describe('clean on the 44-row fixture', () => {
  const result = clean(fixtureFrame());
  const { report, frame, quarantine, views } = result;

  it('quarantines the two negative lines on ordinary invoices and keeps the rest', () => {
    // CRUK -1 @ 1.6 on 536558 and S -1 @ 9.95 on 536559: negative quantity, not a C invoice, price ≠ 0
    expect(report.rowsIn).toBe(44);
    expect(report.rowsKept).toBe(42);
    expect(report.rowsQuarantined).toBe(2);
    expect(report.rowsIn).toBe(report.rowsKept + report.rowsQuarantined);
    expect(report.steps).toEqual([{ id: 'quarantine', rowsAfter: 42 }]);
    expect(report.quarantine.byReason).toEqual({
      'missing-invoice': 0,
      'missing-stock-code': 0,
      'bad-quantity': 0,
      'bad-price': 0,
      'bad-date': 0,
      'negative-quantity-not-cancelled': 2,
      'positive-quantity-cancelled': 0,
      'bad-revenue': 0,
    });
    expect(toRows(quarantine).map((r) => [r.row, r.stockCode, r.reason])).toEqual([
      [33, 'CRUK', 'negative-quantity-not-cancelled'],
      [34, 'S', 'negative-quantity-not-cancelled'],
    ]);
    expect(frame.length + quarantine.length).toBe(44);
  });

  it('counts every rule exactly', () => {
    expect(report.ruleCounts).toEqual({
      'missing-invoice': 0,
      'missing-stock-code': 0,
      'bad-quantity': 0,
      'bad-price': 0,
      'bad-date': 0,
      'negative-quantity-not-cancelled': 2,
      'positive-quantity-cancelled': 0,
      'bad-revenue': 0,
      'safe-text': 0,
      'fill-description': 3, // 22139, 21134, 85226A
      'anonymous-customer': 10, // 11 missing ids, minus the quarantined S line
      'upper-stock-code': 2, // 85123a, m
      'trim-description': 1, // "WHITE HANGING HEART T-LIGHT HOLDER " (the double space inside "COLOURED  FLYING" stays)
      'unify-description': 3, // 85123A rows 42, 43 CREAM… → WHITE… (tie after trim, first seen), "manual" → "Manual"
      'line-revenue': 42,
      'colour-variant': 6, // 85123A ×4 (one was 85123a), 35004C, 85226A
      anonymous: 10,
      cancellation: 3, // C536379, C536383, C581589
      'bad-debt': 2, // A563185, A563186
      'free-line': 2, // 85226A -2 @ 0, 85044 -7 @ 0
      'zero-price': 2, // 22139 56 @ 0, 21134 1 @ 0
      discount: 1, // D "Discount"
      'non-product': 12, // POST, D, m, M, M, DOT, C2, AMAZONFEE, BANK CHARGES, PADS, B, B
      duplicate: 1, // second 536366 22633 line
      'quantity-outlier': 3, // Q1 5.5, Q3 26 → upper 56.75: 80, 192, 80995 (the 80 PAPER CHAIN line, the chilli lights, the big order)
      'price-outlier': 1, // 19.95 baskets: z = (19.95 − 3.6717) / 3.6554 = 4.45
      'unknown-country': 3, // Unspecified ×2, European Community
    });
    const unify = report.rules.find((r) => r.id === 'unify-description');
    expect(unify?.details).toEqual({ codesWithVariants: 2 }); // 85123A and M
    expect(report.parameters.quantityOutlier).toEqual({
      method: 'iqr',
      factor: 1.5,
      q1: 5.5,
      q3: 26,
      iqr: 20.5,
      lower: -25.25,
      upper: 56.75,
    });
    expect(report.parameters.priceOutlier).toMatchObject({ method: 'zscore', threshold: 3 });
    const price = report.parameters.priceOutlier as { mean: number; std: number };
    expect(price.mean).toBeCloseTo(3.671666666666667, 12);
    expect(price.std).toBeCloseTo(3.655397455209974, 12);
  });

  it('every rule in the counts is documented in the registry', () => {
    const ids = new Set(CLEANING_RULES.map((r) => r.id));
    for (const id of Object.keys(report.ruleCounts)) expect(ids.has(id)).toBe(true);
    for (const r of CLEANING_RULES) expect(r.example.before.length).toBeGreaterThan(0);
  });

  it('writes cleaned values and documented columns', () => {
    const rows = toRows(frame);
    expect(Object.keys(frame.columns)).toEqual([
      'invoiceNo',
      'stockCode',
      'description',
      'quantity',
      'invoiceDate',
      'unitPrice',
      'customerId',
      'country',
      'revenue',
      'baseStockCode',
      'nonProductCategory',
      'isAnonymous',
      'isCancellation',
      'isBadDebt',
      'isFreeLine',
      'isZeroPrice',
      'isDiscount',
      'isNonProduct',
      'isColourVariant',
      'isDuplicate',
      'isQuantityOutlier',
      'isPriceOutlier',
      'isUnknownCountry',
    ]);
    expect(Object.values(report.flags)).toEqual(Object.keys(frame.columns).slice(11));
    // after trimming, 85123A has "WHITE HANGING…" ×2 (rows 0 and 2) and "CREAM HANGING…" ×2: tie → first seen
    // (without trimming, CREAM wins 2 to 1)
    expect(rows[0]).toMatchObject({
      stockCode: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      baseStockCode: '85123',
      isColourVariant: true,
      nonProductCategory: null,
    });
    expect(rows[0].revenue).toBeCloseTo(15.3, 12);
    expect(rows[8]).toMatchObject({ customerId: null, isAnonymous: true }); // never merged into a customer
    expect(rows[13]).toMatchObject({ stockCode: 'POST', nonProductCategory: 'postage', isNonProduct: true });
    expect(rows[22]).toMatchObject({ description: 'No Description', isZeroPrice: true });
    expect(rows[26]).toMatchObject({ stockCode: 'M', description: 'Manual', nonProductCategory: 'manual' });
    expect(rows[16]).toMatchObject({ isDiscount: true, isCancellation: true, nonProductCategory: 'discount' });
    expect(rows[17].description).toBe('SET OF 3 COLOURED  FLYING DUCKS');
    expect(rows[34]).toMatchObject({ invoiceNo: 'A563185', isBadDebt: true });
    expect(report.dateRange).toEqual({ first: '2010-12-01 08:26:00', last: '2011-12-09 12:50:00' });
  });

  it('builds the four views with the documented drops and their revenue', () => {
    expect(Object.keys(views)).toEqual([...VIEW_NAMES]);
    const v = report.revenue.views;
    expect([v.revenue.rows, v.modeling.rows, v.basket.rows, v.customers.rows]).toEqual([39, 19, 19, 21]);
    expect(v.revenue.revenue).toBeCloseTo(2257.341, 9);
    expect(v.modeling.revenue).toBeCloseTo(638.09, 9);
    expect(v.customers.revenue).toBeCloseTo(170024.73, 9);
    expect(report.revenue.kept).toBeCloseTo(2268.441, 9);
    // input = every row incl. quarantined CRUK (-1.6) and S (-9.95)
    expect(report.revenue.input).toBeCloseTo(2268.441 - 1.6 - 9.95, 9);
    for (const name of VIEW_NAMES) {
      expect(views[name].length).toBe(v[name].rows);
      expect(toRows(purposeView(frame, name))).toEqual(toRows(views[name]));
    }
    // no dropped flag survives in its view
    for (const row of toRows(views.modeling))
      expect([row.isCancellation, row.isDuplicate, row.isQuantityOutlier, row.isNonProduct]).toEqual([
        false,
        false,
        false,
        false,
      ]);
    for (const row of toRows(views.customers)) expect(row.customerId).not.toBeNull();
  });

  it('takes each view once, when first read, and shares one Frame between views with the same drops', () => {
    const fresh = clean(fixtureFrame());
    expect(fresh.views.modeling).toBe(fresh.views.modeling);
    // modeling and basket drop the same flags by default (VIEW_DROPS)
    expect(VIEW_DROPS.basket).toEqual(VIEW_DROPS.modeling);
    expect(fresh.views.basket).toBe(fresh.views.modeling);
    expect(fresh.views.revenue).not.toBe(fresh.views.modeling);
    const own = clean(fixtureFrame(), { views: { basket: ['duplicate'] } });
    expect(own.views.basket).not.toBe(own.views.modeling);
    expect(toRows(own.views.basket)).toEqual(toRows(purposeView(own.frame, ['duplicate'])));
    expect(own.report.revenue.views.basket.rows).toBe(own.views.basket.length);
  });

  it('reports per-column missing and distinct counts before and after', () => {
    const by = Object.fromEntries(report.columns.map((c) => [c.name, c]));
    expect(by.description).toMatchObject({ missingIn: 3, missing: 0 });
    expect(by.customerId).toMatchObject({ missingIn: 11, distinctIn: 16, missing: 10 });
    expect(by.stockCode).toMatchObject({ missingIn: 0, distinctIn: 38, distinct: 34 });
    expect(by.quantity).toMatchObject({ missingIn: 0, distinctIn: 19 });
    expect(by.revenue).toMatchObject({ missingIn: null, distinctIn: null, missing: 0 });
  });

  it('lists top offenders', () => {
    // B (two bad-debt lines, +11062.06 − 11062.06) and 23843 (80995 outlier + its cancellation) both have 2; tie →
    // first seen in file order
    expect(report.topOffenders.stockCodes.slice(0, 2)).toEqual([
      { value: 'B', rows: 2, revenue: 0 },
      { value: '23843', rows: 2, revenue: 0 },
    ]);
    expect(report.topOffenders.customers.map((c) => c.value)).toEqual(['14527', '15311', '16446']);
    expect(report.topOffenders.quarantineCountries).toEqual([
      { value: 'United Kingdom', rows: 2, revenue: -1.6 - 9.95 },
    ]);
  });

  it('does not mutate its input', () => {
    const f = fixtureFrame();
    const before = JSON.stringify(toRows(f));
    clean(f);
    clean(f, { trimDescriptions: false, anonymousCustomerId: '0', steps: [{ id: 'drop-free', drop: 'free-line' }] });
    expect(JSON.stringify(toRows(f))).toBe(before);
  });
});

describe('clean options', () => {
  it('validates at the entry', () => {
    expect(() => clean(fromRows([{ quantity: 1 }]))).toThrowError(/clean: needs a string column "invoiceNo"/);
    expect(() => clean(null as never)).toThrowError(/clean: frame must be a Frame/);
    const f = fixtureFrame();
    expect(() => clean(f, { quantityOutlier: { method: 'iqr', factor: -1 } })).toThrowError(/factor/);
    expect(() => clean(f, { priceOutlier: { method: 'mad' } as never })).toThrowError(/method/);
    expect(() => clean(f, { anonymousCustomerId: 0 as never })).toThrowError(/anonymousCustomerId/);
    expect(() => clean(f, { views: { modeling: ['nope' as never] } })).toThrowError(/flag/);
    expect(() => clean(f, { timeZones: { byCountry: { France: 'Mars/Olympus' } } })).toThrowError(/IANA/);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(codeOf(() => clean(fromRows([{ quantity: 1 }])))).toBe(CLEANING_ERROR_CODES.missingColumn);
    expect(codeOf(() => clean(f, { topN: -1 }))).toBe(CLEANING_ERROR_CODES.invalidArgument);
  });

  it('switches outlier methods and view definitions', () => {
    const f = fixtureFrame();
    const z = clean(f, { quantityOutlier: { method: 'zscore', threshold: 2 }, priceOutlier: { method: 'none' } });
    // sale-line quantities: 80995 has z ≈ 4.5 (hand: mean 3877.6, σ 17235 over 21 sale lines); the rest are < 2σ
    expect(z.report.ruleCounts['quantity-outlier']).toBe(1);
    expect(z.report.ruleCounts['price-outlier']).toBe(0);
    const custom = clean(f, { views: { revenue: [] } });
    expect(custom.views.revenue.length).toBe(42);
    const untrimmed = clean(f, { trimDescriptions: false });
    expect(untrimmed.report.ruleCounts['trim-description']).toBeUndefined();
  });

  it('adds local times with a per-country time zone mapping (source clock Europe/London)', () => {
    const f = fromRows(
      [
        { when: '2010-12-01T08:26:00Z', country: 'Australia' }, // London GMT = UTC; Sydney AEDT +11 → 19:26
        { when: '2011-06-01T10:00:00Z', country: 'Australia' }, // London BST = UTC+1 → 09:00Z; Sydney AEST +10 → 19:00
        { when: '2011-06-01T10:00:00Z', country: 'France' }, // Paris CEST = London + 1 → 11:00
        { when: '2011-06-01T10:00:00Z', country: 'United Kingdom' }, // not mapped: unchanged
      ].map((r, i) => ({
        invoiceNo: String(536000 + i),
        stockCode: '22633',
        description: 'HAND WARMER',
        quantity: 1,
        invoiceDate: new Date(r.when),
        unitPrice: 1,
        customerId: '1',
        country: r.country,
      })),
      TRANSACTION_SCHEMA,
    );
    const r = clean(f, { timeZones: { byCountry: { Australia: 'Australia/Sydney', France: 'Europe/Paris' } } });
    const local = toRows(r.frame, { timestamps: 'iso' }).map((x) => x.localInvoiceDate);
    expect(local).toEqual([
      '2010-12-01T19:26:00.000Z',
      '2011-06-01T19:00:00.000Z',
      '2011-06-01T11:00:00.000Z',
      '2011-06-01T10:00:00.000Z',
    ]);
    // invoiceDate itself stays naive wall-clock
    expect(toRows(r.frame, { timestamps: 'iso' })[0].invoiceDate).toBe('2010-12-01T08:26:00.000Z');
  });
});

describe('edge cases', () => {
  it('an empty frame gives an empty, consistent report', () => {
    const r = clean(fromRows([], TRANSACTION_SCHEMA));
    expect([r.report.rowsIn, r.report.rowsKept, r.report.rowsQuarantined]).toEqual([0, 0, 0]);
    expect(r.report.dateRange).toEqual({ first: null, last: null });
    expect(r.views.modeling.length).toBe(0);
    expect(JSON.parse(JSON.stringify(r.report)).steps).toEqual([{ id: 'quarantine', rowsAfter: 0 }]);
    const withSteps = clean(fromRows([], TRANSACTION_SCHEMA), {
      steps: [
        { id: 'drop-free', drop: 'free-line' },
        { id: 'price-fence', drop: { column: 'unitPrice', method: 'zscore' } },
      ],
    });
    expect(withSteps.report.steps.map((s) => s.rowsAfter)).toEqual([0, 0, 0]);
  });

  it('extra input columns pass through to the frame, the views and the quarantine', () => {
    const r = clean(fromRows([line({ channel: 'web' }), line({ channel: 'shop', quantity: -1 })], TRANSACTION_SCHEMA));
    expect(toRows(r.frame).map((x) => x.channel)).toEqual(['web']);
    expect(toRows(r.quarantine).map((x) => x.channel)).toEqual(['shop']);
    expect(toRows(r.views.revenue).map((x) => x.channel)).toEqual(['web']);
  });
});
