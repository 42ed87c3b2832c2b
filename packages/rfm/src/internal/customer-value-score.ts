import { type GbtModel, type GbtModelJson, gbtFromJSON } from '@retailkit/learn';
import { type BgNbdParams, expectedPurchases, probabilityNoPurchase } from '../bg-nbd.js';
import { expectedSpend, type GammaGammaParams } from '../gamma-gamma.js';
import type { CutoffWindow } from './customer-windows.js';
import { applyPlatt, revenueScale, valueFeatures } from './value-gbt.js';
import type { BlendWeights, CandidateModel } from './value-selection.js';

/** The per-customer summary fields a customer-value model reads (all from purchases before `asOf`). */
export const VALUE_INPUTS = [
  'x',
  'tx',
  'T',
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
  'countPrior90',
] as const;

/** Parameters stored in a customer-value artifact (plain data). */
export interface CustomerValueParams {
  /** `gbt`, or `blend`: w·GBT + (1 − w)·BG/NBD (counts, churn) or Gamma-Gamma (revenue), w per target. */
  readonly model: CandidateModel;
  readonly blend: BlendWeights;
  readonly horizon: number;
  readonly unit: 'days' | 'invoices';
  /** Feature date (ISO, midnight UTC): the default `asOf` of transaction inputs; its month is a feature. */
  readonly asOf: string;
  readonly bgNbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
  readonly count: GbtModelJson;
  readonly revenue: GbtModelJson;
  readonly churn: GbtModelJson;
  readonly platt: { readonly a: number; readonly b: number };
  /**
   * Quantiles (10 %, 90 %) of revenue residuals (actual − predicted) / s on the training windows (in-sample), with
   * s = max(mean purchase revenue, predicted revenue) (`residualScale`).
   */
  readonly revenueResidual: readonly [number, number];
  /** Horizons summed in the CLV (4 × 90 days ≈ a year). */
  readonly clvPeriods: number;
}

/** The scores of one customer. */
export interface CustomerValueScore {
  readonly pChurn: number;
  readonly expectedPurchases: number;
  /** 80 % interval of purchases: the 10 % and 90 % quantiles of a Poisson with mean expectedPurchases. */
  readonly purchasesInterval: [number, number];
  readonly expectedRevenue: number;
  /**
   * 80 % interval of revenue: expectedRevenue + the 10 % / 90 % training residual quantiles × s, floored at 0; the
   * lower end is 0 when pChurn ≥ 0.1 (no purchase, no revenue).
   */
  readonly revenueInterval: [number, number];
  readonly clv: number;
}

/** The GBT models of a params object, parsed once. */
export interface ParsedModels {
  readonly count: GbtModel;
  readonly revenue: GbtModel;
  readonly churn: GbtModel;
}

export function parseModels(p: CustomerValueParams): ParsedModels {
  return { count: gbtFromJSON(p.count), revenue: gbtFromJSON(p.revenue), churn: gbtFromJSON(p.churn) };
}

/** Smallest k with P(Poisson(μ) ≤ k) ≥ q. */
export function poissonQuantile(mu: number, q: number): number {
  if (!(mu > 0)) return 0;
  let k = 0;
  let p = Math.exp(-mu);
  let c = p;
  while (c < q && k < 10_000) {
    k++;
    p *= mu / k;
    c += p;
  }
  return k;
}

/** The unit of revenue residuals: the larger of the customer's revenue unit and the predicted revenue. */
export function residualScale(meanRevenue: number, predicted: number): number {
  return Math.max(revenueScale(meanRevenue), predicted);
}

/** Point predictions (before intervals) for every customer of `w`. */
export function scoreWindow(
  p: CustomerValueParams,
  models: ParsedModels,
  w: CutoffWindow,
): { count: Float64Array; revenue: Float64Array; churn: Float64Array } {
  const x = valueFeatures(w, { bg: p.bgNbd }, p.horizon);
  const gbtCount = models.count.predict(x);
  const gbtRevenue = models.revenue.predict(x).map((v, i) => v * revenueScale(w.meanRevenue[i]));
  const gbtChurn = models.churn.predict(x).map((v) => applyPlatt(p.platt, v));
  if (p.model === 'gbt') return { count: gbtCount, revenue: gbtRevenue, churn: gbtChurn };
  const n = w.ids.length;
  const count = new Float64Array(n);
  const revenue = new Float64Array(n);
  const churn = new Float64Array(n);
  const { blend: b, bgNbd: bg, horizon: h } = p;
  for (let i = 0; i < n; i++) {
    const e = expectedPurchases(bg, h, w.x[i], w.tx[i], w.T[i]);
    count[i] = b.count * gbtCount[i] + (1 - b.count) * e;
    revenue[i] = b.revenue * gbtRevenue[i] + (1 - b.revenue) * e * expectedSpend(p.gammaGamma, w.x[i], w.m[i]);
    churn[i] = b.churn * gbtChurn[i] + (1 - b.churn) * probabilityNoPurchase(bg, h, w.x[i], w.tx[i], w.T[i]);
  }
  return { count, revenue, churn };
}

/**
 * The full score of customer i: intervals, and CLV = expectedRevenue × Σ_{k<clvPeriods} (1 − pChurn)^k (each later
 * horizon kept with probability 1 − pChurn, undiscounted).
 */
export function scoreOf(
  p: CustomerValueParams,
  s: ReturnType<typeof scoreWindow>,
  meanRevenue: number,
  i: number,
): CustomerValueScore {
  const scale = residualScale(meanRevenue, s.revenue[i]);
  let factor = 0;
  for (let k = 0; k < p.clvPeriods; k++) factor += (1 - s.churn[i]) ** k;
  return {
    pChurn: s.churn[i],
    expectedPurchases: s.count[i],
    purchasesInterval: [poissonQuantile(s.count[i], 0.1), poissonQuantile(s.count[i], 0.9)],
    expectedRevenue: s.revenue[i],
    revenueInterval: [
      // P(revenue = 0) ≥ P(no purchase): when that is ≥ 10 %, the 10 % quantile is 0
      s.churn[i] >= 0.1 ? 0 : Math.max(0, s.revenue[i] + p.revenueResidual[0] * scale),
      Math.max(0, s.revenue[i] + p.revenueResidual[1] * scale),
    ],
    clv: s.revenue[i] * factor,
  };
}

/** A one-customer window from its summary fields (targets zero). */
export function windowOfInputs(v: Record<(typeof VALUE_INPUTS)[number], number>, cutoffDay: number): CutoffWindow {
  const one = (k: (typeof VALUE_INPUTS)[number]) => Float64Array.of(v[k]);
  return {
    ids: ['customer'],
    x: one('x'),
    tx: one('tx'),
    T: one('T'),
    m: one('m'),
    meanRevenue: one('meanRevenue'),
    lastCount: one('lastCount'),
    lastRevenue: one('lastRevenue'),
    count30: one('count30'),
    revenue30: one('revenue30'),
    count90: one('count90'),
    revenue90: one('revenue90'),
    count180: one('count180'),
    revenue180: one('revenue180'),
    countPrior90: one('countPrior90'),
    cutoffDay,
    count: new Float64Array(1),
    revenue: new Float64Array(1),
  };
}
