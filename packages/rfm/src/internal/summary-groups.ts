import { invalidArgument } from '@retailkit/core';
import type { RfmSummary } from '../bg-nbd.js';

/** One distinct (x, tx, T) of a summary and how many customers share it. */
export interface SummaryGroup {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  w: number;
}

/**
 * Check a summary (equal lengths; x ≥ 0, 0 ≤ tx ≤ T, tx = 0 when x = 0) and group its customers by identical
 * (x, tx, T), so a likelihood evaluates each distinct triple once. Also the mean T (for a starting point).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` naming `fn` and the first inconsistent customer.
 */
export function groupSummary(fn: string, summary: RfmSummary): { rows: SummaryGroup[]; n: number; meanT: number } {
  const n = summary.x.length;
  if (summary.tx.length !== n || summary.T.length !== n)
    throw invalidArgument(
      fn,
      'summary',
      { x: n, tx: summary.tx.length, T: summary.T.length },
      'arrays of equal length',
    );
  const groups = new Map<string, SummaryGroup>();
  let meanT = 0;
  for (let i = 0; i < n; i++) {
    const x = summary.x[i];
    const tx = summary.tx[i];
    const T = summary.T[i];
    if (!(x >= 0 && tx >= 0 && T >= tx && (x > 0 || tx === 0)))
      throw invalidArgument(fn, `customer ${i}`, { x, tx, T }, 'x ≥ 0, 0 ≤ tx ≤ T, and tx = 0 when x = 0');
    meanT += T / n;
    const key = `${x}|${tx}|${T}`;
    const g = groups.get(key);
    if (g) g.w++;
    else groups.set(key, { x, tx, T, w: 1 });
  }
  return { rows: [...groups.values()], n, meanT };
}
