import type { SegmentsReport } from './fit-segmenter.js';

/**
 * Render a `segments.json` summary as plain text for the terminal: the k choice and its reasons, one line per
 * segment (size, share of customers and revenue, name, key medians, churn risk and CLV), the tree's holdout
 * scores, the top rules per segment and the churn outlook.
 *
 * @example
 * // report: fitSegmenter(revenue view of the UCI Online Retail data, { seed: 42 }).report
 * console.log(formatSegments(report))
 * // Customer segments (preset default, 4,372 customers, as of 2011-12-10, seed 42)
 * // k = 6 (knee 6, silhouette 0.200, sampled)
 * //   k  inertia      silhouette  smallest  eligible …
 */
export function formatSegments(summary: SegmentsReport): string {
  const n = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(
    `Customer segments (preset ${summary.preset}, ${n(summary.customers)} customers, as of ${summary.asOf}, seed ${summary.seed})`,
  );
  const sel = summary.selection;
  lines.push(
    `k = ${summary.k} (knee ${sel.kneeK}, silhouette ${summary.silhouette.toFixed(3)}${sel.silhouetteSampled ? ', sampled' : ''})`,
  );
  lines.push('  k  inertia      silhouette  smallest  eligible');
  for (const c of sel.candidates)
    lines.push(
      `  ${String(c.k).padStart(2)} ${n(c.inertia, 1).padStart(12)} ${c.silhouette.toFixed(3).padStart(11)} ${String(Math.min(...c.sizes)).padStart(9)}  ${c.eligible ? 'yes' : 'no (cluster < 1%)'}`,
    );
  for (const r of sel.reasons) lines.push(`  - ${r}`);
  lines.push('');
  lines.push('Segments:');
  const keys = ['recency', 'frequency', 'monetary'];
  for (const c of summary.clusters) {
    const med = keys
      .filter((k) => k in c.medians)
      .map((k) => `${k} ${n(c.medians[k], 1)}`)
      .join(', ');
    lines.push(
      `  [${c.id}] ${c.name} — ${n(c.size)} customers (${pct(c.share)}), ${pct(c.revenueShare)} of revenue; median ${med}${c.pChurn === null || c.clv === null ? '' : `; churn risk ${pct(c.pChurn)}, CLV ${n(c.clv)}`}${c.topFeatures.length ? `; driven by ${c.topFeatures.join(', ')}` : ''}`,
    );
  }
  const e = summary.explanation;
  lines.push('');
  lines.push(
    `Decision tree: holdout accuracy ${pct(e.accuracy)}, macro-F1 ${e.macroF1.toFixed(3)} (CV ${pct(e.cvAccuracy)}, train ${pct(e.trainAccuracy)}; maxDepth ${e.params.maxDepth})`,
  );
  for (const c of summary.clusters) {
    for (const r of e.rules.filter((r) => r.segment === c.id))
      lines.push(`  ${r.text}  (covers ${pct(r.coverage)} of the segment, ${pct(r.precision)} precise)`);
  }
  if (e.importance.length)
    lines.push(
      `Most important features: ${e.importance
        .slice(0, 5)
        .map((f) => `${f.feature} ${f.mean.toFixed(3)}`)
        .join(', ')}`,
    );
  if (summary.churn) {
    const ch = summary.churn;
    lines.push('');
    lines.push(
      `Churn (BG/NBD, next ${ch.horizon} days): mean churn probability ${pct(ch.meanChurnProbability)}, ${n(ch.expectedPurchases)} expected purchase days, expected value ${n(ch.expectedValue)}`,
    );
  }
  return lines.join('\n');
}
