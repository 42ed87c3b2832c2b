import { type Frame, filter, invalidArgument, isoDate, quantileSorted, typedColumn } from '@retailkit/core';
import { tooLittleData } from './errors.js';
import type { ElasticityOptions } from './fit-elasticity.js';
import { controlsOf, estimate, resolveEstimate } from './internal/estimate.js';
import { buildHistory, MS_PER_WEEK, type ProductHistory, resolveHistory } from './internal/history.js';

/** Options of {@link validatePriceChanges}: the fit's options, the held-out weeks and the comparison window. */
export interface ValidationOptions extends Omit<ElasticityOptions, 'name' | 'createdAt'> {
  /** The data's last weeks held out (the model is fitted on the weeks before). Default 8. */
  readonly holdoutWeeks?: number;
  /** Weeks before and after a change whose selling weeks are compared. Default 4. */
  readonly window?: number;
}

/** One held-out list-price change: actual and predicted change in mean log weekly quantity. */
export interface ValidatedChange {
  readonly stockCode: string;
  /** Monday (ISO date) of the week the new list price took effect. */
  readonly week: string;
  readonly oldPrice: number;
  readonly newPrice: number;
  /** Mean ln q over the selling weeks of [change, change + window) minus over [change − window, change). */
  readonly actual: number;
  /** β·Δln p + γ·Δz̄ (the model). */
  readonly predicted: number;
  /** γ·Δz̄ (trend and season only). */
  readonly seasonal: number;
  readonly elasticity: number;
}

/** Mean absolute errors of the model and its baselines on the held-out changes (null when there is none). */
export interface ValidationErrors {
  readonly model: number | null;
  readonly seasonal: number | null;
  readonly noPriceEffect: number | null;
}

/** The result of {@link validatePriceChanges}. */
export interface PriceValidation {
  readonly holdoutWeeks: number;
  readonly window: number;
  /** Monday (ISO date) of the first held-out week. */
  readonly cutoff: string;
  readonly changes: ValidatedChange[];
  readonly mae: ValidationErrors;
  /** Held-out changes not scored: product not identified on the training weeks, or no selling week on a side. */
  readonly skipped: { readonly notIdentified: number; readonly noWindow: number };
  /** The training fit's elasticities: identified products, those significantly < 0, and quantiles (type 7). */
  readonly elasticities: {
    readonly identified: number;
    readonly significantlyNegative: number;
    readonly shareSignificantlyNegative: number | null;
    readonly quantiles: { readonly q: number; readonly value: number }[];
  };
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Validation on held-out price changes: the last `holdoutWeeks` (8) weeks of the data's weekly grid are held out,
 * `fitElasticity`'s model is fitted on the lines of the weeks before, and every list-price change that takes
 * effect in a held-out week (found on the full history) is scored. Actual: the change in mean ln(weekly quantity)
 * between the selling weeks of the `window` (4) weeks from the change and of the `window` weeks before it.
 * Predicted: β·(ln p_new − ln p_old) + γ·(z̄_after − z̄_before) with the training fit's pooled β and controls γ.
 * Baselines in the same table: no price effect (0) and seasonal (γ·Δz̄ alone). Errors are MAEs in log units.
 * Also the share of identified products whose elasticity interval lies below zero, and their quantiles.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option or line; `PRICING_TOO_LITTLE_DATA` when the data
 *   spans no more weeks than are held out, or the training weeks cannot be fitted.
 * @example
 * const v = validatePriceChanges(clean(raw).views.modeling);
 * v.mae // { model: …, seasonal: …, noPriceEffect: … }
 */
export function validatePriceChanges(lines: Frame, options: ValidationOptions = {}): PriceValidation {
  const fn = 'validatePriceChanges';
  const ho = resolveHistory(fn, options);
  const eo = resolveEstimate(fn, options);
  const holdoutWeeks = options.holdoutWeeks ?? 8;
  const window = options.window ?? 4;
  if (!(Number.isInteger(holdoutWeeks) && holdoutWeeks >= 1))
    throw invalidArgument(fn, 'holdoutWeeks', holdoutWeeks, 'an integer ≥ 1');
  if (!(Number.isInteger(window) && window >= 1)) throw invalidArgument(fn, 'window', window, 'an integer ≥ 1');
  const full = buildHistory(lines, fn, ho);
  const cutoffWeek = full.nWeeks - holdoutWeeks;
  if (cutoffWeek < 2)
    throw tooLittleData(fn, `the data spans ${full.nWeeks} weeks; holding out ${holdoutWeeks} leaves too few to fit.`, {
      weeks: full.nWeeks,
      holdoutWeeks,
    });
  const cutoff = full.firstWeek + cutoffWeek * MS_PER_WEEK;
  const date = typedColumn(lines, 'invoiceDate', 'timestamp', fn).data;
  const train = buildHistory(
    filter(lines, (i) => date[i] < cutoff),
    fn,
    ho,
  );
  const est = estimate(train, fn, eo);
  const gamma = est.controls.map((c) => c.coefficient);
  const k = gamma.length;
  const byCode = new Map(est.products.map((p) => [p.stockCode, p]));
  const changes: ValidatedChange[] = [];
  let notIdentified = 0;
  let noWindow = 0;
  const z = new Float64Array(k);
  for (const p of full.products) {
    for (const c of p.changes) {
      if (c.week < cutoffWeek) continue;
      const e = byCode.get(p.stockCode);
      if (!e?.identified || e.elasticity === null) {
        notIdentified++;
        continue;
      }
      const before = sideMeans(p, c.week - window, c.week, full.firstWeek, eo.harmonics, z);
      const after = sideMeans(p, c.week, c.week + window, full.firstWeek, eo.harmonics, z);
      if (before === null || after === null) {
        noWindow++;
        continue;
      }
      let seasonal = 0;
      for (let j = 0; j < k; j++) seasonal += gamma[j] * (after.z[j] - before.z[j]);
      changes.push({
        stockCode: p.stockCode,
        week: isoDate(full.firstWeek + c.week * MS_PER_WEEK),
        oldPrice: c.oldPrice,
        newPrice: c.newPrice,
        actual: after.y - before.y,
        predicted: e.elasticity * Math.log(c.newPrice / c.oldPrice) + seasonal,
        seasonal,
        elasticity: e.elasticity,
      });
    }
  }
  const mae = (f: (c: ValidatedChange) => number) =>
    changes.length === 0 ? null : changes.reduce((a, c) => a + Math.abs(c.actual - f(c)), 0) / changes.length;
  const ident = est.products.filter((p) => p.identified);
  const sigNeg = ident.filter((p) => (p.elasticity as number) + eo.z * (p.stdError as number) < 0).length;
  const sorted = Float64Array.from(ident, (p) => p.elasticity as number).sort();
  return {
    holdoutWeeks,
    window,
    cutoff: isoDate(cutoff),
    changes,
    mae: { model: mae((c) => c.predicted), seasonal: mae((c) => c.seasonal), noPriceEffect: mae(() => 0) },
    skipped: { notIdentified, noWindow },
    elasticities: {
      identified: ident.length,
      significantlyNegative: sigNeg,
      shareSignificantlyNegative: ident.length === 0 ? null : sigNeg / ident.length,
      quantiles: sorted.length === 0 ? [] : QUANTILES.map((q) => ({ q, value: quantileSorted(sorted, q) })),
    },
  };
}

/** Mean ln q and mean controls over a product's selling weeks in [from, to); null when there is none. */
function sideMeans(
  p: ProductHistory,
  from: number,
  to: number,
  firstWeek: number,
  harmonics: number,
  scratch: Float64Array,
): { y: number; z: Float64Array } | null {
  const k = scratch.length;
  const zm = new Float64Array(k);
  let y = 0;
  let n = 0;
  for (let j = 0; j < p.weeks.length; j++) {
    if (p.weeks[j] < from || p.weeks[j] >= to) continue;
    y += Math.log(p.quantity[j]);
    controlsOf(firstWeek + p.weeks[j] * MS_PER_WEEK, firstWeek, harmonics, scratch);
    for (let m = 0; m < k; m++) zm[m] += scratch[m];
    n++;
  }
  if (n === 0) return null;
  for (let m = 0; m < k; m++) zm[m] /= n;
  return { y: y / n, z: zm };
}
