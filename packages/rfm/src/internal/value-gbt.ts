import { type FeatureMatrix, fitGbt } from '@retailkit/learn';
import type { CutoffWindow } from './customer-windows.js';

/** The per-customer features the GBT value models read at a cut-off (all from purchases before it). */
export const VALUE_FEATURES = [
  'x',
  'tx',
  'T',
  'recency',
  'rate',
  'm',
  'meanRevenue',
  'lastCount',
  'lastRevenue',
] as const;

/** One row per customer of `w`, the `VALUE_FEATURES` in order. */
export function valueFeatures(w: CutoffWindow): FeatureMatrix {
  const n = w.ids.length;
  const cols = VALUE_FEATURES.length;
  const values = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    values[o] = w.x[i];
    values[o + 1] = w.tx[i];
    values[o + 2] = w.T[i];
    values[o + 3] = w.T[i] - w.tx[i];
    values[o + 4] = w.x[i] / w.T[i];
    values[o + 5] = w.m[i];
    values[o + 6] = w.meanRevenue[i];
    values[o + 7] = w.lastCount[i];
    values[o + 8] = w.lastRevenue[i];
  }
  return { rows: n, cols, values };
}

/** Training cut-offs for an evaluation at `cutoffDay`: every `step` days back from cutoffDay − horizon. */
export function trainingCutoffs(
  cutoffDay: number,
  horizon: number,
  firstDay: number,
  minHistory: number,
  step = 28,
): number[] {
  const out: number[] = [];
  for (let d = cutoffDay - horizon; d - firstDay >= minHistory; d -= step) out.push(d);
  return out;
}

/**
 * Gradient-boosted count (Poisson), revenue (Tweedie, p = 1.5) and churn (logistic) models trained on windows at
 * earlier cut-offs, whose horizons all end on or before `w`'s cut-off (so training never sees the evaluation
 * horizon), then applied to `w`'s features. `windowAt(day)` gives the window at a training cut-off (memoised by
 * the caller: consecutive evaluations share most of them). Null when there is no training window.
 */
export function gbtPredictions(
  windowAt: (day: number) => CutoffWindow,
  w: CutoffWindow,
  training: readonly number[],
  seed: number,
): { count: Float64Array; revenue: Float64Array; churn: Float64Array } | null {
  const windows = training.map(windowAt).filter((t) => t.ids.length > 0);
  if (windows.length === 0) return null;
  const mats = windows.map(valueFeatures);
  const rows = mats.reduce((s, m) => s + m.rows, 0);
  const cols = VALUE_FEATURES.length;
  const values = new Float64Array(rows * cols);
  const count = new Float64Array(rows);
  const revenue = new Float64Array(rows);
  const churned = new Float64Array(rows);
  let r = 0;
  for (let k = 0; k < windows.length; k++) {
    values.set(mats[k].values, r * cols);
    for (let i = 0; i < windows[k].ids.length; i++, r++) {
      count[r] = windows[k].count[i];
      revenue[r] = Math.max(0, windows[k].revenue[i]);
      churned[r] = windows[k].count[i] > 0 ? 0 : 1;
    }
  }
  const x = { rows, cols, values };
  const common = { nTrees: 100, learningRate: 0.08, maxDepth: 3, minSamplesLeaf: 40, seed };
  const target = valueFeatures(w);
  return {
    count: fitGbt(x, count, { ...common, objective: 'poisson' }).predict(target),
    revenue: fitGbt(x, revenue, { ...common, objective: 'tweedie', tweediePower: 1.5 }).predict(target),
    churn: fitGbt(x, churned, { ...common, objective: 'logistic' }).predict(target),
  };
}
