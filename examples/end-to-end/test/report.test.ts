import { clean } from '@retailkit/cleaning';
import { fromRows, isRetailKitError, TRANSACTION_SCHEMA } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { diverseRules, pruneRules } from '../src/report/baskets.js';
import { segmentAction } from '../src/report/customers.js';
import { weeklyTotals } from '../src/report/forecast.js';
import { money } from '../src/report/format.js';
import { wrapLabel } from '../src/report/overview.js';
import { renderReport } from '../src/report/render.js';
import { nonProductLines, salesSummary } from '../src/report/sales.js';

const line = (
  invoiceNo: string,
  stockCode: string,
  description: string,
  quantity: number,
  date: string,
  customerId: string | null,
  country = 'United Kingdom',
) => ({
  invoiceNo,
  stockCode,
  description,
  quantity,
  invoiceDate: new Date(`${date}T10:00:00Z`),
  unitPrice: stockCode === 'POST' ? 18 : 5,
  customerId,
  country,
});

// A hand-made fixture over Feb 2010 – 5 Mar 2011 (revenue = quantity × 5, postage 18):
// Feb 2010: 10 (c3) · Mar 2010: 10 (c1) · Apr 2010 – Jan 2011: nothing · Feb 2011: 20 + 10 − 5 (a cancellation,
// not an order) = 25 (c2) · Mar 2011 to the 5th (the data's end, so partial): 18 (postage) + 15 (c1) + 5 (anonymous) = 38.
const tx = fromRows(
  [
    line('0', 'K', 'BAG', 2, '2010-02-01', 'c3'),
    line('1', 'A', 'MUG', 2, '2010-03-01', 'c1'),
    line('2', 'K', 'BAG', 4, '2011-02-01', 'c2', 'France'),
    line('2', 'A', 'MUG', 2, '2011-02-01', 'c2', 'France'),
    line('C3', 'A', 'MUG', -1, '2011-02-10', 'c2', 'France'),
    line('4', 'POST', 'POSTAGE', 1, '2011-03-01', 'c1'),
    line('4', 'A', 'MUG', 3, '2011-03-01', 'c1'),
    line('5', 'A', 'MUG', 1, '2011-03-05', null),
  ],
  TRANSACTION_SCHEMA,
);
const cleaned = clean(tx);

describe('salesSummary (hand-computed fixture)', () => {
  const s = salesSummary(cleaned.views.revenue);

  it('gives totals: revenue, purchase orders (a cancellation is not one), identified customers, AOV', () => {
    expect(s).toMatchObject({ revenue: 83, orders: 5, customers: 3, aov: 83 / 5 });
    expect(s.period).toEqual({ first: '2010-02-01', last: '2011-03-05' });
  });

  it('flags the last month partial and keeps it out of month-over-month and year-over-year growth', () => {
    const empty = { revenue: 0, orders: 0, customers: 0, aov: null, partial: false, yoy: null };
    expect(s.monthly).toHaveLength(14);
    expect(s.monthly[0]).toEqual({
      month: '2010-02',
      revenue: 10,
      orders: 1,
      customers: 1,
      aov: 10,
      partial: false,
      growth: null,
      yoy: null,
    });
    expect(s.monthly[1]).toEqual({
      month: '2010-03',
      revenue: 10,
      orders: 1,
      customers: 1,
      aov: 10,
      partial: false,
      growth: 0,
      yoy: null,
    });
    expect(s.monthly[2]).toEqual({ month: '2010-04', ...empty, growth: -1 }); // (0 − 10) / 10
    expect(s.monthly[3]).toEqual({ month: '2010-05', ...empty, growth: null }); // after a month of 0: undefined
    // Feb 2011 against Feb 2010: (25 − 10) / 10
    expect(s.monthly[12]).toEqual({
      month: '2011-02',
      revenue: 25,
      orders: 1,
      customers: 1,
      aov: 25,
      partial: false,
      growth: null,
      yoy: 1.5,
    });
    expect(s.monthly[13]).toEqual({
      month: '2011-03',
      revenue: 38,
      orders: 2,
      customers: 1,
      aov: 19,
      partial: true,
      growth: null,
      yoy: null,
    });
    expect(s.latest?.month).toBe('2011-02');
  });

  it('compares the partial month like for like: 1–5 Mar 2011 (38) against 1–5 Mar 2010 (10)', () => {
    expect(s.monthToDate).toEqual({
      month: '2011-03',
      from: '2011-03-01',
      through: '2011-03-05',
      revenue: 38,
      sameDaysLastYear: 10,
      change: 2.8,
    });
  });

  it('ranks products without the lines cleaning flags non-product; countries by revenue', () => {
    expect(s.topProducts).toEqual([
      { stockCode: 'A', description: 'MUG', revenue: 35, quantity: 7 },
      { stockCode: 'K', description: 'BAG', revenue: 30, quantity: 6 },
    ]);
    expect(s.byCountry).toEqual([
      { country: 'United Kingdom', revenue: 58 },
      { country: 'France', revenue: 25 },
    ]);
    // a frame without cleaning's flags: every stock code is a product; C-prefixed invoices are still cancellations
    const raw = salesSummary(tx);
    expect(raw.topProducts.map((p) => p.stockCode)).toEqual(['A', 'K', 'POST']);
    expect(raw.orders).toBe(5);
  });

  it('marks a first month that starts after the 1st partial, and the month after it has no growth', () => {
    const short = salesSummary(
      fromRows(
        [line('1', 'A', 'MUG', 2, '2011-01-15', 'c1'), line('2', 'A', 'MUG', 4, '2011-02-28', 'c1')],
        TRANSACTION_SCHEMA,
      ),
    );
    expect(short.monthly.map((m) => [m.month, m.partial, m.growth])).toEqual([
      ['2011-01', true, null],
      ['2011-02', false, null],
    ]);
    expect(short.monthToDate).toBeUndefined(); // the data ends on the last day of February
    expect(short.latest?.month).toBe('2011-02');
  });
});

describe('nonProductLines', () => {
  it('lists the kept lines cleaning flags non-product by stock code, with category, count and revenue', () => {
    expect(nonProductLines(cleaned.frame)).toEqual([{ stockCode: 'POST', category: 'postage', rows: 1, revenue: 18 }]);
    expect(nonProductLines(tx)).toEqual([]); // no flag column: nothing to list
  });
});

describe('pruneRules (hand-computed)', () => {
  const rule = (a: string[], c: string[], lift: number, confidence: number, support = 0.1) => ({
    antecedents: a,
    consequents: c,
    support,
    confidence,
    lift,
  });
  it('keeps each product set once, in its strongest direction, sorted by lift', () => {
    const rules = [
      rule(['D'], ['E'], 1.5, 0.6),
      rule(['A'], ['B'], 2, 0.5),
      rule(['B'], ['A'], 2, 0.8), // same lift, more confident: kept
      rule(['A'], ['B', 'C'], 3, 0.4),
      rule(['A', 'B'], ['C'], 3, 0.9), // kept for {A, B, C}
      rule(['C'], ['A', 'B'], 2.5, 0.95),
    ];
    expect(pruneRules(rules)).toEqual([rules[4], rules[2], rules[0]]);
  });

  it('shows each product in one rule only: the strongest that holds it', () => {
    const abc = rule(['A', 'B'], ['C'], 5, 0.9);
    const ab = rule(['A'], ['B'], 4, 0.9); // a subset of abc
    const de = rule(['D'], ['E'], 3, 0.9);
    const ad = rule(['A'], ['D'], 2, 0.9); // A is in abc, D in de
    const fg = rule(['F'], ['G'], 1, 0.9);
    const fh = rule(['H'], ['F'], 0.5, 0.9);
    expect(diverseRules([abc, ab, de, ad, fg, fh], 2)).toEqual([abc, de]);
    expect(diverseRules([abc, ab, de, ad, fg, fh], 10)).toEqual([abc, de, fg]);
  });
});

describe('report helpers', () => {
  it('sums forecast days per week starting on Monday', () => {
    const weeks = weeklyTotals([
      { ds: '2011-12-09', yhat: 10 }, // Friday
      { ds: '2011-12-11', yhat: 5 }, // Sunday
      { ds: '2011-12-12', yhat: 7 }, // Monday
    ]);
    expect(weeks).toEqual([
      { week: '2011-12-05', days: 2, total: 15 },
      { week: '2011-12-12', days: 1, total: 7 },
    ]);
  });

  it('formats money in the data’s currency (GBP by default) and refuses an unknown code', () => {
    expect([money().whole(1234567.4), money().exact(18.4), money().symbol]).toEqual(['£1,234,567', '£18.40', '£']);
    expect([money('EUR').whole(5), money('EUR').whole(Number.NaN)]).toEqual(['€5', '–']);
    let error: unknown;
    try {
      money('pounds');
    } catch (e) {
      error = e;
    }
    expect(isRetailKitError(error) && error.code).toBe('INVALID_ARGUMENT');
    expect(String((error as Error).message)).toMatch(/currency/);
  });

  it('suggests one action per segment, from the RFM-grid part of its name', () => {
    expect(segmentAction('At risk: high spend')).toBe(segmentAction('At risk'));
    expect(segmentAction('Lost (2)')).toMatch(/win-back/);
    expect(segmentAction('Outliers: many refunds')).toMatch(/one by one/);
    expect(segmentAction('Something else')).toMatch(/before targeting/);
  });

  it('wraps long labels at spaces', () => {
    expect(wrapLabel('WHITE HANGING HEART T-LIGHT HOLDER', 20)).toEqual(['WHITE HANGING HEART', 'T-LIGHT HOLDER']);
    expect(wrapLabel('MUG', 20)).toEqual(['MUG']);
  });
});

const sections = {
  quality: {
    rowsIn: 8,
    rowsKept: 8,
    rowsQuarantined: 0,
    rules: [
      { id: 'missing-invoice', kind: 'quarantine', count: 0 },
      { id: 'cancellation', kind: 'flag', count: 1, column: 'isCancellation' },
      { id: 'revenue-fence', kind: 'step', count: 2 },
    ],
    quarantine: { byReason: { 'missing-invoice': 0, 'revenue-fence': 2 } },
  },
  segments: {
    customers: 3,
    clusters: [
      {
        id: 0,
        name: 'Champions',
        size: 2,
        share: 2 / 3,
        revenueShare: 0.8,
        pChurn: 0.05,
        expectedPurchases: 1.5,
        clv: 812.4,
      },
      { id: 1, name: 'Lost', size: 1, share: 1 / 3, revenueShare: 0.2, pChurn: 0.7, expectedPurchases: 0.1, clv: 4 },
    ],
    churn: { horizon: 90 },
    explanation: {
      accuracy: 1,
      rules: [
        {
          segment: 0,
          name: 'Champions',
          conditions: [{ feature: 'recency', label: 'days since last order', atMost: 30 }],
          coverage: 1,
          precision: 1,
          text: 'days since last order ≤ 30 → Champions',
        },
      ],
    },
  },
  rules: {
    baskets: 3,
    rules: [
      { antecedents: ['A'], consequents: ['B'], support: 0.33, confidence: 0.5, lift: 1.5 },
      { antecedents: ['B'], consequents: ['A'], support: 0.33, confidence: 1, lift: 1.5 },
    ],
    descriptions: { A: 'MUG', B: 'BAG' },
    examples: [
      { invoiceNo: '9', cart: ['A', 'C'], recommendations: [{ item: 'B', confidence: 0.5, lift: 1.5, support: 0.33 }] },
    ],
  },
  forecast: {
    series: [{ id: 'total', test: 2 }],
    evaluations: [
      { series: 'total', model: 'Naive', window: 'test', leaky: false, rmse: 2, mae: 1, mape: 0.2, wape: 0.2 },
      { series: 'total', model: 'Holt', window: 'backtest', leaky: false, rmse: 1.5, mae: 1, mape: 0.1, wape: 0.1 },
      { series: 'total', model: 'Holt', window: 'test', leaky: false, rmse: 1, mae: 1, mape: 0.1, wape: 0.1 },
      { series: 'total', model: 'LeakyTestMean', window: 'test', leaky: true, rmse: 3, mae: 1, mape: 0.3, wape: 0.3 },
    ],
    selected: { series: 'total', model: 'Holt', reason: 'lowest backtest score' },
    intervals: { level: 0.9, testCoverage: 1, method: 'conformal' },
    forecasts: [
      { series: 'total', ds: '2011-03-07', yhat: 3, lo: 2, hi: 4, level: 0.9 },
      { series: 'total', ds: '2011-03-08', yhat: 3, lo: 1.5, hi: 4.5, level: 0.9 },
    ],
  },
};
const render = (extra: Record<string, unknown> = {}) =>
  renderReport({
    title: 't',
    source: 's',
    generatedAt: 'now',
    rows: 8,
    sales: salesSummary(cleaned.views.revenue),
    nonProduct: nonProductLines(cleaned.frame),
    actuals: [{ ds: '2011-03-04', y: 2 }],
    ...sections,
    ...extra,
  });

describe('report.html', () => {
  it('is self-contained and answers the questions in order', async () => {
    const html = await render();
    expect(html).not.toMatch(/<script|<link[^>]+href=|@import|url\(http|<img[^>]+src="http/);
    expect([...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1])).toEqual([
      'how-are-we-doing',
      'who-are-our-customers',
      'what-sells-together',
      'what-will-we-sell',
      'is-the-data-sound',
    ]);
    // every chart twice (desktop and phone), ids unique across the page
    expect(html.match(/<figure class="chart"/g)?.length).toBe(6);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the quality rules by id with cleaning’s description, and non-product lines by code', async () => {
    const html = await render();
    expect(html).toContain('<code class="rule-id">cancellation</code>');
    expect(html).toMatch(
      /<code class="rule-id">missing-invoice<\/code><\/th><td><span class="what">invoiceNo missing or blank/,
    );
    expect(html).toMatch(/revenue-fence<\/code><\/th><td><span class="what">a row-removing step/);
    expect(html).toContain('<code class="code">POST</code>');
  });

  it('shows churn risk and CLV per segment, with the model named', async () => {
    const html = await render();
    expect(html).toContain('<dd class="churn">5.0%</dd>');
    expect(html).toContain('<dd class="clv">£812</dd>');
    expect(html).toMatch(/BG\/NBD .* Gamma-Gamma .* next 90 days/);
    expect(html).toContain('data-conditions="1"');
  });

  it('names rules and cross-sell suggestions by description, one rule per product set', async () => {
    const html = await render();
    expect(html.match(/<span class="product" title="stock code A">MUG<\/span>/g)?.length).toBe(2); // rule + example
    expect(html.match(/<tr><th scope="row"><span class="product"/g)?.length).toBe(1);
    expect(html).toMatch(/suggest <b>BAG<\/b>/);
  });

  it('formats money in the currency given', async () => {
    const html = await render({ currency: 'EUR' });
    expect(html).toContain('<dd class="clv">€812</dd>');
    expect(html).not.toContain('£');
  });
});

// pricing.json as the pricing command writes it (hand-made): A elastic and moved to −10 %, B not significantly
// below zero (−0.5 + 1.96·0.4 > 0) so it keeps its price, C not identified
const pricing = {
  level: 0.95,
  z: 1.959963984540054,
  rule: { minChanges: 2, minWeeks: 20 },
  counts: { products: 3, withPriceVariation: 2, identified: 2, significantlyNegative: 1 },
  guardrail: 0.1,
  minWeeksBetweenChanges: 8,
  recommendations: { moved: 1, flags: { 'not-identified': 1, 'not-significantly-negative': 1 } },
  products: [
    {
      stockCode: 'A',
      description: 'MUG',
      listPrice: 10,
      elasticity: -2,
      stdError: 0.25,
      identified: true,
      recommendedPrice: 9,
      // weekly base demand 100: 9·100·0.9^−2 − 10·100 = 111.11…
      expectedRevenueChange: 900 / 0.81 - 1000,
    },
    {
      stockCode: 'B',
      description: 'BAG',
      listPrice: 2,
      elasticity: -0.5,
      stdError: 0.4,
      identified: true,
      recommendedPrice: 2,
      expectedRevenueChange: 0,
    },
    {
      stockCode: 'C',
      description: 'CARD',
      listPrice: 0.5,
      elasticity: null,
      stdError: null,
      identified: false,
      recommendedPrice: null,
      expectedRevenueChange: null,
    },
  ],
  validation: { holdoutWeeks: 8, changes: [{}, {}], mae: { model: 0.2, seasonal: 1.1, noPriceEffect: 1.3 } },
  whatIf: [
    {
      stockCode: 'A',
      description: 'MUG',
      listPrice: 10,
      recommendedPrice: 9,
      points: [9, 10, 11].map((p) => ({
        price: p,
        demand: 100 * (p / 10) ** -2,
        revenue: p * 100 * (p / 10) ** -2,
        revenueLow: 0.9 * p * 100 * (p / 10) ** -2,
        revenueHigh: 1.1 * p * 100 * (p / 10) ** -2,
      })),
    },
  ],
};

describe('report.html: prices', () => {
  it('places "Prices" after "What will we sell?" when pricing.json is there, and leaves it out when not', async () => {
    const ids = (html: string) => [...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
    const html = await render({ pricing });
    expect(ids(html)).toEqual([
      'how-are-we-doing',
      'who-are-our-customers',
      'what-sells-together',
      'what-will-we-sell',
      'prices',
      'is-the-data-sound',
    ]);
    expect(html).toContain('<a href="#prices">What should we charge?</a>');
    expect(ids(await render())).not.toContain('prices');
    expect(await render()).not.toContain('href="#prices"');
  });

  it('counts identified and significant products, and lists only the products that gain, by description', async () => {
    const html = await render({ pricing });
    expect(html).toContain('<b class="identified">2</b> of 3 products');
    expect(html).toContain('<b class="significant">1</b>');
    const section = html.slice(html.indexOf('<section id="prices"'), html.indexOf('<section id="is-the-data-sound"'));
    const rows = [...section.matchAll(/<tr><th scope="row">(.*?)<\/tr>/g)].map((m) => m[1]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('<span class="product" title="stock code A">MUG</span>');
    // £10.00 → £9.00 (−10.0%), elasticity −2 ± 1.96·0.25, gain £111.11 in whole pounds (≥ £100)
    expect(rows[0]).toMatch(/£10\.00.*£9\.00.*−10\.0%.*−2 ± 0\.49.*\+£111</);
    expect(section).toContain(
      '1 product would move; the other identified products keep their price (1: elasticity not significantly below zero)',
    );
    expect(section).toMatch(
      /on 2 list-price changes in the last 8 weeks .* was 0\.2, against 1\.3 for "price has no effect" and 1\.1/,
    );
    expect(section.match(/<figure class="chart" data-chart="(elasticities|what-if-1)"/g)).toHaveLength(2);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
