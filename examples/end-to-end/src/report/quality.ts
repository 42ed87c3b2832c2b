import { CLEANING_RULES } from '@retailkit/cleaning';
import { arr, esc, finite, type Money, num, table } from './format.js';
import type { NonProductLine } from './sales.js';

const DESCRIPTIONS = new Map(CLEANING_RULES.map((r) => [r.id, r.description]));

/** What a rule id of `quality.json` means: cleaning's rule table, or a caller step (a row-removing step). */
export function ruleDescription(id: string, kind?: unknown): string {
  return DESCRIPTIONS.get(id) ?? (kind === 'step' ? 'a row-removing step of this run (its id is the reason)' : '');
}

/**
 * Section 5, "Is the data sound": rows in and out, every cleaning rule with its id, description and count (the
 * `rules` array of `quality.json`), the quarantine reasons, and the non-product lines by stock code.
 */
export function qualitySection(
  q: Record<string, unknown>,
  nonProduct: readonly NonProductLine[],
  money: Money,
): string {
  const rules = arr(q.rules);
  const byReason = ((q.quarantine as Record<string, unknown> | undefined)?.byReason ?? {}) as Record<string, unknown>;
  const reasons = Object.entries(byReason).filter(([, n]) => finite(n) !== undefined && (n as number) > 0);
  const source = (q.source ?? {}) as Record<string, unknown>;
  const parsed = finite(source.rowsQuarantinedAtParse);
  return `<section id="is-the-data-sound" aria-labelledby="h-sound"><h2 id="h-sound">Is the data sound?</h2>
<p class="lead">${finite(source.rowsRead) !== undefined ? `${num(source.rowsRead)} rows read${parsed ? `, ${num(parsed)} unreadable` : ''}; ` : ''}${num(q.rowsIn)} rows cleaned → ${num(q.rowsKept)} kept, ${num(q.rowsQuarantined)} quarantined with a reason. Every row is accounted for.</p>
${
  rules.length
    ? table(
        'Cleaning rules (id, what it does, rows affected)',
        ['rule id', 'what it does', 'kind', 'rows'],
        rules.map((r) => [
          { html: `<code class="rule-id">${esc(r.id)}</code>` },
          { html: `<span class="what">${esc(ruleDescription(String(r.id), r.kind))}</span>` },
          String(r.kind ?? ''),
          num(r.count),
        ]),
        { numeric: [3] },
      )
    : ''
}
${
  reasons.length
    ? table(
        'Quarantined rows by reason',
        ['reason', 'what it means', 'rows'],
        reasons.map(([id, n]) => [
          { html: `<code>${esc(id)}</code>` },
          ruleDescription(id, rules.find((r) => r.id === id)?.kind),
          num(n),
        ]),
        { numeric: [2] },
      )
    : '<p>No row was quarantined.</p>'
}
${
  nonProduct.length
    ? `${table(
        'Non-product lines kept but left out of product rankings, baskets and the forecast',
        ['stock code', 'category', 'lines', 'net revenue'],
        nonProduct.map((l) => [
          { html: `<code class="code">${esc(l.stockCode)}</code>` },
          l.category,
          num(l.rows),
          money.whole(l.revenue),
        ]),
        { numeric: [2, 3] },
      )}`
    : ''
}
</section>`;
}
