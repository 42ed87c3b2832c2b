import { invalidArgument } from '@retailkit/core';

/** HTML-escape any value (null and undefined → empty). */
export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number with thousands separators and at most `digits` decimals; "–" when not a finite number. */
export const num = (v: unknown, digits = 0): string =>
  isNum(v) ? v.toLocaleString('en-GB', { maximumFractionDigits: digits }) : '–';

/** A fraction as a percentage with one decimal; "–" when not a finite number. */
export const pct = (v: unknown): string => (isNum(v) ? `${(v * 100).toFixed(1)}%` : '–');

/** A signed change (fraction) as a percentage: "+12.3%", "−4.0%"; "–" when not a finite number. */
export const signedPct = (v: unknown): string =>
  isNum(v) ? `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v * 100).toFixed(1)}%` : '–';

/** `YYYY-MM` → "Dec 2011". */
export const monthName = (ym: string): string => {
  const [y, m] = ym.split('-').map(Number);
  return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${y}`;
};

/** `YYYY-MM-DD` → "9 Dec 2011". */
export const dayName = (iso: string): string =>
  new Date(`${iso}T00:00:00Z`).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Money in one currency: whole units for totals, two decimals for small amounts, and a compact axis format. */
export interface Money {
  readonly currency: string;
  /** The currency's symbol in en-GB ("£", "€", "US$"). */
  readonly symbol: string;
  /** Whole units: "£1,234,567"; "–" when not a finite number. */
  whole(v: unknown): string;
  /** Two decimals: "£18.40"; "–" when not a finite number. */
  exact(v: unknown): string;
  /** A Vega expression formatting `datum.value` compactly ("£1.2M"), for axis labels. */
  readonly axisExpr: string;
}

/**
 * Money formatting for an ISO 4217 currency code (default GBP, the currency of the UCI Online Retail data),
 * with en-GB grouping.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when `currency` is not a currency code Intl knows.
 */
export function money(currency = 'GBP'): Money {
  let whole: Intl.NumberFormat;
  let exact: Intl.NumberFormat;
  try {
    whole = new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 });
    exact = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 2 });
  } catch {
    throw invalidArgument('renderReport', 'currency', currency, 'an ISO 4217 currency code such as GBP, EUR or USD');
  }
  const symbol = whole.formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  return {
    currency,
    symbol,
    whole: (v) => (isNum(v) ? whole.format(v) : '–'),
    exact: (v) => (isNum(v) ? exact.format(v) : '–'),
    axisExpr: `(datum.value < 0 ? '−' : '') + ${JSON.stringify(symbol)} + format(abs(datum.value), '~s')`,
  };
}

/** A cell of `table`: text (escaped), or `{ html }` already escaped, optionally with a class. */
export type Cell = string | number | null | undefined | { html: string; className?: string };

/**
 * An accessible HTML table: a caption, column headers with `scope="col"`, the first cell of each row as its
 * `scope="row"` header; numbers right-aligned (class `n`), wrapped in a horizontally scrolling region when wide.
 */
export function table(caption: string, header: string[], rows: Cell[][], options: { numeric?: number[] } = {}): string {
  const numeric = new Set(options.numeric ?? header.map((_, k) => k).slice(1));
  const cell = (c: Cell, k: number) => {
    const cls = [numeric.has(k) ? 'n' : '', typeof c === 'object' && c ? (c.className ?? '') : '']
      .filter(Boolean)
      .join(' ');
    const attr = cls ? ` class="${cls}"` : '';
    const body = typeof c === 'object' && c ? c.html : typeof c === 'number' ? num(c, 2) : esc(c);
    return k === 0 ? `<th scope="row"${attr}>${body}</th>` : `<td${attr}>${body}</td>`;
  };
  const head = header.map((h, k) => `<th scope="col"${numeric.has(k) ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  return `<div class="table-wrap" role="region" aria-label="${esc(caption)}" tabindex="0"><table><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

/** Plain objects of a JSON array (anything else → []). */
export const arr = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];

/** A finite number, or undefined. */
export const finite = (v: unknown): number | undefined => (isNum(v) ? v : undefined);
