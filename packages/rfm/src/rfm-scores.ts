/**
 * Classic RFM quintile score (1–5) of each value, the pandas recipe
 * `pd.qcut(values.rank(method='first'), 5, labels=[1, 2, 3, 4, 5])`: values are ranked 1…n (ties broken by row
 * order), the ranks are cut at their 20/40/60/80 % quantiles (type 7) into five right-closed bins.
 * `ascending: false` reverses the labels (recency: the most recent customers score 5).
 *
 * Complexity O(n log n).
 *
 * @example
 * quintileScores([10, 20, 30, 40, 50]) // Int32Array [1, 2, 3, 4, 5]
 * quintileScores([10, 20, 30, 40, 50], { ascending: false }) // Int32Array [5, 4, 3, 2, 1]
 */
export function quintileScores(values: ArrayLike<number>, options: { ascending?: boolean } = {}): Int32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => values[a] - values[b] || a - b);
  const edges = [0.2, 0.4, 0.6, 0.8, 1].map((q) => 1 + q * (n - 1));
  const out = new Int32Array(n);
  const asc = options.ascending ?? true;
  for (let r = 0; r < n; r++) {
    const rank = r + 1;
    let bin = 1;
    while (bin < 5 && rank > edges[bin - 1]) bin++;
    out[order[r]] = asc ? bin : 6 - bin;
  }
  return out;
}

/** The named RFM segments of the standard recency × frequency grid, in the order they are matched. */
export const RFM_SEGMENTS: readonly {
  readonly name: string;
  readonly r: readonly number[];
  readonly f: readonly number[];
}[] = [
  { name: 'Champions', r: [5], f: [4, 5] },
  { name: 'Loyal', r: [3, 4], f: [4, 5] },
  { name: 'Potential loyalists', r: [4, 5], f: [2, 3] },
  { name: 'New customers', r: [5], f: [1] },
  { name: 'Promising', r: [4], f: [1] },
  { name: 'Need attention', r: [3], f: [3] },
  { name: 'About to sleep', r: [3], f: [1, 2] },
  { name: "Can't lose them", r: [1, 2], f: [5] },
  { name: 'At risk', r: [1, 2], f: [3, 4] },
  { name: 'Hibernating', r: [1, 2], f: [1, 2] },
];

/**
 * The standard named RFM segment of a recency score and a frequency score (the widely used 5 × 5 grid:
 * `5[4-5]` Champions, `[3-4][4-5]` Loyal, `[4-5][2-3]` Potential loyalists, `51` New customers, `41` Promising,
 * `33` Need attention, `3[1-2]` About to sleep, `[1-2]5` Can't lose them, `[1-2][3-4]` At risk,
 * `[1-2][1-2]` Hibernating). Every one of the 25 cells has exactly one name.
 *
 * @example
 * rfmSegment(5, 5) // 'Champions'
 * rfmSegment(1, 1) // 'Hibernating'
 */
export function rfmSegment(rScore: number, fScore: number): string {
  for (const s of RFM_SEGMENTS) if (s.r.includes(rScore) && s.f.includes(fScore)) return s.name;
  return 'Unscored';
}
