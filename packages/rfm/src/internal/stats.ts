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
