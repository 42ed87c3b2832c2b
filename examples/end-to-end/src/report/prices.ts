import { chart } from './charts.js';
import { arr, esc, finite, type Money, num, pct, signedPct, table } from './format.js';

/** Products shown in the table of the largest expected revenue gains. */
const TOP_GAINS = 10;

/** Why products keep their price, by `recommendPrices`' flag. */
const flagText = (flag: string, weeks: number): string | undefined =>
  flag === 'not-significantly-negative'
    ? 'elasticity not significantly below zero'
    : flag === 'recent-change'
      ? `list price changed in the last ${num(weeks)} weeks`
      : undefined;

/** A signed number with a true minus sign ("−2.22"). */
const signed = (v: number, digits: number) => num(v, digits).replace(/^-/, '−');

/** An identified product of `pricing.json` with its numbers. */
interface PricedProduct {
  stockCode: string;
  name: string;
  listPrice: number;
  elasticity: number;
  stdError: number;
  recommendedPrice: number;
  expectedRevenueChange: number;
}

function identifiedProducts(pricing: Record<string, unknown>): PricedProduct[] {
  return arr(pricing.products).flatMap((p) => {
    const [listPrice, elasticity, stdError, recommendedPrice, change] = [
      finite(p.listPrice),
      finite(p.elasticity),
      finite(p.stdError),
      finite(p.recommendedPrice),
      finite(p.expectedRevenueChange),
    ];
    if (p.identified !== true || listPrice === undefined || elasticity === undefined || stdError === undefined)
      return [];
    if (recommendedPrice === undefined || change === undefined) return [];
    const stockCode = String(p.stockCode);
    const name = typeof p.description === 'string' && p.description !== '' ? p.description : stockCode;
    return [{ stockCode, name, listPrice, elasticity, stdError, recommendedPrice, expectedRevenueChange: change }];
  });
}

/**
 * Section "Prices" (after "What will we sell"), from `pricing.json`: how many products have an identified own-price
 * elasticity and how many lie significantly below zero, their distribution, the products with the largest expected
 * weekly revenue gain at the recommended price (named by description), the held-out validation beside its
 * baselines, and what-if curves (expected weekly revenue against candidate price within the guardrails).
 */
export async function pricesSection(pricing: Record<string, unknown>, money: Money): Promise<string> {
  const counts = (pricing.counts ?? {}) as Record<string, unknown>;
  const rule = (pricing.rule ?? {}) as Record<string, unknown>;
  const level = finite(pricing.level) ?? 0.95;
  const z = finite(pricing.z) ?? 1.959963984540054;
  const guardrail = finite(pricing.guardrail) ?? 0.1;
  const minWeeks = finite(pricing.minWeeksBetweenChanges) ?? 8;
  const products = identifiedProducts(pricing);
  const significant = products.filter((p) => p.elasticity + z * p.stdError < 0);
  const gains = products
    .filter((p) => p.expectedRevenueChange > 0)
    .sort((a, b) => b.expectedRevenueChange - a.expectedRevenueChange)
    .slice(0, TOP_GAINS);
  const recs = (pricing.recommendations ?? {}) as Record<string, unknown>;
  const flags = Object.entries((recs.flags ?? {}) as Record<string, unknown>).flatMap(([f, n]) => {
    const text = flagText(f, minWeeks);
    return text !== undefined && finite(n) !== undefined ? [`${num(n)}: ${text}`] : [];
  });
  const moved = finite(recs.moved) ?? 0;
  const validation = (pricing.validation ?? {}) as Record<string, unknown>;
  const mae = (validation.mae ?? {}) as Record<string, unknown>;
  const scored = arr(validation.changes).length;
  const whatIf = arr(pricing.whatIf).filter((w) => arr(w.points).length > 1);
  const amount = (v: number) => (Math.abs(v) >= 100 ? money.whole(v) : money.exact(v));
  const strip = products.map((p) => ({
    product: p.name,
    elasticity: p.elasticity,
    kind: p.elasticity + z * p.stdError < 0 ? 'significantly below zero' : 'not significant',
  }));
  const curves = await Promise.all(whatIf.map((w, i) => whatIfChart(w, i, money)));
  return `<section id="prices" aria-labelledby="h-prices"><h2 id="h-prices">Prices: what should we charge?</h2>
<p class="lead"><b class="identified">${num(counts.identified ?? products.length)}</b> of ${num(counts.products)} products have an identified own-price elasticity
(at least ${num(rule.minChanges)} list-price changes and ${num(rule.minWeeks)} selling weeks); <b class="significant">${num(counts.significantlyNegative ?? significant.length)}</b>
of them lie significantly below zero (${pct(level)} interval). The elasticity is the percentage change in weekly units for a 1% higher list price,
with trend and season held apart. The other products get no number.</p>
${
  strip.length
    ? await chart(
        'elasticities',
        'Own-price elasticities of the identified products',
        `Strip chart of ${strip.length} identified own-price elasticities, coloured by whether each is significantly below zero.`,
        (_w, narrow) => ({
          height: narrow ? 70 : 60,
          data: { values: strip },
          mark: { type: 'tick', thickness: 2, size: narrow ? 28 : 24 },
          encoding: {
            x: {
              field: 'elasticity',
              type: 'quantitative',
              scale: { zero: true, nice: true },
              axis: { title: 'elasticity (% change in units per 1% price)', tickCount: narrow ? 4 : 8 },
            },
            color: {
              field: 'kind',
              type: 'nominal',
              title: null,
              scale: { domain: ['significantly below zero', 'not significant'], range: ['#2f6db5', '#e07b39'] },
              legend: { orient: 'top', direction: narrow ? 'vertical' : 'horizontal' },
            },
          },
        }),
      )
    : ''
}
<h3>Where a new price would raise revenue</h3>
<p class="note">The revenue-maximising price within ±${num(guardrail * 100)}% of the list price, with the change in expected weekly revenue. ${num(moved)} ${moved === 1 ? 'product would move' : 'products would move'}${
    flags.length ? `; the other identified products keep their price (${esc(flags.join('; '))})` : ''
  }.</p>
${
  gains.length
    ? table(
        'Largest expected weekly revenue gains from the recommended price',
        ['product', 'list price', 'recommended', 'change', 'elasticity', 'weekly revenue gain'],
        gains.map((p) => [
          { html: `<span class="product" title="stock code ${esc(p.stockCode)}">${esc(p.name)}</span>` },
          money.exact(p.listPrice),
          money.exact(p.recommendedPrice),
          signedPct(p.recommendedPrice / p.listPrice - 1),
          `${signed(p.elasticity, 2)} ± ${num(z * p.stdError, 2)}`,
          { html: esc(`+${amount(p.expectedRevenueChange)}`), className: 'gain' },
        ]),
      )
    : '<p>No product would gain revenue from a price move within the guardrails on this data.</p>'
}
<p class="note">Held-out check: on ${num(scored)} list-price changes in the last ${num(validation.holdoutWeeks)} weeks (the model refitted without them), the mean absolute error of the predicted change in log weekly units was ${num(mae.model, 2)}, against ${num(mae.noPriceEffect, 2)} for "price has no effect" and ${num(mae.seasonal, 2)} for the seasonal baseline.</p>
${
  curves.length
    ? `<h3>What if we charged…</h3>
<p class="note">Expected weekly revenue against candidate prices within the guardrails, with its ${pct(level)} interval from the elasticity's uncertainty; the dashed line marks today's list price.</p>
${curves.join('\n')}`
    : ''
}
</section>`;
}

/** One product's what-if curve: expected weekly revenue (and its interval) against candidate price. */
function whatIfChart(w: Record<string, unknown>, i: number, money: Money): Promise<string> {
  const name = typeof w.description === 'string' && w.description !== '' ? w.description : String(w.stockCode);
  const points = arr(w.points).map((p) => ({
    price: finite(p.price),
    revenue: finite(p.revenue),
    lo: finite(p.revenueLow),
    hi: finite(p.revenueHigh),
  }));
  const list = finite(w.listPrice);
  const rec = finite(w.recommendedPrice);
  const priceAxis = `${JSON.stringify(money.symbol)} + format(datum.value, '.2f')`;
  return chart(
    `what-if-${i + 1}`,
    `${name}: list price ${money.exact(list)}${rec !== undefined && rec !== list ? `, recommended ${money.exact(rec)}` : ''}`,
    `Line chart of ${name}'s expected weekly revenue against its price, from ${money.exact(points[0].price)} to ${money.exact(points.at(-1)?.price)}, with its interval.`,
    (_w, narrow) => ({
      height: narrow ? 150 : 140,
      data: { values: points },
      layer: [
        {
          mark: { type: 'area', opacity: 0.2, color: '#2f6db5' },
          encoding: {
            x: { field: 'price', type: 'quantitative' },
            y: { field: 'lo', type: 'quantitative', scale: { zero: false } },
            y2: { field: 'hi' },
          },
        },
        ...(list === undefined
          ? []
          : [
              {
                data: { values: [{ price: list }] },
                mark: { type: 'rule', color: '#6b6b6b', strokeDash: [4, 3] },
                encoding: { x: { field: 'price', type: 'quantitative' } },
              },
            ]),
        {
          mark: { type: 'line', strokeWidth: 1.5, color: '#2f6db5', point: true },
          encoding: {
            x: {
              field: 'price',
              type: 'quantitative',
              scale: { zero: false, nice: false },
              axis: { title: 'price', labelExpr: priceAxis, tickCount: narrow ? 3 : 6 },
            },
            y: {
              field: 'revenue',
              type: 'quantitative',
              scale: { zero: false },
              axis: { title: 'weekly revenue', labelExpr: money.axisExpr, tickCount: 4 },
            },
          },
        },
      ],
    }),
  );
}
