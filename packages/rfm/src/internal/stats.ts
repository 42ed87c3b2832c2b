/** Small numeric helpers on typed arrays (no allocation beyond what is returned). */

import { quantileSorted, sortedFinite } from '@retailkit/core';

/** Median (type 7) of the finite values; NaN when none. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(sortedFinite(values), 0.5);
}

/** Mean of the finite values; NaN when none. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : s / n;
}

/** numpy's `round(x, decimals)`: scale, round half to even, unscale (what pandas `.round(2)` does). */
export function roundHalfEven(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  const y = x * f;
  let r = Math.round(y);
  if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r / f;
}

/** Compare customer ids the way a sorted numeric-or-string key sorts: numbers numerically, then strings. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  const fa = a !== '' && Number.isFinite(na);
  const fb = b !== '' && Number.isFinite(nb);
  if (fa && fb) return na - nb || (a < b ? -1 : a > b ? 1 : 0);
  if (fa !== fb) return fa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
