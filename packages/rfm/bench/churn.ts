/**
 * Churn and customer-value bench: `evaluateCustomerValue` on the UCI Online Retail data (cleaning's revenue view),
 * at the cut-offs — the 1st of each month 2011-03-01 … 2011-09-01 and 2011-09-10 — with a 90-day horizon
 * (purchase days). Prints, per cut-off and as the mean over the cut-offs, the MAE of purchase counts and revenue,
 * churn AUC and Brier for every model, the wall time of the whole evaluation, and the targets against the
 * best baseline. Dated runs: bench/RESULTS.md.
 *
 * Run: npx tsx --tsconfig tsconfig.json packages/rfm/bench/churn.ts
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateCustomerValue, type ValueEvaluation } from '@retailkit/rfm';

const DATA =
  process.env.RFM_BENCH_DATA ??
  fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
if (!existsSync(DATA)) {
  console.log(`rfm churn bench: ${DATA} not found; skipped.`);
  process.exit(0);
}
const CUTOFFS = [
  '2011-03-01',
  '2011-04-01',
  '2011-05-01',
  '2011-06-01',
  '2011-07-01',
  '2011-08-01',
  '2011-09-01',
  '2011-09-10',
];

const { readCsv } = await import('@retailkit/connectors');
const { clean } = await import('@retailkit/cleaning');
const { frame } = await readCsv(DATA);
const revenue = clean(frame).views.revenue;
const t0 = performance.now();
const report = evaluateCustomerValue(revenue, { cutoffs: CUTOFFS, horizon: 90 });
const ms = performance.now() - t0;

const f = (v: number | null, d = 3) => (v === null ? '—' : v.toFixed(d)).padStart(9);
const row = (
  label: string,
  e: Pick<ValueEvaluation, 'model' | 'countMae' | 'revenueMae' | 'churnAuc' | 'churnBrier'>,
) =>
  console.log(
    `${label.padEnd(11)} ${e.model.padEnd(13)}${f(e.countMae)}${f(e.revenueMae, 1)}${f(e.churnAuc)}${f(e.churnBrier)}`,
  );
console.log(
  `churn/CLV evaluation — UCI Online Retail, revenue view, horizon ${report.horizonDays} days (${report.unit}), ${CUTOFFS.length} cut-offs`,
);
console.log(`cut-off     model         countMAE revenueMAE  churnAUC  Brier`);
for (const e of report.evaluations) row(e.cutoff, e);
for (const m of report.mean) row('mean', m);
// the same means over the cut-offs where every model has a row (gbt needs an earlier training window)
const common = [...new Set(report.evaluations.filter((e) => e.model === 'gbt').map((e) => e.cutoff))];
const models = [...new Set(report.evaluations.map((e) => e.model))];
const mean = (rows: ValueEvaluation[], k: 'countMae' | 'revenueMae' | 'churnAuc' | 'churnBrier') =>
  rows.some((r) => r[k] === null) ? null : rows.reduce((s, r) => s + (r[k] as number), 0) / rows.length;
for (const model of models) {
  const rows = report.evaluations.filter((e) => e.model === model && common.includes(e.cutoff));
  row('common', {
    model,
    countMae: mean(rows, 'countMae'),
    revenueMae: mean(rows, 'revenueMae'),
    churnAuc: mean(rows, 'churnAuc'),
    churnBrier: mean(rows, 'churnBrier'),
  });
}
console.log(`common = the ${common.length} cut-offs where gbt has a training window: ${common.join(' ')}`);
console.log(
  `skipped: ${report.skipped.length ? JSON.stringify(report.skipped) : 'none'}; models skipped: ${JSON.stringify(report.modelsSkipped)}`,
);
console.log(`fitting and evaluating every cut-off: ${(ms / 1000).toFixed(2)} s wall (target < 10 s)`);
const best = (k: 'countMae' | 'revenueMae') =>
  Math.min(...report.mean.filter((m) => m[k] !== null).map((m) => m[k] as number));
const bg = report.mean.find((m) => m.model === 'bg-nbd');
console.log(
  `best baseline, mean over cut-offs: count MAE ${best('countMae').toFixed(3)}, revenue MAE ${best('revenueMae').toFixed(1)}; BG/NBD churn AUC ${bg?.churnAuc?.toFixed(3)}, Brier ${bg?.churnBrier?.toFixed(4)} — the targets for a selected model: ≥ 10 % lower MAEs, AUC ≥ BG/NBD + 0.03 with a lower Brier`,
);
