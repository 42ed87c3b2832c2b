import { renderSvg } from './charts.js';
import type { SalesSummary } from './sales.js';

/** Everything the report shows; each section is optional except the sales overview. */
export interface ReportInput {
  title: string;
  source: string;
  generatedAt: string;
  rows: number;
  sales: SalesSummary;
  quality?: Record<string, unknown>;
  segments?: Record<string, unknown>;
  rules?: Record<string, unknown>;
  forecast?: Record<string, unknown>;
  /** Daily actuals shown before the forecast (the last weeks of the series the forecast was fitted on). */
  actuals?: { ds: string; y: number }[];
  /** Steps of the run that could not run on this data, with the error's code and message (their sections are absent). */
  skipped?: { step: string; code: string; message: string }[];
}

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const money = (v: number) => `£${Math.round(v).toLocaleString('en-GB')}`;
const num = (v: unknown, digits = 3) =>
  typeof v === 'number' && Number.isFinite(v) ? String(+v.toFixed(digits)) : esc(v);
const pct = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

function tableHtml(header: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? num(c) : esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

async function chart(id: string, title: string, spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const svg = await renderSvg(spec);
  return `<figure class="chart" data-chart="${id}"><figcaption>${esc(title)}</figcaption>${svg}</figure>`;
}

const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);

/**
 * Render the single self-contained `report.html`: charts are inline SVG rendered on the server with
 * Vega-Lite; no scripts, fonts or images are fetched when it is viewed.
 */
export async function renderReport(input: ReportInput): Promise<string> {
  const s = input.sales;
  const parts: string[] = [];
  parts.push(`<section id="overview"><h2>Sales overview</h2>
<div class="kpis">
<div><b>${money(s.revenue)}</b><span>revenue</span></div>
<div><b>${s.orders.toLocaleString('en-GB')}</b><span>orders</span></div>
<div><b>${s.customers.toLocaleString('en-GB')}</b><span>identified customers</span></div>
<div><b>${input.rows.toLocaleString('en-GB')}</b><span>rows read</span></div>
</div>
${await chart('monthly-revenue', 'Monthly revenue', {
  width: 640,
  height: 220,
  data: { values: s.monthly },
  mark: { type: 'bar', color: '#2f6db5' },
  encoding: {
    x: { field: 'month', type: 'ordinal', title: null },
    y: { field: 'revenue', type: 'quantitative', title: 'revenue (£)' },
    tooltip: [{ field: 'month' }, { field: 'revenue', format: ',.0f' }],
  },
})}
${await chart('monthly-growth', 'Month-over-month revenue growth', {
  width: 640,
  height: 160,
  data: { values: s.monthly.filter((m) => m.growth !== null) },
  mark: { type: 'line', point: true, color: '#e07b39' },
  encoding: {
    x: { field: 'month', type: 'ordinal', title: null },
    y: { field: 'growth', type: 'quantitative', title: 'growth', axis: { format: '%' } },
  },
})}
${tableHtml(
  ['month', 'revenue', 'orders', 'growth'],
  s.monthly.map((m) => [m.month, money(m.revenue), m.orders, pct(m.growth)]),
)}
${await chart('revenue-by-country', 'Revenue by country', {
  width: 520,
  height: { step: 16 } as never,
  data: { values: s.byCountry },
  mark: { type: 'bar', color: '#3f9d5a' },
  encoding: {
    y: { field: 'country', type: 'nominal', sort: '-x', title: null },
    x: { field: 'revenue', type: 'quantitative', title: 'revenue (£)' },
  },
})}
${await chart('top-products', 'Top products by revenue', {
  width: 520,
  height: { step: 16 } as never,
  data: { values: s.topProducts.map((p) => ({ ...p, label: `${p.stockCode} ${p.description}`.slice(0, 40) })) },
  mark: { type: 'bar', color: '#7d5ba6' },
  encoding: {
    y: { field: 'label', type: 'nominal', sort: '-x', title: null },
    x: { field: 'revenue', type: 'quantitative', title: 'revenue (£)' },
  },
})}
</section>`);

  if (input.skipped?.length)
    parts.push(`<section id="skipped"><h2>Skipped steps</h2>
<p class="note">These steps could not run on this data; their sections are left out.</p>
${tableHtml(
  ['step', 'code', 'reason'],
  input.skipped.map((k) => [k.step, k.code, k.message]),
)}
</section>`);
  if (input.quality) parts.push(qualitySection(input.quality));
  if (input.segments) parts.push(await segmentsSection(input.segments));
  if (input.rules) parts.push(await rulesSection(input.rules));
  if (input.forecast) parts.push(await forecastSection(input.forecast, input.actuals ?? []));

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3b5c;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.8;font-size:13px}
main{max-width:1100px;margin:0 auto;padding:8px 28px 40px}section{background:#fff;border:1px solid #e5e5e5;border-radius:8px;padding:12px 20px;margin:18px 0}
h2{font-size:18px;margin:6px 0 12px}figure{margin:12px 0}figcaption{font-weight:600;font-size:13px;margin-bottom:4px}
table{border-collapse:collapse;font-size:12px;margin:8px 0;width:100%}th,td{border-bottom:1px solid #eee;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
.kpis{display:flex;gap:16px;flex-wrap:wrap}.kpis div{background:#f3f6fa;border-radius:6px;padding:10px 16px}.kpis b{display:block;font-size:20px}.kpis span{font-size:12px;color:#555}
.note{font-size:12px;color:#666}
</style></head>
<body><header><h1>${esc(input.title)}</h1><p>${esc(input.source)} · generated ${esc(input.generatedAt)}</p></header>
<main>
${parts.join('\n')}
</main></body></html>
`;
}

function qualitySection(q: Record<string, unknown>): string {
  const rules = q.rules && typeof q.rules === 'object' ? Object.entries(q.rules as Record<string, unknown>) : [];
  const ruleRows = rules.map(([id, v]) => {
    const o = (v && typeof v === 'object' ? v : { count: v }) as Record<string, unknown>;
    return [id, o.count ?? o.rows ?? '', o.description ?? o.title ?? ''];
  });
  const steps = arr(q.steps).map((st) => [st.id, st.rowsAfter]);
  return `<section id="quality"><h2>Data quality</h2>
<p>${num(q.rowsIn, 0)} rows in → ${num(q.rowsKept, 0)} kept, ${num(q.rowsQuarantined, 0)} quarantined (every row accounted for).</p>
${ruleRows.length ? `<h3>Rules</h3>${tableHtml(['rule', 'rows', 'what'], ruleRows)}` : ''}
${steps.length ? `<h3>Steps that remove rows</h3>${tableHtml(['step', 'rows after'], steps)}` : ''}
</section>`;
}

async function segmentsSection(seg: Record<string, unknown>): Promise<string> {
  const clusters = arr(seg.clusters);
  const expl = (seg.explanation ?? {}) as Record<string, unknown>;
  const rules = arr(expl.rules);
  const sizes = clusters.map((c, k) => ({
    name: String(c.name ?? c.label ?? `segment ${k}`),
    size: Number(c.size ?? 0),
  }));
  return `<section id="segments"><h2>Customer segments</h2>
<p>${num(seg.customers, 0)} customers, k = ${num(seg.k, 0)}, silhouette ${num(seg.silhouette)}; the decision tree reproduces the clusters with accuracy ${num(expl.accuracy)} and macro-F1 ${num(expl.macroF1)}.</p>
${await chart('segment-sizes', 'Segment sizes', {
  width: 520,
  height: { step: 22 } as never,
  data: { values: sizes },
  mark: { type: 'bar', color: '#2f6db5' },
  encoding: {
    y: { field: 'name', type: 'nominal', sort: '-x', title: null },
    x: { field: 'size', type: 'quantitative', title: 'customers' },
  },
})}
${tableHtml(
  ['segment', 'customers', 'share of revenue', 'churn risk'],
  clusters.map((c, k) => [
    c.name ?? `segment ${k}`,
    c.size ?? '',
    pct(c.revenueShare ?? c.shareOfRevenue),
    c.churnRisk === undefined
      ? c.meanProbabilityAlive === undefined
        ? '–'
        : pct(1 - Number(c.meanProbabilityAlive))
      : pct(c.churnRisk),
  ]),
)}
${
  rules.length
    ? `<h3>What sets each segment apart</h3>${tableHtml(
        ['rule', 'covers', 'precision'],
        rules.map((r) => [String(r.text ?? ''), pct(r.coverage), pct(r.precision)]),
      )}`
    : ''
}
</section>`;
}

async function rulesSection(r: Record<string, unknown>): Promise<string> {
  const rules = arr(r.rules).slice(0, 200);
  const label = (v: unknown) => (Array.isArray(v) ? v.join(' + ') : String(v));
  const top = rules.slice(0, 15);
  return `<section id="rules"><h2>Association rules</h2>
<p>${num(r.baskets, 0)} baskets, ${num(r.items, 0)} items, ${num(r.itemsets, 0)} frequent itemsets, ${arr(r.rules).length} rules.</p>
${await chart('rules-scatter', 'Rules: support vs confidence (size = lift)', {
  width: 520,
  height: 260,
  data: {
    values: rules.map((x) => ({
      support: x.support,
      confidence: x.confidence,
      lift: x.lift,
      rule: `${label(x.antecedents)} → ${label(x.consequents)}`,
    })),
  },
  mark: { type: 'circle', opacity: 0.6, color: '#b8453f' },
  encoding: {
    x: { field: 'support', type: 'quantitative' },
    y: { field: 'confidence', type: 'quantitative' },
    size: { field: 'lift', type: 'quantitative' },
    tooltip: [{ field: 'rule' }, { field: 'lift', format: '.2f' }],
  },
})}
${tableHtml(
  ['if the basket holds', 'it also holds', 'support', 'confidence', 'lift'],
  top.map((x) => [label(x.antecedents), label(x.consequents), pct(x.support), pct(x.confidence), x.lift]),
)}
</section>`;
}

async function forecastSection(fc: Record<string, unknown>, actuals: { ds: string; y: number }[]): Promise<string> {
  const forecasts = arr(fc.forecasts);
  const evals = arr(fc.evaluations);
  const selected = (fc.selected ?? {}) as Record<string, unknown>;
  const series = arr(fc.series);
  const pointRows: Record<string, unknown>[] = actuals.map((a) => ({ ds: a.ds, value: a.y, kind: 'actual' }));
  const actual = series.find((s) => s.id === selected.series) ?? series[0];
  if (pointRows.length === 0 && actual && Array.isArray(actual.ds) && Array.isArray(actual.y))
    for (const [i, d] of (actual.ds as unknown[]).entries())
      pointRows.push({ ds: d, value: (actual.y as number[])[i], kind: 'actual' });
  const intervals = (fc.intervals ?? {}) as Record<string, unknown>;
  for (const f of forecasts) {
    if (selected.series !== undefined && f.series !== undefined && f.series !== selected.series) continue;
    pointRows.push({
      ds: f.ds,
      value: f.yhat ?? f.value ?? f.forecast,
      lo: f.lo ?? f.lower,
      hi: f.hi ?? f.upper,
      kind: 'forecast',
    });
  }
  const hasBand = pointRows.some((p) => p.lo !== undefined && p.lo !== null);
  return `<section id="forecast"><h2>Demand forecast</h2>
<p>Selected model: <b>${esc(selected.model)}</b> for ${esc(selected.series)} — ${esc(selected.reason)}</p>
${intervals.level !== undefined ? `<p class="note">Intervals: ${pct(intervals.level)} level, ${esc(intervals.method)}; coverage on the test window ${pct(intervals.testCoverage)}.</p>` : ''}
${await chart('forecast', 'Forecast against actuals (band: prediction interval)', {
  width: 700,
  height: 240,
  data: { values: pointRows },
  layer: [
    ...(hasBand
      ? [
          {
            mark: { type: 'area' as const, opacity: 0.2, color: '#e07b39' },
            transform: [{ filter: "datum.kind === 'forecast'" }],
            encoding: {
              x: { field: 'ds', type: 'temporal' as const, title: null },
              y: { field: 'lo', type: 'quantitative' as const },
              y2: { field: 'hi' },
            },
          },
        ]
      : []),
    {
      mark: { type: 'line' as const },
      encoding: {
        x: { field: 'ds', type: 'temporal' as const, title: null },
        y: { field: 'value', type: 'quantitative' as const, title: 'demand' },
        color: { field: 'kind', type: 'nominal' as const, title: null },
      },
    },
  ],
} as never)}
${tableHtml(
  ['series', 'model', 'window', 'horizon', 'RMSE', 'MAE', 'MAPE', 'WAPE', 'leaky'],
  evals.map((e) => [
    e.series,
    e.model,
    e.window,
    e.horizon,
    e.rmse,
    e.mae,
    pct(e.mape),
    pct(e.wape),
    e.leaky ? 'yes (uses the test window)' : '',
  ]),
)}
<p class="note">MAPE and WAPE are fractions shown as percentages. A leaky row is the original project's baseline, which peeks at the test window; it is shown for comparison only.</p>
</section>`;
}
