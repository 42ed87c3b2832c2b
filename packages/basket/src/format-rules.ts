import type { RulesSummary } from './mine-rules.js';

/** Options of {@link formatRules}. */
export interface FormatRulesOptions {
  /** Rules shown (default 10). */
  readonly limit?: number;
  /** Item lists longer than this are cut with an ellipsis (default 60 characters). */
  readonly width?: number;
}

function fixed(v: number | string, digits: number): string {
  return typeof v === 'number' ? v.toFixed(digits) : v;
}

/**
 * A readable summary of a `rules.json` summary for the CLI: one header line with the counts, then the first
 * `limit` rules as `antecedents → consequents` with support, confidence and lift.
 *
 * @example
 * formatRules({ baskets: 4, items: 3, itemsets: 5, rules: [] })
 * // '4 baskets, 3 items, 5 frequent itemsets, 0 rules'
 */
export function formatRules(summary: RulesSummary, options: FormatRulesOptions = {}): string {
  const limit = options.limit ?? 10;
  const width = options.width ?? 60;
  const cut = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const lines = [
    `${summary.baskets} baskets, ${summary.items} items, ${summary.itemsets} frequent itemsets, ${summary.rules.length} rules`,
  ];
  const shown = summary.rules.slice(0, limit);
  if (shown.length === 0) return lines[0];
  const left = shown.map((r) => cut(`${r.antecedents.join(' + ')} → ${r.consequents.join(' + ')}`));
  const w = Math.max(4, ...left.map((s) => s.length));
  lines.push(`${'rule'.padEnd(w)}  support  confidence    lift`);
  shown.forEach((r, i) => {
    lines.push(
      `${left[i].padEnd(w)}  ${fixed(r.support, 4).padStart(7)}  ${fixed(r.confidence, 4).padStart(10)}  ${fixed(r.lift, 2).padStart(6)}`,
    );
  });
  if (summary.rules.length > limit) lines.push(`… ${summary.rules.length - limit} more`);
  return lines.join('\n');
}
