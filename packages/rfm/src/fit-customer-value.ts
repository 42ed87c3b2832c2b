import {
  type FitResult,
  type Frame,
  invalidArgument,
  isoDate,
  MS_PER_DAY,
  quantileSorted,
  RetailKitError,
} from '@retailkit/core';
import { type BgNbdModel, fitBgNbd } from './bg-nbd.js';
import type { CustomerTables } from './customer-events-sql.js';
import { type CustomerValueModel, customerValueOf } from './customer-value-model.js';
import type { PurchaseUnit } from './evaluate-customer-value.js';
import { fitGammaGamma, type GammaGammaModel } from './gamma-gamma.js';
import { sealCustomerValue } from './internal/customer-value-artifact.js';
import {
  type CustomerValueParams,
  parseModels,
  residualScale,
  scoreOf,
  scoreWindow,
} from './internal/customer-value-score.js';
import { cutoffWindow, eventsFingerprint, purchaseEvents } from './internal/customer-windows.js';
import { parseUnit } from './internal/validate.js';
import {
  fitValueModels,
  MAX_TRAINING_WINDOWS,
  trainingCutoffs,
  VALUE_FEATURES,
  valueFeatures,
  windowModels,
} from './internal/value-gbt.js';
import { type BlendWeights, type CandidateModel, EVEN_BLEND } from './internal/value-selection.js';
import { type FeatureImportance, permutationImportance } from './permutation-importance.js';

/** Options of `fitCustomerValue`. */
export interface CustomerValueFitOptions {
  /** Feature date (default: midnight after the last transaction). Also the model's `createdAt`. */
  readonly asOf?: number | string | Date;
  /** Days ahead for churn, purchases and revenue (default 90). */
  readonly horizon?: number;
  /** What one purchase is (default `days`). */
  readonly unit?: PurchaseUnit;
  /** `blend` (default) or `gbt`: use `evaluateCustomerValue(…).selected.model`. */
  readonly model?: CandidateModel;
  /** Weights on the GBT in the blend (default: `evaluateCustomerValue(…).selected.blend`, else 0.5 each). */
  readonly blend?: BlendWeights;
  /** Days of history a training window needs (default 90). */
  readonly minHistoryDays?: number;
  /** Most recent training windows used, 28 days apart (default 3, as `evaluateCustomerValue`). */
  readonly maxWindows?: number;
  /** Compute `report.churnImportance` (default false: it costs about half the fit). */
  readonly importance?: boolean;
  /** Horizons summed in the CLV (default 4). */
  readonly clvPeriods?: number;
  readonly seed?: number;
}

/** One customer's scores at `asOf` in the report. */
export interface CustomerValueRow {
  readonly customerId: string;
  readonly pChurn: number;
  readonly expectedPurchases: number;
  readonly expectedRevenue: number;
  readonly clv: number;
}

/** The report of `fitCustomerValue`. */
export interface CustomerValueFitReport {
  readonly asOf: string;
  readonly horizonDays: number;
  readonly model: CandidateModel;
  readonly blend: BlendWeights;
  /** The training cut-offs (ISO dates), oldest first; each one's horizon ends on or before asOf. */
  readonly trainingCutoffs: string[];
  /**
   * Permutation importance of the GBT churn model's features (`permutationImportance`, 5 shuffles): the drop in
   * accuracy of "churns" = P ≥ ½ on the most recent training window, features sorted by decreasing mean; null
   * unless `importance` is set.
   */
  readonly churnImportance: FeatureImportance[] | null;
  /** BG/NBD and Gamma-Gamma fitted on the purchase summary at `asOf` (the blend's probabilistic part). */
  readonly bgNbd: BgNbdModel;
  readonly gammaGamma: GammaGammaModel;
  /** Every customer with a purchase before asOf, by id. */
  readonly customers: CustomerValueRow[];
}

/**
 * Fit the customer-value model at the data's end (`asOf`): the GBT models (`evaluateCustomerValue`'s `gbt`) on the
 * most recent `maxWindows` training windows whose horizons end by `asOf`, BG/NBD and Gamma-Gamma on the summary at
 * `asOf`, and for `blend` the weights given. The model predicts P(churn) = P(no purchase in the horizon),
 * expected purchases with a Poisson 80 % interval, expected revenue with an 80 % interval from the training
 * residuals (in-sample, so optimistic), and CLV = expectedRevenue × Σ_{k<clvPeriods} (1 − pChurn)^k. Which model
 * to fit is decided by `evaluateCustomerValue` on earlier cut-offs; this function does no evaluation.
 *
 * Input: cleaned transaction lines, or `{ events }` — `customerEvents(lines)` or a warehouse's `customerEventsSql`
 * rows, the only thing the fit reads (history starts at the first event; asOf defaults to the day after the last
 * event, so pass the lines' asOf to match a fit on the lines exactly). `trainingFingerprint` hashes the events
 * (revenue in single precision), so both inputs give the same artifact.
 *
 * Complexity O(rows + windows × (customers + BG/NBD fit) + 3 GBT fits); with events, O(events log events) for rows.
 *
 * @throws RetailKitError `MISSING_COLUMN`; `INVALID_ARGUMENT` for a bad option or when no training window fits
 *   before asOf (the history must cover minHistoryDays + horizon days).
 * @example
 * // frame: cleaning's revenue view of the UCI Online Retail data
 * const { model, report } = fitCustomerValue(frame, { model: 'blend' });
 * report.customers.length // 4,339 customers; model.predict({ transactions: [...] }).pChurn …
 */
export function fitCustomerValue(
  input: Frame | CustomerTables,
  options: CustomerValueFitOptions = {},
): FitResult<CustomerValueModel, CustomerValueFitReport> {
  const fn = 'fitCustomerValue';
  const horizon = options.horizon ?? 90;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw invalidArgument(fn, 'horizon', horizon, 'a whole number of days ≥ 1');
  const unit = parseUnit(fn, options.unit);
  const model = options.model ?? 'blend';
  if (model !== 'gbt' && model !== 'blend') throw invalidArgument(fn, 'model', model, '"gbt" or "blend"');
  const blend = options.blend ?? EVEN_BLEND;
  const clvPeriods = options.clvPeriods ?? 4;
  if (!Number.isInteger(clvPeriods) || clvPeriods < 1)
    throw invalidArgument(fn, 'clvPeriods', clvPeriods, 'a whole number ≥ 1');
  const { events, asOfDay } = purchaseEvents(fn, input, unit, options.asOf);
  const minHistory = options.minHistoryDays ?? 90;
  let firstDay = Number.POSITIVE_INFINITY;
  for (const e of events) if (e.day[0] < firstDay) firstDay = e.day[0];
  if (!Number.isFinite(firstDay))
    throw invalidArgument(fn, 'input', 'no purchase before asOf', 'purchases of identified customers before asOf');
  const cutoffs = trainingCutoffs(asOfDay, horizon, firstDay, minHistory)
    .slice(0, options.maxWindows ?? MAX_TRAINING_WINDOWS)
    .reverse();
  const training = cutoffs
    .map((d) => {
      const window = cutoffWindow(events, d, horizon);
      if (window.ids.length === 0) return null;
      const models = windowModels(window);
      return { window, models, features: valueFeatures(window, models, horizon) };
    })
    .filter((t) => t !== null);
  if (training.length === 0)
    throw new RetailKitError(
      'INVALID_ARGUMENT',
      `${fn}: no training window before asOf ${isoDate(asOfDay * MS_PER_DAY)}: the data needs ${minHistory + horizon} days of history before it. Give more history, a later asOf, or a smaller minHistoryDays/horizon.`,
      { details: { asOf: isoDate(asOfDay * MS_PER_DAY), minHistory, horizon } },
    );
  const fitted = fitValueModels(training, options.seed ?? 42);
  const w = cutoffWindow(events, asOfDay, horizon);
  const bgNbd = fitBgNbd({ x: w.x, tx: w.tx, T: w.T });
  const gammaGamma = fitGammaGamma(w.x, w.m);
  const params0: CustomerValueParams = {
    model,
    blend,
    horizon,
    unit,
    asOf: isoDate(asOfDay * MS_PER_DAY),
    bgNbd: bgNbd.params,
    gammaGamma: gammaGamma.params,
    count: fitted.countMean.toJSON(),
    revenue: fitted.revenueMean.toJSON(),
    churn: fitted.churn.toJSON(),
    platt: fitted.platt,
    revenueResidual: [0, 0],
    clvPeriods,
  };
  const parsed = parseModels(params0);
  // residual quantiles of the revenue prediction on the training windows (revenue units of each customer)
  const residuals: number[] = [];
  for (const t of training) {
    const s = scoreWindow({ ...params0, bgNbd: t.models.bg }, parsed, t.window);
    for (let i = 0; i < t.window.ids.length; i++)
      residuals.push((t.window.revenue[i] - s.revenue[i]) / residualScale(t.window.meanRevenue[i], s.revenue[i]));
  }
  residuals.sort((a, b) => a - b);
  const params = {
    ...params0,
    revenueResidual: [quantileSorted(residuals, 0.1), quantileSorted(residuals, 0.9)] as const,
  };
  const artifact = sealCustomerValue(params, {
    createdAt: new Date(asOfDay * MS_PER_DAY).toISOString(),
    trainingFingerprint: eventsFingerprint(events),
  });
  const s = scoreWindow(params, parsed, w);
  const customers = w.ids.map((customerId, i) => {
    const v = scoreOf(params, s, w.meanRevenue[i], i);
    return {
      customerId,
      pChurn: v.pChurn,
      expectedPurchases: v.expectedPurchases,
      expectedRevenue: v.expectedRevenue,
      clv: v.clv,
    };
  });
  const held = training[training.length - 1];
  const churnImportance = !options.importance
    ? null
    : permutationImportance(
        (m) =>
          Int32Array.from(fitted.churn.predict({ rows: m.n, cols: m.d, values: m.data }), (q) => (q >= 0.5 ? 1 : 0)),
        { n: held.features.rows, d: held.features.cols, data: Float64Array.from(held.features.values) },
        Int32Array.from(held.window.count, (c) => (c > 0 ? 0 : 1)),
        VALUE_FEATURES,
        { repeats: 5, seed: options.seed ?? 42 },
      ).overall;
  return {
    model: customerValueOf(artifact),
    report: {
      asOf: params.asOf,
      horizonDays: horizon,
      model,
      blend,
      trainingCutoffs: cutoffs.map((d) => isoDate(d * MS_PER_DAY)),
      churnImportance,
      bgNbd,
      gammaGamma,
      customers,
    },
  };
}
