import { chart } from './charts.js';
import { dayName, esc, type Money, monthName, num, signedPct, table } from './format.js';
import type { MonthSales, SalesSummary } from './sales.js';

/** Split a label into lines of at most `width` characters at spaces (Vega draws an array as lines). */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Vega expression: a label field holding lines joined by "|" is drawn as several lines. */
const LINES = "split(datum.label, '|')";

function kpi(value: string, label: string, note = ''): string {
  return `<div class="kpi"><b>${value}</b><span>${esc(label)}</span>${note ? `<small>${note}</small>` : ''}</div>`;
}

function comparison(m: MonthSales, previous: MonthSales | undefined): string {
  const parts = [
    previous ? `${signedPct(m.growth)} vs ${esc(monthName(previous.month))}` : '',
    m.yoy !== null ? `${signedPct(m.yoy)} vs the same month last year` : 'no same month last year in the data',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Section 1, "How are we doing": totals, the latest full month, the partial month like for like, trends. */
export async function overviewSection(s: SalesSummary, money: Money): Promise<string> {
  const months = s.monthly;
  const latestAt = s.latest ? months.indexOf(s.latest) : -1;
  const mtd = s.monthToDate;
  const partialNote = mtd ? `partial: ${dayName(mtd.from)} to ${dayName(mtd.through)}` : 'partial month';
  const kpis = [
    kpi(
      money.whole(s.revenue),
      'revenue',
      s.period.first ? `${dayName(s.period.first)} – ${dayName(s.period.last ?? '')}` : '',
    ),
    kpi(num(s.orders), 'orders'),
    kpi(num(s.customers), 'identified customers'),
    kpi(money.exact(s.aov), 'average order value'),
  ];
  if (s.latest)
    kpis.push(
      kpi(
        money.whole(s.latest.revenue),
        `${monthName(s.latest.month)}, the latest full month`,
        comparison(s.latest, months[latestAt - 1]),
      ),
    );
  if (mtd)
    kpis.push(
      kpi(
        money.whole(mtd.revenue),
        `${monthName(mtd.month)} so far (partial)`,
        mtd.sameDaysLastYear === null
          ? `${esc(partialNote)}; the same days last year are not in the data`
          : `${esc(partialNote)}; ${signedPct(mtd.change)} vs the same days last year (${money.whole(mtd.sameDaysLastYear)})`,
      ),
    );

  const bars = months.map((m) => ({
    month: m.month,
    label: monthName(m.month).replace(' ', '|'),
    revenue: m.revenue,
    status: m.partial ? 'partial month' : 'full month',
  }));
  const growth = months
    .filter((m) => m.growth !== null)
    .map((m) => ({
      label: monthName(m.month).replace(' ', '|'),
      growth: m.growth,
      sign: (m.growth ?? 0) >= 0 ? 'up' : 'down',
    }));
  const statusColor = {
    field: 'status',
    type: 'nominal',
    title: null,
    scale: { domain: ['full month', 'partial month'], range: ['#2f6db5', '#a9c1e0'] },
    legend: { orient: 'top', direction: 'vertical' },
  };
  const monthAxis = (narrow: boolean) => ({
    title: null,
    labelExpr: narrow ? "replace(datum.label, '|', ' ')" : LINES,
    labelAngle: 0,
  });
  const moneyAxis = (narrow: boolean) => ({
    title: `revenue (${money.symbol})`,
    labelExpr: money.axisExpr,
    tickCount: narrow ? 3 : 5,
  });

  const products = s.topProducts.slice(0, 10).map((p) => ({ ...p, name: p.description || p.stockCode }));
  const rows = months.map((m, k) => [
    { html: `${esc(monthName(m.month))}${m.partial ? ` <span class="tag">partial</span>` : ''}` },
    money.whole(m.revenue),
    num(m.orders),
    num(m.customers),
    money.exact(m.aov),
    m.partial ? { html: '<span class="tag">partial</span>' } : k === 0 ? '–' : signedPct(m.growth),
    m.partial ? { html: '<span class="tag">partial</span>' } : signedPct(m.yoy),
  ]);

  return `<section id="how-are-we-doing" aria-labelledby="h-how"><h2 id="h-how">How are we doing?</h2>
<p class="lead">Net sales as booked (cancellations and refunds subtracted; postage and fees charged to customers included).
Orders are purchase invoices; average order value = revenue / orders.${mtd ? ` The data ends on ${esc(dayName(mtd.through))}, so ${esc(monthName(mtd.month))} is <b>partial</b> and left out of every growth figure.` : ''}</p>
<div class="kpis">${kpis.join('')}</div>
${await chart(
  'monthly-revenue',
  'Revenue by month',
  `Bar chart of revenue per month${mtd ? `; ${monthName(mtd.month)} is a partial month` : ''}.`,
  (_w, narrow) =>
    narrow
      ? {
          height: { step: 22 },
          data: { values: bars },
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'label', type: 'ordinal', sort: null, axis: monthAxis(true) },
            x: { field: 'revenue', type: 'quantitative', axis: moneyAxis(true) },
            color: statusColor,
          },
        }
      : {
          height: 220,
          data: { values: bars },
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'label', type: 'ordinal', sort: null, axis: monthAxis(false) },
            y: { field: 'revenue', type: 'quantitative', axis: moneyAxis(false) },
            color: statusColor,
          },
        },
)}
${
  growth.length
    ? await chart(
        'monthly-growth',
        'Growth on the month before',
        'Bar chart of month-over-month revenue growth; partial months are left out.',
        (_w, narrow) => {
          const sign = {
            field: 'sign',
            type: 'nominal',
            legend: null,
            scale: { domain: ['up', 'down'], range: ['#3f9d5a', '#b8453f'] },
          };
          const value = {
            field: 'growth',
            type: 'quantitative',
            title: 'growth',
            axis: { format: '~%', tickCount: 5 },
          };
          return narrow
            ? {
                height: { step: 22 },
                data: { values: growth },
                mark: 'bar',
                encoding: {
                  y: { field: 'label', type: 'ordinal', sort: null, axis: monthAxis(true) },
                  x: value,
                  color: sign,
                },
              }
            : {
                height: 170,
                data: { values: growth },
                mark: 'bar',
                encoding: {
                  x: { field: 'label', type: 'ordinal', sort: null, axis: monthAxis(false) },
                  y: value,
                  color: sign,
                },
              };
        },
      )
    : ''
}
${table('Monthly figures', ['month', 'revenue', 'orders', 'customers', 'average order', 'vs month before', 'vs same month last year'], rows)}
${await chart(
  'revenue-by-country',
  'Revenue by country (top 10)',
  'Horizontal bar chart of revenue by country.',
  () => ({
    height: { step: 20 },
    data: { values: s.byCountry.slice(0, 10) },
    mark: { type: 'bar', color: '#3f9d5a' },
    encoding: {
      y: { field: 'country', type: 'nominal', sort: '-x', axis: { title: null } },
      x: { field: 'revenue', type: 'quantitative', axis: { ...moneyAxis(true), tickCount: 3 } },
    },
  }),
)}
${await chart(
  'top-products',
  'Best-selling products by revenue (top 10)',
  'Horizontal bar chart of the ten products with the most revenue; postage, fees and other non-product lines are left out.',
  (_w, narrow) => ({
    height: { step: narrow ? 30 : 22 },
    data: { values: products.map((p) => ({ ...p, label: wrapLabel(p.name, narrow ? 20 : 40).join('|') })) },
    mark: { type: 'bar', color: '#7d5ba6' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: '-x', axis: { title: null, labelExpr: LINES } },
      x: { field: 'revenue', type: 'quantitative', axis: { ...moneyAxis(true), tickCount: 3 } },
    },
  }),
)}
${table(
  'Best-selling products (postage, fees and other non-product lines left out)',
  ['product', 'stock code', 'revenue', 'units'],
  s.topProducts.map((p) => [p.description || p.stockCode, p.stockCode, money.whole(p.revenue), num(p.quantity)]),
  { numeric: [2, 3] },
)}
</section>`;
}
