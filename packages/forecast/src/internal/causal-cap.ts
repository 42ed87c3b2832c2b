import { lowerBound } from './lower-bound.js';

/**
 * Expanding, causal caps of line values per group: every line of group g in period p is capped at the quantile `q`
 * (type 7, linear interpolation, like numpy's default) of the values of g's lines in periods ≤ p. A capped value
 * therefore never depends on a later period, so series built from capped lines stay leak-free when cut at any
 * cutoff. Groups with fewer than `minLines` lines so far are not capped (the quantile of a few lines says little).
 *
 * Per group the values are rank-compressed and counted in a Fenwick tree, so the k-th smallest value so far is
 * found by a descent in O(log m): O(n log n) overall for n lines (sorting), O(n) memory.
 *
 * Rows with a NaN period or value, or group < 0, are returned unchanged (the caller skips them).
 *
 * @example
 * // one group; periods 0, 1, 2; q = 0.5, minLines = 2
 * causalCaps([10, 20, 1000, 5, 15], [0, 0, 1, 2, 2], new Int32Array(5), 1, 0.5, 2) // [10, 15, 20, 5, 15]
 */
export function causalCaps(
  values: ArrayLike<number>,
  period: ArrayLike<number>,
  group: ArrayLike<number>,
  groups: number,
  q: number,
  minLines: number,
): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values);
  // rows of each group in period order (a counting pass, then a stable sort by period within the group)
  const counts = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) if (usable(values[i], period[i], group[i])) counts[group[i] + 1]++;
  for (let g = 0; g < groups; g++) counts[g + 1] += counts[g];
  const rows = new Int32Array(counts[groups]);
  const fill = counts.slice(0, groups);
  for (let i = 0; i < n; i++) if (usable(values[i], period[i], group[i])) rows[fill[group[i]]++] = i;
  for (let g = 0; g < groups; g++) {
    const mine = rows.subarray(counts[g], counts[g + 1]);
    if (mine.length < minLines) continue; // never reaches minLines: nothing to cap
    mine.sort((a, b) => period[a] - period[b] || a - b);
    const distinct = Float64Array.from(mine, (i) => values[i]).sort();
    let u = 0;
    for (let k = 0; k < distinct.length; k++)
      if (k === 0 || distinct[k] !== distinct[u - 1]) distinct[u++] = distinct[k];
    const tree = new Int32Array(u + 1);
    let seen = 0;
    for (let a = 0; a < mine.length; ) {
      let b = a;
      while (b < mine.length && period[mine[b]] === period[mine[a]]) {
        for (let r = lowerBound(distinct, values[mine[b]], u) + 1; r <= u; r += r & -r) tree[r]++;
        b++;
      }
      seen += b - a;
      if (seen >= minLines) {
        const h = (seen - 1) * q;
        const lo = Math.floor(h);
        const vLo = distinct[kth(tree, u, lo)];
        const vHi = distinct[kth(tree, u, Math.min(seen - 1, lo + 1))];
        const cap = vLo + (h - lo) * (vHi - vLo);
        for (let k = a; k < b; k++) if (out[mine[k]] > cap) out[mine[k]] = cap;
      }
      a = b;
    }
  }
  return out;
}

function usable(v: number, p: number, g: number): boolean {
  return g >= 0 && !Number.isNaN(v) && !Number.isNaN(p);
}

/** Rank (0-based) of the k-th smallest (0-based) counted value: a Fenwick-tree descent. */
function kth(tree: Int32Array, u: number, k: number): number {
  let pos = 0;
  let rest = k + 1;
  for (let step = 1 << Math.floor(Math.log2(u)); step > 0; step >>= 1) {
    const next = pos + step;
    if (next <= u && tree[next] < rest) {
      pos = next;
      rest -= tree[next];
    }
  }
  return pos; // 1-based position pos + 1 holds it, i.e. 0-based rank pos
}
