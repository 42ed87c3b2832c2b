/** A target transform with its exact inverse. */
export type TargetTransform =
  | { readonly type: 'log1p' }
  | { readonly type: 'diff'; readonly lag: number }
  | { readonly type: 'scale'; readonly statistic: 'mean' | 'max' };

/**
 * Apply a target transform to one series; returns the transformed values and the state needed to invert it.
 * log1p: z = log(1 + y); diff: z(t) = y(t) − y(t − lag) (NaN for t < lag); scale: z = y / s with s = mean |y| (or
 * max |y|) of the series (1 when 0).
 *
 * @example
 * applyTargetTransform([1, 3, 6], { type: 'diff', lag: 1 }).values // [NaN, 2, 3]
 */
export function applyTargetTransform(
  y: ArrayLike<number>,
  tr: TargetTransform,
): { values: Float64Array; scale: number } {
  const n = y.length;
  const out = new Float64Array(n);
  if (tr.type === 'log1p') {
    for (let i = 0; i < n; i++) out[i] = Math.log1p(y[i]);
    return { values: out, scale: 1 };
  }
  if (tr.type === 'diff') {
    for (let i = 0; i < n; i++) out[i] = i < tr.lag ? Number.NaN : y[i] - y[i - tr.lag];
    return { values: out, scale: 1 };
  }
  let s = 0;
  for (let i = 0; i < n; i++) s = tr.statistic === 'max' ? Math.max(s, Math.abs(y[i])) : s + Math.abs(y[i]) / n;
  const scale = s > 0 ? s : 1;
  for (let i = 0; i < n; i++) out[i] = y[i] / scale;
  return { values: out, scale };
}

/**
 * Invert a target transform for forecasts `z` that continue the history `y` (needed for `diff`, which integrates:
 * ŷ(T+h) = ẑ(T+h) + ŷ(T+h−lag)). Exact: `invert(apply(y))` returns y.
 *
 * @example
 * invertTargetTransform([3], { type: 'diff', lag: 1 }, { history: [1, 3], scale: 1 }) // [6]
 */
export function invertTargetTransform(
  z: ArrayLike<number>,
  tr: TargetTransform,
  state: { history: ArrayLike<number>; scale: number },
): Float64Array {
  const h = z.length;
  const out = new Float64Array(h);
  if (tr.type === 'log1p') {
    for (let i = 0; i < h; i++) out[i] = Math.expm1(z[i]);
    return out;
  }
  if (tr.type === 'scale') {
    for (let i = 0; i < h; i++) out[i] = z[i] * state.scale;
    return out;
  }
  const hist = state.history;
  const n = hist.length;
  for (let i = 0; i < h; i++) {
    const prevIdx = n + i - tr.lag;
    const prev = prevIdx < n ? hist[prevIdx] : out[prevIdx - n];
    out[i] = z[i] + prev;
  }
  return out;
}
