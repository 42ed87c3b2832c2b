import { dayNumber, type Frame, invalidArgument, isoDate, MS_PER_DAY, RetailKitError } from '@retailkit/core';
import { expectedPurchases, fitBgNbd, probabilityNoPurchase } from './bg-nbd.js';
import { expectedSpend, fitGammaGamma } from './gamma-gamma.js';
import { type CutoffWindow, customerEventLists, cutoffWindow } from './internal/customer-windows.js';
import { auc, brier, calibrationDeciles } from './internal/scores.js';
import { PURCHASE_COLUMNS, parseAsOf, requireColumns } from './internal/validate.js';
import {
  fitValueModels,
  MAX_TRAINING_WINDOWS,
  predictValue,
  type TrainingWindow,
  trainingCutoffs,
  VALUE_FEATURES,
  valueFeatures,
  windowModels,
} from './internal/value-gbt.js';
import {
  type BlendHistory,
  type BlendWeights,
  blend,
  CANDIDATES,
  type CandidateModel,
  chooseBlend,
  type Predictions,
  selectModel,
} from './internal/value-selection.js';
import { fitParetoNbd, paretoNbdExpectedPurchases, paretoNbdProbabilityNoPurchase } from './pareto-nbd.js';

export type { BlendWeights, CandidateModel };

/** The models every customer-value model is compared with, computed in the same run. */
export type ValueBaseline = 'naive-rate' | 'last-horizon' | 'bg-nbd' | 'pareto-nbd' | 'gamma-gamma';

/** What counts as one purchase: a calendar day with a purchase (BG/NBD's convention) or a purchase invoice. */
export type PurchaseUnit = 'days' | 'invoices';

/** One decile of predicted probability: customers, mean prediction and observed rate. */
export interface CalibrationBin {
  readonly bin: number;
  readonly customers: number;
  readonly meanPredicted: number;
  readonly observed: number;
}

/** Options of `evaluateCustomerValue`. */
export interface EvaluateValueOptions {
  /**
   * Cut-offs (epoch ms, Date or YYYY-MM-DD, at midnight UTC). Default: the 1st of each month with at least
   * `minHistoryDays` of data before it and a full horizon after it, plus the last cut-off whose horizon ends on the
   * last day of the data.
   */
  readonly cutoffs?: readonly (number | string | Date)[];
  /** Days after each cut-off over which targets are counted (default 90). */
  readonly horizon?: number;
  /** What one purchase is: a day with a purchase (default, BG/NBD's unit) or a purchase invoice. */
  readonly unit?: PurchaseUnit;
  /** Days of data a cut-off needs before it (default 90). */
  readonly minHistoryDays?: number;
  /** Fewest customers with a purchase before a cut-off (default 50). */
  readonly minCustomers?: number;
  /** Seed of the gradient-boosted models (default 42). */
  readonly seed?: number;
}

/** One model at one cut-off; a metric the model does not predict is null. */
export interface ValueEvaluation {
  readonly cutoff: string;
  readonly model: string;
  readonly baseline: boolean;
  readonly customers: number;
  readonly countMae: number | null;
  readonly countRmse: number | null;
  readonly revenueMae: number | null;
  readonly revenueRmse: number | null;
  readonly churnAuc: number | null;
  readonly churnBrier: number | null;
  /** Churn calibration: customers by decile of P(no purchase), mean predicted against observed churn. */
  readonly churnCalibration: CalibrationBin[] | null;
}

/** The result of `evaluateCustomerValue`. */
export interface ValueEvaluationReport {
  readonly horizonDays: number;
  readonly unit: PurchaseUnit;
  /** One row per evaluated cut-off and model. */
  readonly evaluations: ValueEvaluation[];
  /** Per model, the mean of each metric over every cut-off in `evaluations`. */
  readonly mean: Omit<ValueEvaluation, 'cutoff' | 'customers' | 'churnCalibration'>[];
  /** Cut-offs left out, with the reason. */
  readonly skipped: { cutoff: string; reason: string }[];
  /** Models that could not be fitted at an evaluated cut-off (no earlier training window), with the reason. */
  readonly modelsSkipped: { cutoff: string; model: string; reason: string }[];
  /** Per cut-off with GBT rows: the candidate chosen on earlier cut-offs only (its row is `selected`), and the blend weights used. */
  readonly selection: { cutoff: string; model: CandidateModel; reason: string; blend: BlendWeights }[];
  /** The choice on every evaluated cut-off, for fitting at the data's end (`fitCustomerValue`); null without GBT rows. */
  readonly selected: { model: CandidateModel; reason: string; blend: BlendWeights } | null;
}

function skipReason(
  day: number,
  d: { firstDay: number; lastDay: number; horizon: number; minHistory: number },
): string | null {
  if (day + d.horizon > d.lastDay)
    return `no full ${d.horizon}-day horizon: the data ends on ${isoDate(d.lastDay * MS_PER_DAY)}`;
  if (day - d.firstDay < d.minHistory)
    return `${day - d.firstDay} days of history before it, fewer than minHistoryDays ${d.minHistory}`;
  return null;
}

/**
 * The honest evaluation protocol for purchase counts, revenue and churn: for each cut-off, features from purchases
 * before it only (the BG/NBD summary x, tx, T, m; the last horizon's purchases), targets over the following
 * `horizon` days — purchases (days or invoices), purchase revenue, and churn = no purchase — for every customer with
 * a purchase before the cut-off. Each baseline is fitted at each cut-off and scored:
 * - `naive-rate`: x/T repeat purchases per day × horizon; revenue = that × mean purchase revenue; churn = e^{−rate·horizon};
 * - `last-horizon`: purchases and revenue in the horizon before the cut-off; churn = 1 when there were none, else 0;
 * - `bg-nbd`, `pareto-nbd`: E[Y(horizon)] and P(no purchase in the horizon) from the fitted model (no revenue);
 * - `gamma-gamma`: revenue = BG/NBD's E[Y(horizon)] × Gamma-Gamma's expected spend (no count, no churn).
 * And `gbt` (not a baseline): gradient-boosted Poisson counts, Tweedie (p = 1.5) revenue and logistic churn
 * (`@retailkit/learn`) on the features x, tx, T, recency, x/T, m, mean purchase revenue and the last horizon's
 * purchases and revenue, trained on the 3 most recent windows at cut-offs every 28 days back from cut-off − horizon (at least
 * `minHistoryDays` of history each), so every training target ends before the evaluated horizon starts; at a cut-off without such a
 * window it has no row (`modelsSkipped`), and its mean is over its own rows.
 * Metrics: MAE and RMSE of counts and revenue; churn AUC (Mann–Whitney, ties as ½) and Brier score, with a decile
 * calibration table. Cut-offs without a full horizon, enough history or enough customers are skipped with the reason.
 *
 * Complexity O(rows + cut-offs × (customers log customers + model fits)).
 *
 * @throws RetailKitError `MISSING_COLUMN`; `INVALID_ARGUMENT` for a bad option or when no cut-off can be evaluated
 *   (the reasons listed in `details.skipped`).
 * @example
 * // frame: cleaning's revenue view of the UCI Online Retail data
 * const r = evaluateCustomerValue(frame, { horizon: 90 });
 * r.evaluations.filter((e) => e.cutoff === '2011-09-10').map((e) => [e.model, e.countMae])
 * // [['naive-rate', 0.91…], ['last-horizon', …], ['bg-nbd', 0.93…], ['pareto-nbd', …], ['gamma-gamma', null]]
 */
export function evaluateCustomerValue(frame: Frame, options: EvaluateValueOptions = {}): ValueEvaluationReport {
  const fn = 'evaluateCustomerValue';
  requireColumns(fn, frame, PURCHASE_COLUMNS);
  const horizon = options.horizon ?? 90;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw invalidArgument(fn, 'horizon', horizon, 'a whole number of days ≥ 1');
  const unit = options.unit ?? 'days';
  if (unit !== 'days' && unit !== 'invoices') throw invalidArgument(fn, 'unit', unit, '"days" or "invoices"');
  const minHistory = options.minHistoryDays ?? 90;
  const minCustomers = options.minCustomers ?? 50;
  const dates = (frame.columns.invoiceDate as { data: Float64Array }).data;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < dates.length; i++) {
    if (dates[i] < first) first = dates[i];
    if (dates[i] > last) last = dates[i];
  }
  if (!Number.isFinite(first)) throw invalidArgument(fn, 'frame', 'no dated rows', 'transactions with invoiceDate');
  const firstDay = dayNumber(first);
  const lastDay = dayNumber(last);
  const cutoffDays =
    options.cutoffs === undefined
      ? defaultCutoffs(firstDay, lastDay, horizon, minHistory)
      : options.cutoffs.map((c, i) => dayNumber(parseAsOf(fn, c) ?? invalidCutoff(i, c)));
  const events = customerEventLists(frame, unit, (lastDay + 1) * MS_PER_DAY);
  const evaluations: ValueEvaluation[] = [];
  const skipped: { cutoff: string; reason: string }[] = [];
  const modelsSkipped: ValueEvaluationReport['modelsSkipped'] = [];
  const selection: ValueEvaluationReport['selection'] = [];
  const history: BlendHistory[] = [];
  // windows with their features, shared by the evaluations whose training cut-offs overlap
  const windows = new Map<number, TrainingWindow>();
  const windowAt = (d: number): TrainingWindow => {
    let t = windows.get(d);
    if (!t) {
      const window = cutoffWindow(events, d, horizon);
      const features =
        window.ids.length > 0
          ? valueFeatures(window, windowModels(window), horizon)
          : { rows: 0, cols: VALUE_FEATURES.length, values: new Float64Array(0) };
      windows.set(d, (t = { window, features }));
    }
    return t;
  };
  for (const day of cutoffDays) {
    const cutoff = isoDate(day * MS_PER_DAY);
    const reason = skipReason(day, { firstDay, lastDay, horizon, minHistory });
    if (reason) {
      skipped.push({ cutoff, reason });
      continue;
    }
    const t = windowAt(day);
    const w = t.window;
    if (w.ids.length < minCustomers) {
      skipped.push({
        cutoff,
        reason: `${w.ids.length} customers bought before it, fewer than minCustomers ${minCustomers}`,
      });
      continue;
    }
    const row = (model: string, baseline: boolean, p: Predictions) =>
      evaluations.push({ cutoff, model, baseline, customers: w.ids.length, ...score(w, p) });
    const baselines = baselinePredictions(w, horizon);
    for (const [model, p] of baselines) row(model, true, p);
    const training = trainingCutoffs(day, horizon, firstDay, minHistory)
      .slice(0, MAX_TRAINING_WINDOWS)
      .reverse()
      .map(windowAt)
      .filter((x) => x.window.ids.length > 0);
    if (training.length === 0) {
      for (const model of CANDIDATES)
        modelsSkipped.push({
          cutoff,
          model,
          reason: `no training cut-off with ${minHistory} days of history whose horizon ends by ${cutoff}`,
        });
      continue;
    }
    const p = predictValue(fitValueModels(training, options.seed ?? 42), t.features);
    const gbt = { count: p.countMean, revenue: p.revenueMean, churn: p.churn };
    const find = (m: string) => baselines.find(([k]) => k === m)?.[1] as Predictions;
    const classic = {
      count: find('bg-nbd').count as Float64Array,
      revenue: find('gamma-gamma').revenue as Float64Array,
      churn: find('bg-nbd').churn as Float64Array,
    };
    const weights = chooseBlend(history);
    history.push({ gbt, classic, count: w.count, revenue: w.revenue });
    const mixed = blend(weights, gbt, classic);
    const earlier = evaluations.filter((e) => e.cutoff < cutoff);
    const chosen = selectModel(earlier, CANDIDATES) as { model: CandidateModel; reason: string };
    selection.push({ cutoff, ...chosen, blend: weights });
    row('gbt', false, gbt);
    row('blend', false, mixed);
    row('selected', false, chosen.model === 'gbt' ? gbt : mixed);
  }
  if (evaluations.length === 0)
    throw new RetailKitError(
      'INVALID_ARGUMENT',
      `${fn}: no cut-off can be evaluated on this data (${skipped.map((s) => `${s.cutoff}: ${s.reason}`).join('; ')}). Give cut-offs with ${minHistory} days of data before them and a full ${horizon}-day horizon after them.`,
      { details: { skipped } },
    );
  const final = selectModel(evaluations, CANDIDATES);
  return {
    horizonDays: horizon,
    unit,
    evaluations,
    mean: meanRows(evaluations),
    skipped,
    modelsSkipped,
    selection,
    selected: final && { ...final, blend: chooseBlend(history) },
  };
}

function invalidCutoff(i: number, c: unknown): never {
  throw invalidArgument('evaluateCustomerValue', `cutoffs[${i}]`, c, 'a date');
}

/** The 1st of each month with `minHistory` days before it and a full horizon, then the last day − horizon. */
function defaultCutoffs(firstDay: number, lastDay: number, horizon: number, minHistory: number): number[] {
  const out: number[] = [];
  const d = new Date((firstDay + minHistory) * MS_PER_DAY);
  let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (d.getUTCDate() === 1 ? 0 : 1), 1);
  for (
    ;
    dayNumber(m) + horizon <= lastDay;
    m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)
  )
    out.push(dayNumber(m));
  const latest = lastDay - horizon;
  if (latest - firstDay >= minHistory && !out.includes(latest)) out.push(latest);
  return out;
}

function baselinePredictions(w: CutoffWindow, h: number): [string, Predictions][] {
  const n = w.ids.length;
  const naive = { count: new Float64Array(n), revenue: new Float64Array(n), churn: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const rate = w.x[i] / w.T[i];
    naive.count[i] = rate * h;
    naive.revenue[i] = rate * h * w.meanRevenue[i];
    naive.churn[i] = Math.exp(-rate * h);
  }
  const lastChurn = Float64Array.from(w.lastCount, (c) => (c > 0 ? 0 : 1));
  const summary = { x: w.x, tx: w.tx, T: w.T };
  const bg = fitBgNbd(summary).params;
  const pn = fitParetoNbd(summary).params;
  const bgCount = new Float64Array(n);
  const bgChurn = new Float64Array(n);
  const pnCount = new Float64Array(n);
  const pnChurn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    bgCount[i] = expectedPurchases(bg, h, w.x[i], w.tx[i], w.T[i]);
    bgChurn[i] = probabilityNoPurchase(bg, h, w.x[i], w.tx[i], w.T[i]);
    pnCount[i] = paretoNbdExpectedPurchases(pn, h, w.x[i], w.tx[i], w.T[i]);
    pnChurn[i] = paretoNbdProbabilityNoPurchase(pn, h, w.x[i], w.tx[i], w.T[i]);
  }
  const gg = fitGammaGamma(w.x, w.m).params;
  const ggRevenue = Float64Array.from(bgCount, (c, i) => c * expectedSpend(gg, w.x[i], w.m[i]));
  return [
    ['naive-rate', naive],
    ['last-horizon', { count: w.lastCount, revenue: w.lastRevenue, churn: lastChurn }],
    ['bg-nbd', { count: bgCount, revenue: null, churn: bgChurn }],
    ['pareto-nbd', { count: pnCount, revenue: null, churn: pnChurn }],
    ['gamma-gamma', { count: null, revenue: ggRevenue, churn: null }],
  ];
}

function score(w: CutoffWindow, p: Predictions): Omit<ValueEvaluation, 'cutoff' | 'model' | 'baseline' | 'customers'> {
  const churned = Float64Array.from(w.count, (c) => (c > 0 ? 0 : 1));
  const err = (pred: Float64Array | null, actual: Float64Array) => {
    if (pred === null) return { mae: null, rmse: null };
    let abs = 0;
    let sq = 0;
    for (let i = 0; i < actual.length; i++) {
      abs += Math.abs(pred[i] - actual[i]);
      sq += (pred[i] - actual[i]) ** 2;
    }
    return { mae: abs / actual.length, rmse: Math.sqrt(sq / actual.length) };
  };
  const c = err(p.count, w.count);
  const r = err(p.revenue, w.revenue);
  return {
    countMae: c.mae,
    countRmse: c.rmse,
    revenueMae: r.mae,
    revenueRmse: r.rmse,
    churnAuc: p.churn ? auc(p.churn, churned) : null,
    churnBrier: p.churn ? brier(p.churn, churned) : null,
    churnCalibration: p.churn ? calibrationDeciles(p.churn, churned) : null,
  };
}

const METRICS = ['countMae', 'countRmse', 'revenueMae', 'revenueRmse', 'churnAuc', 'churnBrier'] as const;

function meanRows(rows: readonly ValueEvaluation[]): ValueEvaluationReport['mean'] {
  const models = [...new Set(rows.map((r) => r.model))];
  return models.map((model) => {
    const mine = rows.filter((r) => r.model === model);
    const out: Record<string, unknown> = { model, baseline: mine[0].baseline };
    for (const k of METRICS) {
      const v = mine.map((r) => r[k]);
      out[k] = v.some((x) => x === null) ? null : (v as number[]).reduce((a, b) => a + b, 0) / v.length;
    }
    return out as ValueEvaluationReport['mean'][number];
  });
}
