import type { SeriesData } from '../series-data.js';

/** The first `cut(i)` observations of every series (copies), e.g. the training part before a cutoff. */
export function truncateSeries(data: SeriesData, cut: (i: number, length: number) => number): SeriesData {
  const n = data.ids.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const len = data.offsets[i + 1] - data.offsets[i];
    offsets[i + 1] = offsets[i] + Math.max(0, Math.min(len, cut(i, len)));
  }
  const y = new Float64Array(offsets[n]);
  const ds = new Float64Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const len = offsets[i + 1] - offsets[i];
    y.set(data.y.subarray(data.offsets[i], data.offsets[i] + len), offsets[i]);
    ds.set(data.ds.subarray(data.offsets[i], data.offsets[i] + len), offsets[i]);
  }
  return { ...data, offsets, y, ds };
}

/** A subset of series by index (copies). */
export function selectSeries(data: SeriesData, indices: readonly number[]): SeriesData {
  const offsets = new Int32Array(indices.length + 1);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    offsets[k + 1] = offsets[k] + data.offsets[i + 1] - data.offsets[i];
  }
  const y = new Float64Array(offsets[indices.length]);
  const ds = new Float64Array(offsets[indices.length]);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    y.set(data.y.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
    ds.set(data.ds.subarray(data.offsets[i], data.offsets[i + 1]), offsets[k]);
  }
  return { ...data, ids: indices.map((i) => data.ids[i]), offsets, y, ds };
}
