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
for (const s of report.selection)
  console.log(
    `selection at ${s.cutoff}: ${s.model} (blend weights on the GBT: count ${s.blend.count}, revenue ${s.blend.revenue}, churn ${s.blend.churn}) — ${s.reason}`,
  );
console.log(`selected at the data's end: ${JSON.stringify(report.selected)}`);
console.log(`fitting and evaluating every cut-off: ${(ms / 1000).toFixed(2)} s wall (target < 10 s)`);
// the targets on the cut-offs where the selected model has a row, against the baselines on the same cut-offs
const onCommon = (model: string, k: 'countMae' | 'revenueMae' | 'churnAuc' | 'churnBrier') =>
  mean(
    report.evaluations.filter((e) => e.model === model && common.includes(e.cutoff)),
    k,
  );
const baselines = models.filter((m) => report.evaluations.find((e) => e.model === m)?.baseline);
const best = (k: 'countMae' | 'revenueMae') => {
  const v = baselines.map((m) => [m, onCommon(m, k)] as const).filter(([, x]) => x !== null) as [string, number][];
  return v.sort((a, b) => a[1] - b[1])[0];
};
const pct = (sel: number | null, base: number) => (sel === null ? '—' : `${((1 - sel / base) * 100).toFixed(1)} %`);
const [bc, bcv] = best('countMae');
const [br, brv] = best('revenueMae');
const bgAuc = onCommon('bg-nbd', 'churnAuc') as number;
const bgBrier = onCommon('bg-nbd', 'churnBrier') as number;
const selAuc = onCommon('selected', 'churnAuc');
const selBrier = onCommon('selected', 'churnBrier');
console.log(
  `targets on the ${common.length} common cut-offs — selected count MAE ${onCommon('selected', 'countMae')?.toFixed(3)} vs best baseline ${bc} ${bcv.toFixed(3)} (${pct(onCommon('selected', 'countMae'), bcv)} lower, target ≥ 10 %); revenue MAE ${onCommon('selected', 'revenueMae')?.toFixed(1)} vs ${br} ${brv.toFixed(1)} (${pct(onCommon('selected', 'revenueMae'), brv)} lower, target ≥ 10 %); churn AUC ${selAuc?.toFixed(3)} vs BG/NBD ${bgAuc.toFixed(3)} (target ≥ +0.03), Brier ${selBrier?.toFixed(4)} vs ${bgBrier.toFixed(4)} (target lower)`,
);
