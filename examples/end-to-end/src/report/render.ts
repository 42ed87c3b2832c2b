import { basketsSection } from './baskets.js';
import { customersSection } from './customers.js';
import { forecastSection } from './forecast.js';
import { esc, money, table } from './format.js';
import { overviewSection } from './overview.js';
import { pricesSection } from './prices.js';
import { qualitySection } from './quality.js';
import type { NonProductLine, SalesSummary } from './sales.js';
import { STYLE } from './style.js';

/** Everything the report shows; each section is optional except the sales overview. */
export interface ReportInput {
  title: string;
  source: string;
  generatedAt: string;
  rows: number;
  sales: SalesSummary;
  /** ISO 4217 code of the data's currency (default GBP, the UCI Online Retail data's). */
  currency?: string;
  quality?: Record<string, unknown>;
  /** Kept non-product lines by stock code (`nonProductLines` of the cleaned frame), for the quality section. */
  nonProduct?: readonly NonProductLine[];
  segments?: Record<string, unknown>;
  rules?: Record<string, unknown>;
  forecast?: Record<string, unknown>;
  /** `pricing.json`: elasticities, recommendations, validation and what-if curves. */
  pricing?: Record<string, unknown>;
  /** Daily actuals shown before the forecast (the last weeks of the series the forecast was fitted on). */
  actuals?: { ds: string; y: number }[];
  /** Steps of the run that could not run on this data, with the error's code and message (their sections are absent). */
  skipped?: { step: string; code: string; message: string }[];
}

const SECTIONS: [id: string, title: string][] = [
  ['how-are-we-doing', 'How are we doing?'],
  ['who-are-our-customers', 'Who are our customers?'],
  ['what-sells-together', 'What sells together?'],
  ['what-will-we-sell', 'What will we sell?'],
  ['prices', 'What should we charge?'],
  ['is-the-data-sound', 'Is the data sound?'],
];

/**
 * Render the single self-contained `report.html`, in the order a shop owner asks: how are we doing, who are our
 * customers, what sells together, what will we sell, what should we charge (prices), is the data sound. Charts are
 * inline SVG rendered on the server with Vega-Lite, at a desktop and a phone width; no scripts, fonts or images are
 * fetched when it is viewed, and a print stylesheet lays it out on A4 pages.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a `currency` that is not an ISO 4217 code.
 */
export async function renderReport(input: ReportInput): Promise<string> {
  const m = money(input.currency ?? 'GBP');
  const parts: string[] = [await overviewSection(input.sales, m)];
  if (input.segments) parts.push(await customersSection(input.segments, m));
  if (input.rules) parts.push(basketsSection(input.rules));
  if (input.forecast) parts.push(await forecastSection(input.forecast, input.actuals ?? []));
  if (input.pricing) parts.push(await pricesSection(input.pricing, m));
  if (input.quality) parts.push(qualitySection(input.quality, input.nonProduct ?? [], m));
  const present = SECTIONS.filter(([id]) => parts.some((p) => p.includes(`<section id="${id}"`)));
  const skipped = input.skipped?.length
    ? `<section id="skipped"><h2>Skipped steps</h2><p>Some steps could not run on this data; their sections are left out.</p>${table(
        'Skipped steps',
        ['step', 'code', 'reason'],
        input.skipped.map((k) => [k.step, k.code, k.message]),
        { numeric: [] },
      )}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title>
<style>${STYLE}</style></head>
<body><header><h1>${esc(input.title)}</h1><p>${esc(input.source)} · ${esc(input.rows.toLocaleString('en-GB'))} rows · generated ${esc(input.generatedAt)} · amounts in ${esc(m.currency)}</p></header>
<nav aria-label="Sections"><ol>${present.map(([id, title]) => `<li><a href="#${id}">${esc(title)}</a></li>`).join('')}</ol></nav>
<main>
${skipped}
${parts.join('\n')}
</main></body></html>
`;
}
