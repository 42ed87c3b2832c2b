import { checkPositiveInt, invalidArgument } from '../errors.js';
import {
  checkTransforms,
  type DateFeature,
  dateFeatureNames,
  dateFeatureValues,
  featureName,
  type LagTransform,
  lagTransformValue,
} from '../features.js';
import { futureDates } from '../internal/calendar.js';
import { fitGbt, type GbtEnsemble, type GbtParams, predictGbt } from '../internal/hist-gbt.js';
import type { SeriesData } from '../internal/series-data.js';
import type { FittedModel, ForecastModel } from './model.js';

/** Options of {@link gradientBoosting}. */
export interface GradientBoostingOptions extends Partial<GbtParams> {
  /** Lag transforms (default lags 1–4, rolling means of 4 and 8, rolling max 8, expanding mean, EWM α 0.3). */
  readonly transforms?: readonly LagTransform[];
  readonly dateFeatures?: readonly DateFeature[];
  /** `recursive` (one-step model fed its own forecasts) or `direct` (one model per step up to `horizon`). */
  readonly strategy?: 'recursive' | 'direct';
  /** Largest horizon (required for `direct`). */
  readonly horizon?: number;
  /**
   * Per-series target scaling, inverted exactly: z = y / s with s = mean of the last `scaleWindow` values
   * (1 when 0), or `log1p`. Default `scale`.
   */
  readonly target?: 'scale' | 'log1p' | 'identity';
  readonly scaleWindow?: number;
  /**
   * Row weights: `'scale'` weights every training row by its series' scale s, so the loss on scaled targets z = y / s
   * equals the loss on y (with `loss: 'l1'` that is the numerator of WAPE). Default `'none'`.
   */
  readonly sampleWeight?: 'none' | 'scale';
  /** Training rows need at least this many past observations. Default 4. */
  readonly minHistory?: number;
  /** Forecasts below zero are clipped to 0 (demand). Default true. */
  readonly nonNegative?: boolean;
  readonly alias?: string;
}

const DEFAULT_TRANSFORMS: LagTransform[] = [
  { type: 'lag', lag: 1 },
  { type: 'lag', lag: 2 },
  { type: 'lag', lag: 3 },
  { type: 'lag', lag: 4 },
  { type: 'rollingMean', lag: 1, windowSize: 4 },
  { type: 'rollingMean', lag: 1, windowSize: 8 },
  { type: 'rollingMax', lag: 1, windowSize: 8 },
  { type: 'rollingMin', lag: 1, windowSize: 8 },
  { type: 'expandingMean', lag: 1 },
  { type: 'ewm', lag: 1, alpha: 0.3 },
];

/**
 * A global gradient-boosted tree forecaster (M5-style): one histogram GBT trained on the lag-transform and
 * calendar features of every series at once, on per-series scaled targets. `recursive`: a one-step model whose
 * forecasts are appended to the history; `direct`: one model per step h, trained on (features at origin o,
 * y(o + h − 1)). Features at a time never use its value or later ones. Alias `GBT` (+ `Direct`).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for bad options (e.g. `direct` without `horizon`).
 * @example
 * gradientBoosting({ strategy: 'direct', horizon: 8, loss: 'l1' }).forecast(weekly, 8)
 */
export function gradientBoosting(options: GradientBoostingOptions = {}): ForecastModel {
  const fn = 'gradientBoosting';
  const strategy = options.strategy ?? 'recursive';
  if (strategy !== 'recursive' && strategy !== 'direct')
    throw invalidArgument(fn, 'strategy', strategy, "'recursive' or 'direct'");
  const horizon = strategy === 'direct' ? checkPositiveInt(fn, 'horizon', options.horizon) : 1;
  const transforms = options.transforms ?? DEFAULT_TRANSFORMS;
  checkTransforms(fn, transforms);
  const dateFeatures = options.dateFeatures ?? [];
  const params: GbtParams = {
    nTrees: options.nTrees ?? 100,
    learningRate: options.learningRate ?? 0.1,
    maxDepth: options.maxDepth ?? 4,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    maxBins: Math.min(255, options.maxBins ?? 255),
    lambda: options.lambda ?? 1,
    loss: options.loss ?? 'l2',
  };
  if (params.loss !== 'l1' && params.loss !== 'l2') throw invalidArgument(fn, 'loss', params.loss, "'l1' or 'l2'");
  const target = options.target ?? 'scale';
  const minHistory = options.minHistory ?? 4;
  const sampleWeight = options.sampleWeight ?? 'none';
  if (sampleWeight !== 'none' && sampleWeight !== 'scale')
    throw invalidArgument(fn, 'sampleWeight', sampleWeight, "'none' or 'scale'");
  const nonNegative = options.nonNegative ?? true;
  const alias = options.alias ?? (strategy === 'direct' ? 'GBTDirect' : 'GBT');
  const names = [...transforms.map(featureName), ...dateFeatures.flatMap(dateFeatureNames), 'log_scale'];
  const P = names.length;

  const rowInto = (out: Float64Array, at: number, prefix: Float64Array, date: number, logScale: number): void => {
    let j = at;
    for (const tr of transforms) out[j++] = lagTransformValue(prefix, tr);
    for (const f of dateFeatures) for (const v of dateFeatureValues(date, f)) out[j++] = v;
    out[j] = logScale;
  };

  const fit = (data: SeriesData): FittedModel => {
    const S = data.ids.length;
    const z: Float64Array[] = [];
    const scales = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      const y = data.y.subarray(data.offsets[i], data.offsets[i + 1]);
      let s = 1;
      if (target === 'scale') {
        const w = Math.min(y.length, options.scaleWindow ?? y.length);
        let sum = 0;
        for (let t = y.length - w; t < y.length; t++) sum += Math.abs(y[t]);
        s = w > 0 && sum > 0 ? sum / w : 1;
      }
      scales[i] = s;
      z.push(Float64Array.from(y, (v) => (target === 'scale' ? v / s : target === 'log1p' ? Math.log1p(v) : v)));
    }
    const models: GbtEnsemble[] = [];
    for (let h = 1; h <= horizon; h++) {
      let rows = 0;
      for (let i = 0; i < S; i++) rows += Math.max(0, z[i].length - h + 1 - minHistory);
      const X = new Float64Array(rows * P);
      const yt = new Float64Array(rows);
      const wts = sampleWeight === 'scale' ? new Float64Array(rows) : undefined;
      let r = 0;
      for (let i = 0; i < S; i++) {
        const zi = z[i];
        const ds = data.ds.subarray(data.offsets[i], data.offsets[i + 1]);
        const ls = Math.log(scales[i]);
        for (let o = minHistory; o + h - 1 < zi.length; o++) {
          rowInto(X, r * P, zi.subarray(0, o), ds[o + h - 1], ls);
          if (wts) wts[r] = scales[i];
          yt[r++] = zi[o + h - 1];
        }
      }
      models.push(fitGbt(X, rows, P, yt, params, wts));
    }
    const inverse = (v: number, s: number): number => {
      const out = target === 'scale' ? v * s : target === 'log1p' ? Math.expm1(v) : v;
      return nonNegative ? Math.max(0, out) : out;
    };
    return Object.freeze({
      alias,
      ids: data.ids,
      params: data.ids.map((_, i) => ({
        scale: scales[i],
        features: names,
        trees: models.reduce((s, m) => s + m.trees.length, 0),
      })),
      predict(H: number): Float64Array {
        if (strategy === 'direct' && H > horizon)
          throw invalidArgument(
            `${alias}.predict`,
            'horizon',
            H,
            `<= ${horizon} (the horizon it was fitted for)`,
            'Refit with a larger horizon.',
          );
        const out = new Float64Array(S * H);
        const row = new Float64Array(P);
        for (let i = 0; i < S; i++) {
          const n = z[i].length;
          const last = n > 0 ? data.ds[data.offsets[i + 1] - 1] : 0;
          const fut = futureDates(last, H, data.freq, data.calendar);
          const ls = Math.log(scales[i]);
          if (strategy === 'direct') {
            for (let h = 1; h <= H; h++) {
              rowInto(row, 0, z[i], fut[h - 1], ls);
              out[i * H + h - 1] = inverse(predictGbt(models[h - 1], row), scales[i]);
            }
          } else {
            const ext = new Float64Array(n + H);
            ext.set(z[i]);
            for (let h = 0; h < H; h++) {
              rowInto(row, 0, ext.subarray(0, n + h), fut[h], ls);
              const v = predictGbt(models[0], row);
              ext[n + h] = v;
              out[i * H + h] = inverse(v, scales[i]);
            }
          }
        }
        return out;
      },
    });
  };
  return Object.freeze({
    alias,
    spec: { type: 'GradientBoosting', alias, options: { ...options, alias } },
    fit,
    forecast: (d: SeriesData, h: number) => fit(d).predict(h),
  });
}
