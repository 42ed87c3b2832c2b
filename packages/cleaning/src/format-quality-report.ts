import type { QualityReport } from './quality-report.js';

const int = (n: number): string => n.toLocaleString('en-US');
const money = (n: number): string => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const signed = (n: number): string => (n < 0 ? `−${money(-n)}` : `+${money(n)}`);
const pct = (a: number, b: number): string => (b === 0 ? '0.0%' : `${((100 * a) / b).toFixed(1)}%`);

/**
 * A readable, plain-text summary of a quality report for the terminal: totals, steps, rule counts, views with
 * revenue, date range, the most incomplete columns and the top offenders. Deterministic (en-US number format).
 *
 * @example
 * // a frame of 44 rows, 2 of them untrusted:
 * formatQualityReport(clean(frame).report).split('\n')[0] // 'Cleaning: 44 rows in, 42 kept, 2 quarantined (4.5%)'
 */
export function formatQualityReport(report: QualityReport): string {
  const r = report;
  const lines: string[] = [];
  lines.push(
    `Cleaning: ${int(r.rowsIn)} rows in, ${int(r.rowsKept)} kept, ${int(r.rowsQuarantined)} quarantined (${pct(r.rowsQuarantined, r.rowsIn)})`,
  );
  lines.push(`Dates: ${r.dateRange.first ?? '-'} .. ${r.dateRange.last ?? '-'}`);
  lines.push('Steps:');
  for (const s of r.steps) lines.push(`  ${s.id.padEnd(34)} ${int(s.rowsAfter).padStart(12)} rows after`);
  const reasons = Object.entries(r.quarantine.byReason).filter(([, n]) => (n ?? 0) > 0);
  if (reasons.length > 0) {
    lines.push('Quarantine:');
    for (const [k, n] of reasons) lines.push(`  ${k.padEnd(34)} ${int(n ?? 0).padStart(12)}`);
  }
  lines.push('Rules:');
  for (const rule of r.rules) {
    if (rule.kind === 'quarantine' || rule.kind === 'step') continue;
    const extra = rule.details
      ? ` (${Object.entries(rule.details)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? int(v) : v}`)
          .join(', ')})`
      : '';
    lines.push(`  ${`${rule.id} [${rule.kind}]`.padEnd(34)} ${int(rule.count).padStart(12)}${extra}`);
  }
  lines.push(`Revenue: input ${money(r.revenue.input)}, kept ${money(r.revenue.kept)}`);
  lines.push('Views:');
  for (const [name, v] of Object.entries(r.revenue.views))
    lines.push(
      `  ${name.padEnd(10)} ${int(v.rows).padStart(10)} rows  revenue ${money(v.revenue).padStart(16)}  (${signed(-v.revenueRemoved)}; drops ${v.drops.join(', ') || 'nothing'})`,
    );
  const incomplete = r.columns.filter((c) => (c.missingIn ?? 0) > 0);
  if (incomplete.length > 0) {
    lines.push('Missing values (input → cleaned):');
    for (const c of incomplete)
      lines.push(`  ${c.name.padEnd(20)} ${int(c.missingIn ?? 0).padStart(10)} → ${int(c.missing)}`);
  }
  const off = r.topOffenders;
  if (off.stockCodes.length > 0)
    lines.push(
      `Top problem stock codes: ${off.stockCodes
        .slice(0, 5)
        .map((o) => `${o.value} (${int(o.rows)})`)
        .join(', ')}`,
    );
  if (off.customers.length > 0)
    lines.push(
      `Top cancelling customers: ${off.customers
        .slice(0, 5)
        .map((o) => `${o.value} (${int(o.rows)})`)
        .join(', ')}`,
    );
  return lines.join('\n');
}
