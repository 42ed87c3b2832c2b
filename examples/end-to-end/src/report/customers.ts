import { chart } from './charts.js';
import { arr, esc, finite, type Money, num, pct, table } from './format.js';
import { wrapLabel } from './overview.js';

/**
 * One suggested action per RFM-grid segment name (the part before ":" of rfm's segment names); the outlier
 * segment gets a review, an unknown name a generic next step.
 */
export const SEGMENT_ACTIONS: Readonly<Record<string, string>> = {
  Champions: 'Reward them: early access to new lines and thank-you perks; no discounts needed.',
  'Loyal regulars': 'Keep them close: loyalty perks and recommendations of related products.',
  'New customers': 'Welcome series, with an incentive for a second order within 30 days.',
  Promising: 'Nudge a repeat order with recommendations based on their first baskets.',
  'Loyal big spenders': 'Look after the account: volume pricing and priority service.',
  'Loyal, cooling': 'Check in with a reminder of their usual products before they lapse.',
  'About to sleep': 'A time-limited offer on best sellers to win a second order.',
  'Need attention': 'Reactivate with a personal offer built on what they bought before.',
  "Can't lose them": 'Reach out personally now: ask why they stopped and offer a win-back deal.',
  'At risk': 'Win-back campaign with a meaningful incentive.',
  Hibernating: 'Low-cost reactivation only (newsletter, seasonal offer).',
  Lost: 'Leave out of paid campaigns; one last win-back email at most.',
  Outliers: 'Review these accounts one by one: wholesalers, resellers or data to check.',
};

/** The suggested action for a segment name. */
export function segmentAction(name: string): string {
  const base = name
    .split(':')[0]
    .replace(/ \(\d+\)$/, '')
    .trim();
  return SEGMENT_ACTIONS[base] ?? 'Look at what sets this segment apart before targeting it.';
}

/** A churn probability as a percentage; "<0.1%" for a positive value that would round to 0.0%. */
const churnPct = (v: unknown) => (typeof v === 'number' && v > 0 && v < 0.0005 ? '<0.1%' : pct(v));

/** Section 2, "Who are our customers": segments with size, revenue share, churn, value, an action, and rules. */
export async function customersSection(seg: Record<string, unknown>, money: Money): Promise<string> {
  const clusters = arr(seg.clusters);
  const churn = (seg.churn ?? undefined) as Record<string, unknown> | undefined;
  const horizon = finite(churn?.horizon) ?? 90;
  const expl = (seg.explanation ?? {}) as Record<string, unknown>;
  const rules = arr(expl.rules);
  const outliers = ((seg.selection as Record<string, unknown> | undefined)?.outliers ?? {}) as Record<string, unknown>;
  const valueModel = typeof seg.valueModel === 'string' ? seg.valueModel : undefined;
  const model = valueModel?.startsWith('customer-value')
    ? `the ${valueModel} model (gradient-boosted trees on purchase history blended with BG/NBD; churn risk = chance of no purchase), next ${num(horizon)} days`
    : churn
      ? `BG/NBD (churn risk = chance of no purchase, expected purchases) and Gamma-Gamma (spend), next ${num(horizon)} days`
      : '';
  const cards = clusters.map((c) => {
    const name = String(c.name ?? `segment ${c.id}`);
    return `<article class="segment" data-segment="${esc(name)}"><h3>${esc(name)}</h3>
<dl>
<div><dt>customers</dt><dd class="size">${num(c.size)} (${pct(c.share)})</dd></div>
<div><dt>share of revenue</dt><dd class="revenue-share">${pct(c.revenueShare)}</dd></div>
<div><dt>churn risk</dt><dd class="churn">${churnPct(c.pChurn)}</dd></div>
<div><dt>expected purchases, ${num(horizon)} days</dt><dd class="purchases">${num(c.expectedPurchases, 2)}</dd></div>
<div><dt>CLV per customer, ${num(horizon)} days</dt><dd class="clv">${money.whole(c.clv)}</dd></div>
</dl>
<p class="action"><b>Suggested action:</b> ${esc(segmentAction(name))}</p></article>`;
  });
  const threshold = finite(outliers.threshold);
  const outlierNote =
    finite(outliers.count) && threshold !== undefined
      ? `<p class="note">"Outliers" are the ${num(outliers.count)} customers who lie beyond ±${num(threshold)} robust-scaled units (after a signed log1p) on at least one feature; they are kept out of the clustering and shown as their own segment.</p>`
      : '';
  const sizes = clusters.map((c) => ({
    name: String(c.name ?? ''),
    customers: finite(c.share) ?? 0,
    revenue: finite(c.revenueShare) ?? 0,
  }));
  const long = sizes.flatMap((x) => [
    { name: x.name, measure: 'share of customers', value: x.customers },
    { name: x.name, measure: 'share of revenue', value: x.revenue },
  ]);
  return `<section id="who-are-our-customers" aria-labelledby="h-who"><h2 id="h-who">Who are our customers?</h2>
<p class="lead">${num(seg.customers)} identified customers in ${num(clusters.length)} segments, named from an RFM grid (how recently, how often and how much they buy).${
    model
      ? ` Churn risk, expected purchases and CLV are model estimates: ${esc(model)}. Churn risk is the chance that a customer buys nothing in that period.`
      : esc(seg.churnSkipped ?? ' Churn models were not fitted.')
  }</p>
<div class="segments">${cards.join('\n')}</div>
${outlierNote}
${await chart(
  'segment-sizes',
  'Share of customers and of revenue by segment',
  'Grouped bar chart of each segment’s share of customers and share of revenue.',
  (_w, narrow) => ({
    height: { step: 16 },
    data: { values: long.map((x) => ({ ...x, label: wrapLabel(x.name, narrow ? 16 : 34).join('|') })) },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, axis: { title: null, labelExpr: "split(datum.label, '|')" } },
      yOffset: { field: 'measure' },
      x: { field: 'value', type: 'quantitative', axis: { format: '~%', title: null, tickCount: 4 } },
      color: {
        field: 'measure',
        type: 'nominal',
        title: null,
        legend: { orient: 'top', direction: narrow ? 'vertical' : 'horizontal' },
      },
    },
  }),
)}
${
  rules.length
    ? `<h3>What sets each segment apart</h3>
<p class="note">A decision tree reproduces the segments (holdout accuracy ${pct(expl.accuracy)}); each segment is described by at most three rules of at most three conditions. "Covers" is the share of the segment's customers the rule matches, "precision" the share of matched customers who are in the segment.</p>
${table(
  'Rules that describe the segments',
  ['segment', 'rule', 'covers', 'precision'],
  rules.map((r) => [
    String(clusters.find((c) => c.id === r.segment)?.name ?? r.name ?? ''),
    {
      html: `<span class="rule" data-conditions="${Array.isArray(r.conditions) ? r.conditions.length : 0}">${esc(r.text)}</span>`,
    },
    pct(r.coverage),
    pct(r.precision),
  ]),
  { numeric: [2, 3] },
)}`
    : ''
}
</section>`;
}
