import { type Frame, invalidArgument, MS_PER_DAY } from '@retailkit/core';
import { type BgNbdParams, expectedPurchases, fitBgNbd } from './bg-nbd.js';
import { parseAsOf } from './internal/validate.js';
import { purchaseSummary } from './purchase-summary.js';

/** Options of `validateChurn`. */
export interface ValidateChurnOptions {
  /** End of the calibration period (epoch ms, Date or YYYY-MM-DD); the holdout starts there. */
  readonly cutoff: number | string | Date;
  /** Holdout length in days (default 90). */
  readonly horizon?: number;
}

/** Calibration/holdout comparison of BG/NBD. */
export interface ChurnValidation {
  readonly params: BgNbdParams;
  readonly customers: number;
  readonly horizon: number;
  /** Sum over calibration customers of predicted and actual repeat purchase days in the holdout. */
  readonly predictedTotal: number;
  readonly actualTotal: number;
  /** (predicted − actual) / actual. */
  readonly totalError: number;
  /** Mean absolute and root-mean-square per-customer errors. */
  readonly mae: number;
  readonly rmse: number;
  /** Same MAE for the naive baseline "as many purchases as the calibration rate predicts" (x / T × horizon). */
  readonly baselineMae: number;
}

/**
 * Validate BG/NBD on a calibration/holdout split: fit on rows before `cutoff` (customers whose first purchase
 * precedes it), predict each customer's purchase days in `[cutoff, cutoff + horizon)`, compare with the actual
 * distinct purchase days there, per customer (MAE, RMSE, against a naive rate baseline) and in total.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad cutoff or horizon; as `fitBgNbd`.
 * @example
 * // frame: cleaning's revenue view of the UCI Online Retail data
 * validateChurn(frame, { cutoff: '2011-09-10', horizon: 90 })
 * // { customers: 3370, horizon: 90, predictedTotal: 3326.501173897397, actualTotal: 4451,
 * //   totalError: -0.2526395924741862, mae: 0.9343247239799841, rmse: 1.512078523669239, baselineMae: 0.9127979074158927, params: {…} }
 */
export function validateChurn(frame: Frame, options: ValidateChurnOptions): ChurnValidation {
  const cutoff = parseAsOf('validateChurn', options.cutoff);
  if (cutoff === undefined) throw invalidArgument('validateChurn', 'cutoff', options.cutoff, 'a date');
  const horizon = options.horizon ?? 90;
  if (!(horizon > 0)) throw invalidArgument('validateChurn', 'horizon', horizon, 'a positive number of days');
  const cal = purchaseSummary(frame, { asOf: cutoff });
  const end = purchaseSummary(frame, { asOf: cutoff + horizon * MS_PER_DAY });
  const get = (f: Frame, n: string) => (f.columns[n] as { data: Float64Array }).data;
  const x = get(cal, 'x');
  const tx = get(cal, 'tx');
  const T = get(cal, 'T');
  const model = fitBgNbd({ x, tx, T });
  const endIds = end.columns.customerId as { codes: Int32Array; values: readonly string[] };
  const endX = get(end, 'x');
  const byId = new Map<string, number>();
  for (let i = 0; i < end.length; i++) byId.set(endIds.values[endIds.codes[i]], endX[i]);
  const calIds = cal.columns.customerId as { codes: Int32Array; values: readonly string[] };
  let pred = 0;
  let act = 0;
  let abs = 0;
  let sq = 0;
  let base = 0;
  for (let i = 0; i < cal.length; i++) {
    const p = expectedPurchases(model.params, horizon, x[i], tx[i], T[i]);
    const a = (byId.get(calIds.values[calIds.codes[i]]) ?? x[i]) - x[i];
    pred += p;
    act += a;
    abs += Math.abs(p - a);
    sq += (p - a) ** 2;
    base += Math.abs((T[i] > 0 ? (x[i] / T[i]) * horizon : 0) - a);
  }
  const n = cal.length;
  return {
    params: model.params,
    customers: n,
    horizon,
    predictedTotal: pred,
    actualTotal: act,
    totalError: act > 0 ? (pred - act) / act : Number.NaN,
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    baselineMae: base / n,
  };
}
