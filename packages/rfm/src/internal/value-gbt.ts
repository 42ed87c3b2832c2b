import { type FeatureMatrix, fitGbt, type GbtModel } from '@retailkit/learn';
import { type BgNbdParams, expectedPurchases, fitBgNbd, probabilityAlive, probabilityNoPurchase } from '../bg-nbd.js';
import type { CutoffWindow } from './customer-windows.js';

/**
 * The per-customer features the GBT value models read at a cut-off, all from purchases before it: the BG/NBD
 * summary (x, tx, T = tenure), recency in days and in mean inter-purchase gaps ((T − tx) / (tx / x), NaN when x = 0),
 * rate x/T, mean repeat and overall purchase revenue, purchases and revenue over the last horizon and the last
 * 30/90/180 days, the trend (purchases in the last 90 days − the 90 before), the cut-off's month (1–12), and BG/NBD
 * fitted at that cut-off: P(alive), expected purchases and P(no purchase) over the horizon.
 */
export const VALUE_FEATURES = [
  'x',
  'tx',
  'T',
  'recency',
  'recencyGaps',
  'rate',
  'm',
  'meanRevenue',
  'lastCount',
  'lastRevenue',
  'count30',
  'revenue30',
  'count90',
  'revenue90',
  'count180',
  'revenue180',
  'trend90',
  'month',
  'bgPAlive',
  'bgExpected',
  'bgPNoPurchase',
] as const;

/** BG/NBD parameters fitted on a window's summary (purchases before its cut-off only). */
export interface WindowModels {
  readonly bg: BgNbdParams;
}

/** Fits BG/NBD on `w`'s calibration summary. */
export function windowModels(w: CutoffWindow): WindowModels {
  return { bg: fitBgNbd({ x: w.x, tx: w.tx, T: w.T }).params };
}

/** One row per customer of `w`, the `VALUE_FEATURES` in order; `h` is the horizon of the probabilistic features. */
export function valueFeatures(w: CutoffWindow, models: WindowModels, h: number): FeatureMatrix {
  const n = w.ids.length;
  const cols = VALUE_FEATURES.length;
  const values = new Float64Array(n * cols);
  const month = new Date(w.cutoffDay * 86_400_000).getUTCMonth() + 1;
  const { bg } = models;
  for (let i = 0; i < n; i++) {
    const o = i * cols;
    const x = w.x[i];
    const tx = w.tx[i];
    const T = w.T[i];
    values[o] = x;
    values[o + 1] = tx;
    values[o + 2] = T;
    values[o + 3] = T - tx;
    values[o + 4] = x > 0 && tx > 0 ? (T - tx) / (tx / x) : Number.NaN;
    values[o + 5] = x / T;
    values[o + 6] = w.m[i];
    values[o + 7] = w.meanRevenue[i];
    values[o + 8] = w.lastCount[i];
    values[o + 9] = w.lastRevenue[i];
    values[o + 10] = w.count30[i];
    values[o + 11] = w.revenue30[i];
    values[o + 12] = w.count90[i];
    values[o + 13] = w.revenue90[i];
    values[o + 14] = w.count180[i];
    values[o + 15] = w.revenue180[i];
    values[o + 16] = w.count90[i] - w.countPrior90[i];
    values[o + 17] = month;
    values[o + 18] = probabilityAlive(bg, x, tx, T);
    values[o + 19] = expectedPurchases(bg, h, x, tx, T);
    values[o + 20] = probabilityNoPurchase(bg, h, x, tx, T);
  }
  return { rows: n, cols, values };
}

/** Most recent training windows the value models use (more cost time and, on one year of data, did not help). */
export const MAX_TRAINING_WINDOWS = 3;

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

/** A training window with its features (memoised by the caller: consecutive evaluations share most windows). */
export interface TrainingWindow {
  readonly window: CutoffWindow;
  readonly features: FeatureMatrix;
}

/** The stacked training set of several windows: features and the three targets. */
interface Stacked {
  x: FeatureMatrix;
  count: Float64Array;
  /** Revenue in units of the customer's mean purchase revenue before the cut-off, and that unit (the row weight). */
  relRevenue: Float64Array;
  scale: Float64Array;
  churned: Float64Array;
}

/** A customer's revenue unit: mean purchase revenue before the cut-off, at least 1. */
export function revenueScale(meanRevenue: number): number {
  return Math.max(meanRevenue, 1);
}

function stack(windows: readonly TrainingWindow[]): Stacked {
  const cols = VALUE_FEATURES.length;
  const rows = windows.reduce((s, t) => s + t.features.rows, 0);
  const values = new Float64Array(rows * cols);
  const count = new Float64Array(rows);
  const relRevenue = new Float64Array(rows);
  const scale = new Float64Array(rows);
  const churned = new Float64Array(rows);
  let r = 0;
  for (const t of windows) {
    values.set(t.features.values, r * cols);
    for (let i = 0; i < t.window.ids.length; i++, r++) {
      count[r] = t.window.count[i];
      scale[r] = revenueScale(t.window.meanRevenue[i]);
      relRevenue[r] = Math.max(0, t.window.revenue[i]) / scale[r];
      churned[r] = t.window.count[i] > 0 ? 0 : 1;
    }
  }
  return { x: { rows, cols, values }, count, relRevenue, scale, churned };
}

/** Platt scaling: σ(a·logit(p) + b) fitted by Newton's method on held-out (p, y). */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<number>): { a: number; b: number } {
  let a = 1;
  let b = 0;
  const n = p.length;
  const z = Float64Array.from({ length: n }, (_, i) => {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, p[i]));
    return Math.log(q / (1 - q));
  });
  for (let it = 0; it < 50; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i++) {
      const s = 1 / (1 + Math.exp(-(a * z[i] + b)));
      const d = s - y[i];
      const w = s * (1 - s);
      ga += d * z[i];
      gb += d;
      haa += w * z[i] * z[i];
      hab += w * z[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

export function applyPlatt(c: { a: number; b: number }, p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return 1 / (1 + Math.exp(-(c.a * Math.log(q / (1 - q)) + c.b)));
}

/** The fitted value models: expected purchases, expected revenue (relative to the customer's mean purchase) and calibrated churn. */
export interface ValueModels {
  readonly countMean: GbtModel;
  readonly revenueMean: GbtModel;
  readonly churn: GbtModel;
  readonly platt: { a: number; b: number };
}

const COMMON = { nTrees: 100, learningRate: 0.08, maxDepth: 3, minSamplesLeaf: 40 };

/**
 * Fits the value models on training windows (oldest first): Poisson counts; Tweedie (p = 1.5) revenue in units of
 * the customer's mean purchase revenue s before the cut-off, weighted by s (so the loss is in currency units);
 * logistic churn trained on every window but the most recent and Platt-calibrated on that one (identity
 * calibration when there is only one window).
 */
export function fitValueModels(windows: readonly TrainingWindow[], seed: number): ValueModels {
  const all = stack(windows);
  const common = { ...COMMON, seed };
  const countMean = fitGbt(all.x, all.count, { ...common, objective: 'poisson' });
  const rel = { ...common, weights: all.scale };
  const revenueMean = fitGbt(all.x, all.relRevenue, { ...rel, objective: 'tweedie', tweediePower: 1.5 });
  if (windows.length < 2) {
    const churn = fitGbt(all.x, all.churned, { ...common, objective: 'logistic' });
    return { countMean, revenueMean, churn, platt: { a: 1, b: 0 } };
  }
  const older = stack(windows.slice(0, -1));
  const held = windows[windows.length - 1];
  const churn = fitGbt(older.x, older.churned, { ...common, objective: 'logistic' });
  const heldY = Float64Array.from(held.window.count, (c) => (c > 0 ? 0 : 1));
  const platt = fitPlatt(churn.predict(held.features), heldY);
  return { countMean, revenueMean, churn, platt };
}

/** Predictions of the value models on a feature matrix. */
export function predictValue(models: ValueModels, x: FeatureMatrix) {
  const raw = models.churn.predict(x);
  const mr = VALUE_FEATURES.indexOf('meanRevenue');
  const scaled = (rel: Float64Array) => rel.map((v, i) => v * revenueScale(x.values[i * x.cols + mr]));
  return {
    countMean: models.countMean.predict(x),
    revenueMean: scaled(models.revenueMean.predict(x)),
    churnRaw: raw,
    churn: Float64Array.from(raw, (p) => applyPlatt(models.platt, p)),
  };
}
