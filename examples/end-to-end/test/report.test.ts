import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report/render.js';
import { salesSummary } from '../src/report/sales.js';

const d = (s: string) => new Date(`${s}Z`);
// A hand-made fixture: revenue by month is 10 (Jan), 30 (Feb: 20 + 10) and 15 (Mar); growth +200% then −50%.
const tx = fromRows([
  {
    invoiceNo: '1',
    stockCode: 'A',
    description: 'MUG',
    quantity: 2,
    invoiceDate: d('2011-01-03T10:00:00'),
    unitPrice: 5,
    customerId: 'c1',
    country: 'United Kingdom',
  },
  {
    invoiceNo: '2',
    stockCode: 'B',
    description: 'BAG',
    quantity: 4,
    invoiceDate: d('2011-02-01T10:00:00'),
    unitPrice: 5,
    customerId: 'c2',
    country: 'France',
  },
  {
    invoiceNo: '2',
    stockCode: 'A',
    description: 'MUG',
    quantity: 2,
    invoiceDate: d('2011-02-01T10:00:00'),
    unitPrice: 5,
    customerId: 'c2',
    country: 'France',
  },
  {
    invoiceNo: '3',
    stockCode: 'A',
    description: 'MUG',
    quantity: 3,
    invoiceDate: d('2011-03-07T10:00:00'),
    unitPrice: 5,
    customerId: null,
    country: 'United Kingdom',
  },
]);

describe('salesSummary (hand-computed fixture)', () => {
  it('gives monthly revenue, month-over-month growth as fractions, countries, products and counts', () => {
    const s = salesSummary(tx);
    expect(s.monthly).toEqual([
      { month: '2011-01', revenue: 10, orders: 1, growth: null },
      { month: '2011-02', revenue: 30, orders: 1, growth: 2 },
      { month: '2011-03', revenue: 15, orders: 1, growth: -0.5 },
    ]);
    expect(s).toMatchObject({ revenue: 55, orders: 3, customers: 2 });
    expect(s.byCountry).toEqual(
      [
        { country: 'United Kingdom', revenue: 25 },
        { country: 'France', revenue: 30 },
      ].sort((a, b) => b.revenue - a.revenue),
    );
    expect(s.topProducts[0]).toEqual({ stockCode: 'A', description: 'MUG', revenue: 35, quantity: 7 });
  });
});

const CHROMIUM = '/usr/bin/chromium';
const sections = {
  quality: {
    rowsIn: 4,
    rowsKept: 4,
    rowsQuarantined: 0,
    rules: [{ id: 'cancellation', count: 0 }],
    steps: [{ id: 'quarantine', rowsAfter: 4 }],
  },
  segments: {
    customers: 2,
    k: 2,
    silhouette: 0.5,
    clusters: [
      { name: 'Regulars', size: 1, revenueShare: 0.6 },
      { name: 'One-time buyers', size: 1, revenueShare: 0.4 },
    ],
    explanation: { accuracy: 1, macroF1: 1, rules: ['frequency > 1 → Regulars'] },
  },
  rules: {
    baskets: 3,
    items: 2,
    itemsets: 3,
    rules: [{ antecedents: ['A'], consequents: ['B'], support: 0.33, confidence: 0.5, lift: 1.5 }],
  },
  forecast: {
    series: [{ id: 'total', ds: ['2011-01-03', '2011-01-04', '2011-01-05'], y: [1, 2, 3] }],
    evaluations: [
      {
        series: 'total',
        model: 'Naive',
        window: 'test',
        leaky: false,
        horizon: 2,
        rmse: 1,
        mae: 1,
        mape: 0.1,
        wape: 0.1,
      },
    ],
    selected: { series: 'total', model: 'Naive', reason: 'lowest backtest RMSE' },
    forecasts: [
      { series: 'total', ds: '2011-01-06', yhat: 3, lo: 2, hi: 4 },
      { series: 'total', ds: '2011-01-07', yhat: 3, lo: 1.5, hi: 4.5 },
    ],
  },
};

describe('report.html', () => {
  it('is self-contained: no external scripts, stylesheets, fonts or images', async () => {
    const html = await renderReport({
      title: 't',
      source: 's',
      generatedAt: 'now',
      rows: 4,
      sales: salesSummary(tx),
      ...sections,
    });
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http|<img[^>]+src="http/);
    expect(html.match(/<figure class="chart"/g)?.length).toBe(7);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium with every chart present and non-empty', async () => {
    const { chromium } = await import('playwright-core');
    const html = await renderReport({
      title: 't',
      source: 's',
      generatedAt: 'now',
      rows: 4,
      sales: salesSummary(tx),
      ...sections,
    });
    const dir = await mkdtemp(join(tmpdir(), 'rk-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            id: f.getAttribute('data-chart'),
            marks: svg ? svg.querySelectorAll('path, rect, circle, line').length : 0,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual([
        'monthly-revenue',
        'monthly-growth',
        'revenue-by-country',
        'top-products',
        'segment-sizes',
        'rules-scatter',
        'forecast',
      ]);
      for (const c of charts) {
        expect(c.marks, c.id ?? '').toBeGreaterThan(3);
        expect(c.width * c.height, c.id ?? '').toBeGreaterThan(1000);
      }
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
if (!existsSync(CHROMIUM))
  console.log('report browser test skipped: install Debian chromium (apt-get install chromium) to run it');
