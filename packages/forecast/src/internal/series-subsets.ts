import type { SeriesData } from '../series-data.js';

/** The first `cut(i)` observations of every series (copies), e.g. the training part before a cutoff. */
export function truncateSeries(data: SeriesData, cut: (i: number, length: number) => number): SeriesData {
  const n = data.ids.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const len = data.offsets[i + 1] - data.offsets[i];
    offsets[i + 1] = offsets[i] + Math.max(0, Math.min(len, cut(i, len)));
  }
  const cols = [data.y, data.ds, ...Object.values(data.exog ?? {})].map((src) => {
    const out = new Float64Array(offsets[n]);
    for (let i = 0; i < n; i++) {
      const len = offsets[i + 1] - offsets[i];
      out.set(src.subarray(data.offsets[i], data.offsets[i] + len), offsets[i]);
    }
    return out;
  });
  return { ...data, offsets, y: cols[0], ds: cols[1], ...exogOf(data, cols.slice(2)) };
}

/** A subset of series by index (copies). */
export function selectSeries(data: SeriesData, indices: readonly number[]): SeriesData {
  const offsets = new Int32Array(indices.length + 1);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    offsets[k + 1] = offsets[k] + data.offsets[i + 1] - data.offsets[i];
  }
  const cols = [data.y, data.ds, ...Object.values(data.exog ?? {})].map((src) => {
    const out = new Float64Array(offsets[indices.length]);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      out.set(src.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
    }
    return out;
  });
  return {
    ...data,
    ids: indices.map((i) => data.ids[i]),
    offsets,
    y: cols[0],
    ds: cols[1],
    ...exogOf(data, cols.slice(2)),
  };
}

/** `{ exog }` with the copied columns under their names, or nothing when `data` has none. */
function exogOf(data: SeriesData, cols: Float64Array[]): { exog?: Record<string, Float64Array> } {
  if (!data.exog) return {};
  const names = Object.keys(data.exog);
  return { exog: Object.fromEntries(names.map((name, k) => [name, cols[k]])) };
}
