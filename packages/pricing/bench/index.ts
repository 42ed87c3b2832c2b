/**
 * Pricing bench on the real UCI Online Retail data: identified products (target ≥ 100), fit time (target < 2 s),
 * and the held-out price-change validation beside its baselines.
 *
 *   npx tsx --tsconfig tsconfig.json packages/pricing/bench/index.ts [--runs 5]
 *
 * Input: the `modeling` view of `clean` (no cancellation, price and quantity > 0, products, no outliers). The fit
 * is timed from lines to `{ model, report }` (price history, regression, pooling, artifact), median of the runs.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { clean } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { fitElasticity, recommendPrices, validatePriceChanges } from '@retailkit/pricing';

// the real data beside the checkout (../shared), or at its shared location when run from a worktree elsewhere
const DATA =
  [
    fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url)),
    '/work/shared/data/online-retail/online_retail.csv.gz',
  ].find((p) => existsSync(p)) ?? '';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  if (DATA === '') {
    console.log('pricing bench: the UCI Online Retail file is absent; skipped.');
    return;
  }
  const runs = arg('runs', 5);
  console.log(
    `pricing bench: ${cpus().length} cpus, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const lines = clean((await readCsv(DATA)).frame).views.modeling;
  console.log(`  lines (modeling view): ${lines.length}`);
  const ms: number[] = [];
  let fit = fitElasticity(lines);
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fit = fitElasticity(lines);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const { report, model } = fit;
  const c = report.counts;
  console.log(`  fitElasticity: median ${ms[ms.length >> 1].toFixed(0)} ms of ${runs} (min ${ms[0].toFixed(0)})`);
  console.log(
    `  products ${c.products}, with list-price variation ${c.withPriceVariation}, identified ${c.identified}, significantly < 0 ${c.significantlyNegative}`,
  );
  console.log(
    `  regression: ${report.regression.rows} product-weeks, residual SD ${report.regression.sigma.toFixed(3)}`,
  );
  console.log(
    `  tier elasticity (pooled): ${report.tier.elasticity?.toFixed(3)} ± ${report.tier.stdError?.toFixed(3)}`,
  );
  const t0 = performance.now();
  const v = validatePriceChanges(lines);
  const vms = performance.now() - t0;
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  console.log(
    `  validation (last ${v.holdoutWeeks} weeks held out, cut-off ${v.cutoff}, ${vms.toFixed(0)} ms): ${v.changes.length} changes scored, skipped ${JSON.stringify(v.skipped)}`,
  );
  console.log(
    `    MAE of the change in mean ln weekly quantity: model ${f(v.mae.model)}, seasonal ${f(v.mae.seasonal)}, no price effect ${f(v.mae.noPriceEffect)}`,
  );
  const e = v.elasticities;
  console.log(
    `    training fit: identified ${e.identified}, significantly < 0 ${e.significantlyNegative} (${f(e.shareSignificantlyNegative)}), quantiles ${e.quantiles.map((q) => `${q.q}: ${q.value.toFixed(2)}`).join(', ')}`,
  );
  const recs = recommendPrices(model, { costRatio: 0.6 });
  const moved = recs.filter((r) => r.flag === null);
  const flags = new Map<string, number>();
  for (const r of recs) if (r.flag) flags.set(r.flag, (flags.get(r.flag) ?? 0) + 1);
  console.log(`  recommendations: ${moved.length} price moves, flags ${JSON.stringify(Object.fromEntries(flags))}`);
}

await main();
