import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basketCommand } from '../src/commands/basket.js';
import { cleanCommand } from '../src/commands/clean.js';
import { forecastCommand } from '../src/commands/forecast.js';
import { pricingCommand } from '../src/commands/pricing.js';
import { reportCommand } from '../src/commands/report.js';
import { segmentCommand } from '../src/commands/segment.js';
import { Context } from '../src/context.js';

/**
 * The report as a person sees it: the seeds run through the pipeline in-process (clean, segment, basket, forecast,
 * pricing, report; the warehouse load is not needed by the report), opened in headless Chromium at a desktop (1280 px) and
 * a phone (390 px) width, each section's content checked, axe-core run, printed to PDF, and screenshots saved under
 * `examples/end-to-end/test-artifacts/` (git-ignored). With `RETAILKIT_REPORT_HTML=<report.html>` the same checks
 * run on that report instead (for example the real data's) and its artifacts go to `test-artifacts/given/`.
 */
const CHROMIUM = process.env.RETAILKIT_CHROMIUM ?? '/usr/bin/chromium';
const SEEDS = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));
const GIVEN = process.env.RETAILKIT_REPORT_HTML;
const ARTIFACTS = fileURLToPath(new URL(`../test-artifacts/${GIVEN ? 'given' : 'seeds'}/`, import.meta.url));
const available = existsSync(CHROMIUM) && (GIVEN ? existsSync(GIVEN) : existsSync(SEEDS));
if (!available)
  console.warn(
    `[end-to-end] skipping the report browser test: no browser at ${CHROMIUM} (apt-get install -y chromium, or set ` +
      'RETAILKIT_CHROMIUM) or no input.',
  );

const SECTIONS = [
  'how-are-we-doing',
  'who-are-our-customers',
  'what-sells-together',
  'what-will-we-sell',
  'prices',
  'is-the-data-sound',
];

/** Text boxes of every visible chart: any label cut ("…"), outside its SVG, or overlapping another. */
async function chartLabelProblems(page: Page): Promise<string[]> {
  return page.$$eval('figure.chart', (figures) => {
    const problems: string[] = [];
    for (const fig of figures) {
      const id = fig.getAttribute('data-chart');
      const svg = Array.from(fig.querySelectorAll('svg')).find((s) => s.getBoundingClientRect().width > 0);
      if (!svg) {
        problems.push(`${id}: no visible chart`);
        continue;
      }
      const frame = svg.getBoundingClientRect();
      const texts = Array.from(svg.querySelectorAll('text'))
        .filter((t) => (t.textContent ?? '').trim() !== '' && Number(getComputedStyle(t).opacity) > 0)
        .map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }))
        .filter((t) => t.box.width > 0);
      for (const t of texts) {
        if (t.text.includes('…')) problems.push(`${id}: "${t.text}" is cut`);
        const b = t.box;
        if (
          b.left < frame.left - 1 ||
          b.right > frame.right + 1 ||
          b.top < frame.top - 1 ||
          b.bottom > frame.bottom + 1
        )
          problems.push(`${id}: "${t.text}" lies outside the chart`);
      }
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i].box;
          const b = texts[j].box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) problems.push(`${id}: "${texts[i].text}" overlaps "${texts[j].text}"`);
        }
    }
    return problems;
  });
}

async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axe });
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run;
    const r = (await run(document, { resultTypes: ['violations'] })) as {
      violations: { id: string; impact: string; nodes: unknown[] }[];
    };
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

describe.skipIf(!available)('report.html in headless Chromium', () => {
  let dir: string;
  let file: string;
  let browser: Browser;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-report-'));
    if (GIVEN) file = GIVEN;
    else {
      const ctx = new Context({ data: SEEDS, out: join(dir, 'out'), quiet: true, cwd: dir });
      await cleanCommand(ctx, { writeFiles: false });
      await segmentCommand(ctx);
      await basketCommand(ctx);
      await forecastCommand(ctx);
      await pricingCommand(ctx);
      await reportCommand(ctx);
      file = ctx.outPath('report.html');
    }
    await mkdir(ARTIFACTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    return page;
  }

  it('answers the six questions in order, each with its content (desktop, 1280 px)', async () => {
    const page = await open(1280);
    expect(await page.$$eval('main > section', (s) => s.map((x) => x.id))).toEqual(SECTIONS);

    // how are we doing: the KPIs, the partial last month flagged and kept out of growth
    const kpis = await page.$$eval('#how-are-we-doing .kpi span', (s) => s.map((x) => x.textContent));
    expect(kpis.slice(0, 4)).toEqual(['revenue', 'orders', 'identified customers', 'average order value']);
    expect(kpis.some((k) => /latest full month/.test(k ?? ''))).toBe(true);
    expect(kpis.some((k) => /so far \(partial\)/.test(k ?? ''))).toBe(true);
    const months = await page.$$eval('#how-are-we-doing table tbody tr', (rows) =>
      rows
        .filter((r) => r.closest('.table-wrap')?.getAttribute('aria-label') === 'Monthly figures')
        .map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())),
    );
    const last = months.at(-1) ?? [];
    expect(last[0]).toMatch(/partial$/);
    expect([last[5], last[6]]).toEqual(['partial', 'partial']);
    expect(months.filter((m) => /partial$/.test(m[0]))).toHaveLength(1);

    // product rankings hold products only
    const ranking = await page.$$eval(
      '#how-are-we-doing [data-chart="top-products"] text, #how-are-we-doing tbody th',
      (els) => els.map((e) => e.textContent ?? '').join(' '),
    );
    expect(ranking).toMatch(/[A-Z]{4,}/); // product names are there
    expect(ranking).not.toMatch(/POSTAGE|CARRIAGE|BANK CHARGES|AMAZON FEE/i);
    const codes = await page.$$eval('#how-are-we-doing tbody tr td:nth-child(2)', (c) => c.map((x) => x.textContent));
    for (const code of ['POST', 'DOT', 'M', 'C2', 'BANK CHARGES', 'AMAZONFEE']) expect(codes).not.toContain(code);

    // who are our customers: distinct names, numeric churn risk and CLV, one action each, ≤ 3 conditions per rule
    const segments = await page.$$eval('.segment', (cards) =>
      cards.map((c) => ({
        name: c.querySelector('h3')?.textContent ?? '',
        churn: c.querySelector('.churn')?.textContent ?? '',
        clv: c.querySelector('.clv')?.textContent ?? '',
        purchases: c.querySelector('.purchases')?.textContent ?? '',
        action: c.querySelector('.action')?.textContent ?? '',
      })),
    );
    expect(segments.length).toBeGreaterThan(1);
    expect(new Set(segments.map((s) => s.name)).size).toBe(segments.length);
    for (const s of segments) {
      expect(s.churn, s.name).toMatch(/^(<0\.1|\d{1,3}\.\d)%$/);
      expect(s.clv, s.name).toMatch(/^£[\d,]+$/);
      expect(s.purchases, s.name).toMatch(/^\d[\d,]*(\.\d+)?$/);
      expect(s.action, s.name).toMatch(/^Suggested action: \w/);
    }
    // the model behind churn risk and CLV is named: the customer-value model, or BG/NBD + Gamma-Gamma on short data
    expect(await page.textContent('#who-are-our-customers .lead')).toMatch(
      /customer-value \(\w+\) model .*BG\/NBD|BG\/NBD .* Gamma-Gamma/,
    );
    const conditions = await page.$$eval('.rule[data-conditions]', (r) =>
      r.map((x) => Number(x.getAttribute('data-conditions'))),
    );
    expect(conditions.length).toBeGreaterThan(0);
    for (const n of conditions) expect(n).toBeGreaterThanOrEqual(1);
    expect(Math.max(...conditions)).toBeLessThanOrEqual(3);

    // what sells together: rules named by product description (the stock code is only in the tooltip), each set once
    const products = await page.$$eval('#what-sells-together table .product', (p) =>
      p.map((x) => ({ text: x.textContent ?? '', code: (x.getAttribute('title') ?? '').replace('stock code ', '') })),
    );
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) {
      expect(p.text).not.toBe(p.code);
      expect(p.text).toMatch(/[A-Za-z]{3,}/);
    }
    const sets = await page.$$eval('#what-sells-together tbody tr', (rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll('.product'))
          .map((p) => p.getAttribute('title'))
          .sort()
          .join('+'),
      ),
    );
    expect(new Set(sets).size).toBe(sets.length);
    const lifts = await page.$$eval('#what-sells-together tbody tr td:last-child', (c) =>
      c.map((x) => Number(x.textContent?.replace(/,/g, ''))),
    );
    expect(lifts).toEqual([...lifts].sort((a, b) => b - a));
    expect(await page.$$eval('.examples li', (l) => l.length)).toBeGreaterThan(0);

    // what will we sell: the forecast chart, the model, baselines and the leaky one
    const accuracy = (await page.textContent('#what-will-we-sell')) ?? '';
    expect(accuracy).toMatch(/selected/);
    expect(accuracy).toMatch(/SeasonalNaive/);
    expect(accuracy).toMatch(/leaky baseline/);

    // prices: identified and significant counts, the elasticities' strip, the largest gains named by description
    // (largest first, in pounds), and a what-if curve for three products
    const identified = Number((await page.textContent('#prices .lead .identified'))?.replace(/,/g, ''));
    const significant = Number((await page.textContent('#prices .lead .significant'))?.replace(/,/g, ''));
    expect(identified).toBeGreaterThan(0);
    expect(significant).toBeGreaterThan(0);
    expect(significant).toBeLessThanOrEqual(identified);
    expect(await page.$$eval('#prices [data-chart="elasticities"] .v-wide svg', (s) => s.length)).toBe(1);
    const gains = await page.$$eval('#prices tbody tr', (rows) =>
      rows.map((r) => ({
        name: r.querySelector('.product')?.textContent ?? '',
        code: (r.querySelector('.product')?.getAttribute('title') ?? '').replace('stock code ', ''),
        cells: Array.from(r.querySelectorAll('td')).map((c) => (c.textContent ?? '').trim()),
      })),
    );
    expect(gains.length).toBeGreaterThan(0);
    for (const g of gains) {
      expect(g.name).toMatch(/[A-Za-z]{3,}/);
      expect(g.name).not.toBe(g.code);
      expect(g.cells[0]).toMatch(/^£\d+\.\d\d$/); // list price
      expect(g.cells[1]).toMatch(/^£\d+\.\d\d$/); // recommended
      expect(g.cells.at(-1)).toMatch(/^\+£[\d,]+(\.\d\d)?$/);
    }
    const amounts = gains.map((g) => Number((g.cells.at(-1) ?? '').replace(/[+£,]/g, '')));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(await page.$$eval('#prices figure[data-chart^="what-if-"]', (f) => f.length)).toBe(3);
    expect(await page.textContent('#prices')).toMatch(/Held-out check: on \d+ list-price changes/);

    // is the data sound: rule ids with their descriptions, quarantine reasons, non-product lines by code
    const rules = await page.$$eval('#is-the-data-sound tbody tr', (rows) =>
      rows
        .filter((r) => r.querySelector('.rule-id'))
        .map((r) => ({
          id: r.querySelector('.rule-id')?.textContent ?? '',
          what: r.querySelector('.what')?.textContent ?? '',
        })),
    );
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['missing-invoice', 'cancellation', 'non-product']));
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(r.what.length, r.id).toBeGreaterThan(10);
    }
    const nonProduct = await page.$$eval('#is-the-data-sound code.code', (c) => c.map((x) => x.textContent));
    expect(nonProduct).toEqual(expect.arrayContaining(['POST']));

    expect(await chartLabelProblems(page)).toEqual([]);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-desktop.png'), fullPage: true });
    await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
    const pdf = await readFile(join(ARTIFACTS, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = Math.max(...[...pdf.toString('latin1').matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1])));
    expect(pages).toBeGreaterThanOrEqual(SECTIONS.length); // one question per page at least
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('holds up on a phone (390 px): the narrow charts, nothing cut or overlapping, no sideways scrolling', async () => {
    const page = await open(390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const visible = await page.$$eval('figure.chart', (figs) =>
      figs.map((f) => (f.querySelector('.v-narrow svg')?.getBoundingClientRect().width ?? 0) > 0),
    );
    expect(visible.every(Boolean)).toBe(true);
    expect(await chartLabelProblems(page)).toEqual([]);
    const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-mobile.png'), fullPage: true });
    await page.close();
  });

  it('prints on A4: the desktop charts fit the page width', async () => {
    const page = await open(1280);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 1000 }); // A4 less 12 mm margins ≈ 703 CSS px
    const overflow = await page.$$eval('figure.chart', (figs) =>
      figs
        .map((f) => ({
          id: f.getAttribute('data-chart'),
          svg: f.querySelector('.v-wide svg')?.getBoundingClientRect(),
        }))
        .filter((x) => !x.svg || x.svg.width === 0 || x.svg.right > 700 + 1)
        .map((x) => x.id),
    );
    expect(overflow).toEqual([]);
    await page.close();
  });
});
