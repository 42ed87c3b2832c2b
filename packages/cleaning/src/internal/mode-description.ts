import { groupOffsets } from '@retailkit/core';

/**
 * For each stock code (dense codes `stock`, width `stockWidth`; -1 = missing) the description code that occurs
 * most often among its rows, ties going to the description seen first in file order. Missing descriptions (-1)
 * are not counted. Returns `best[stockCode]` (-1 when the code has no description) and `variants[stockCode]`,
 * the number of distinct descriptions seen for it.
 *
 * Typed-array kernel: a stable counting sort by stock code (core `groupOffsets`), then one scratch count array
 * over description codes, reset after each stock code. O(rows + stockWidth + descWidth), no hashing.
 */
export function modeDescription(
  stock: Int32Array,
  stockWidth: number,
  desc: Int32Array,
  descWidth: number,
): { best: Int32Array; variants: Int32Array } {
  const { order, offsets } = groupOffsets(stock, stockWidth);
  const counts = new Int32Array(descWidth);
  const best = new Int32Array(stockWidth).fill(-1);
  const variants = new Int32Array(stockWidth);
  for (let g = 0; g < stockWidth; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    if (a === b) continue;
    let nv = 0;
    for (let k = a; k < b; k++) {
      const d = desc[order[k]];
      if (d >= 0 && counts[d]++ === 0) nv++;
    }
    let bd = -1;
    let bc = 0;
    // rows are in file order within the group, so the first description reaching the max count wins ties
    for (let k = a; k < b; k++) {
      const d = desc[order[k]];
      if (d >= 0 && counts[d] > bc) {
        bc = counts[d];
        bd = d;
      }
    }
    for (let k = a; k < b; k++) {
      const d = desc[order[k]];
      if (d >= 0) counts[d] = 0;
    }
    best[g] = bd;
    variants[g] = nv;
  }
  return { best, variants };
}
