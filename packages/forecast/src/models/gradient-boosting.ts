import { invalidArgument } from '@retailkit/core';
import { fitGbt, type GbtModel, type GbtOptions } from '@retailkit/learn';
import { checkPositiveInt, seriesTooShort } from '../errors.js';
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
import { lowerBound } from '../internal/lower-bound.js';
import { tailMeanAbs } from '../internal/tail-mean-abs.js';
import type { SeriesData } from '../series-data.js';
import { type FittedModel, type ForecastModel, memoisedFit } from './model.js';

/** Options of {@link gradientBoosting}. */
export interface GradientBoostingOptions {
  /** Boosting rounds. Default 100. */
  readonly nTrees?: number;
  /** Shrinkage of each tree. Default 0.1. */
  readonly learningRate?: number;
  /** Default 4. */
  readonly maxDepth?: number;
  /** Fewest training rows in a leaf. Default 20. */
  readonly minSamplesLeaf?: number;
  /** Histogram bins per feature (quantile edges; one more bin holds NaN), at most 255. Default 255. */
  readonly maxBins?: number;
  /** L2 penalty λ on leaf values (`l2` loss: leaf = −G / (H + λ)). Default 1. */
  readonly lambda?: number;
  /** `l2` (squared error) or `l1` (absolute error: sign gradients, leaf = median residual). Default `l2`. */
  readonly loss?: 'l2' | 'l1';
  /** Lag transforms (default lags 1–4, rolling means of 4 and 8, rolling max 8, expanding mean, EWM α 0.3). */
  readonly transforms?: readonly LagTransform[];
  readonly dateFeatures?: readonly DateFeature[];
  /** `recursive` (one-step model fed its own forecasts) or `direct` (one model per step up to `horizon`). */
  readonly strategy?: 'recursive' | 'direct';
  /** Largest horizon (required for `direct`). */
  readonly horizon?: number;
  /**
   * `direct` only (Darts' `multi_models`): `true` (default) fits one model per step h; `false` fits a single model on
   * the rows of every step together, with h as a feature (`horizon`): `horizon` × more rows per model, one model.
   */
  readonly multiModels?: boolean;
  /**
   * Per-series target scaling, inverted exactly: z = y / s with s = mean of the last `scaleWindow` values
   * (1 when 0), or `log1p`. Default `scale`.
   */
  readonly target?: 'scale' | 'log1p' | 'identity';
  readonly scaleWindow?: number;
  /**
   * Where the scale s of `target: 'scale'` is measured. `'end'` (default): one s per series, the mean |y| of its last
   * `scaleWindow` training values. `'origin'` (M5-style): every training row and every forecast has its own
   * s(o) = mean |y| of the `scaleWindow` values before its origin o (default window 8; 1 when 0), so training rows
   * are scaled exactly as forecasts are. Features are the lag transforms of y(0 … o−1) divided by s(o) (zero shares
   * are scale-free and kept as they are); the target is y(o + h − 1) / s(o).
   */
  readonly scaleAt?: 'end' | 'origin';
  /**
   * Lag transforms of the cross-series total A(d) = Σ_i y_i(d) over the dates before the origin, divided by the
   * mean of A over the last `scaleWindow` such dates (default 8): scale-free market-level features (recent growth
   * of all series together), named `aggregate_<name>`. Default none.
   */
  readonly aggregateTransforms?: readonly LagTransform[];
  /**
   * Row weights: `'scale'` weights every training row by its series' scale s, so the loss on scaled targets z = y / s
   * equals the loss on y (with `loss: 'l1'` that is the numerator of WAPE). Default `'none'`.
   */
  readonly sampleWeight?: 'none' | 'scale';
  /**
   * Static (time-invariant) features per series id, like mlforecast's `static_features` or Darts' static
   * covariates: every row of series `id` gets `values[id]` (one number per name, NaN allowed), named
   * `static_<name>`. They must not be computed from values after any cutoff the model is backtested at.
   */
  readonly staticFeatures?: {
    readonly names: readonly string[];
    readonly values: Readonly<Record<string, readonly number[]>>;
  };
  /**
   * Price features from `SeriesData.exog.price` (e.g. `buildSeries(…, { price: true })`), read before each origin
   * only: `log_price` = log p(o − 1) and `price_vs_trailing_mean` = p(o − 1) / mean p(o − w … o − 1), w =
   * `scaleWindow` (0 when a price is missing or not positive). Default false.
   */
  readonly priceFeatures?: boolean;
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
 * @throws RetailKitError `INVALID_ARGUMENT` for bad options (e.g. `direct` without `horizon`); at fit
 *   `FORECAST_SERIES_TOO_SHORT` for an empty series or when no series has more than `minHistory` (+ `horizon` − 1)
 *   observations, `FORECAST_NON_FINITE` for NaN or ±Infinity in the values, `INVALID_ARGUMENT` for a value ≤ −1
 *   with `target: 'log1p'`.
 * @example
 * const a = Array.from({ length: 30 }, (_, t) => 10 + (t % 3));
 * const b = a.map((v) => 2 * v);
 * const weekly = seriesFromArrays([{ id: 'a', y: a }, { id: 'b', y: b }], { freq: 'W' });
 * gradientBoosting({ nTrees: 20, minSamplesLeaf: 2, strategy: 'direct', horizon: 3 }).forecast(weekly, 3)
 * // [10.143822, 11.00554, 11.861504, 20.287645, 22.01108, 23.723009] (to 1e-6; series-major)
 */
export function gradientBoosting(options: GradientBoostingOptions = {}): ForecastModel {
  const fn = 'gradientBoosting';
  const strategy = options.strategy ?? 'recursive';
  if (strategy !== 'recursive' && strategy !== 'direct')
    throw invalidArgument(fn, 'strategy', strategy, "'recursive' or 'direct'");
  const horizon = strategy === 'direct' ? checkPositiveInt(fn, 'horizon', options.horizon) : 1;
  const pooled = strategy === 'direct' && options.multiModels === false;
  const transforms = options.transforms ?? DEFAULT_TRANSFORMS;
  checkTransforms(fn, transforms);
  const dateFeatures = options.dateFeatures ?? [];
  const aggTransforms = options.aggregateTransforms ?? [];
  const statics = options.staticFeatures;
  const staticNames = statics?.names ?? [];
  checkTransforms(fn, aggTransforms);
  const scaleAt = options.scaleAt ?? 'end';
  if (scaleAt !== 'end' && scaleAt !== 'origin') throw invalidArgument(fn, 'scaleAt', scaleAt, "'end' or 'origin'");
  const loss = options.loss ?? 'l2';
  if (loss !== 'l1' && loss !== 'l2') throw invalidArgument(fn, 'loss', loss, "'l1' or 'l2'");
  const params: GbtOptions = {
    nTrees: options.nTrees ?? 100,
    learningRate: options.learningRate ?? 0.1,
    maxDepth: options.maxDepth ?? 4,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    maxBins: Math.min(255, options.maxBins ?? 255),
    lambda: options.lambda ?? 1,
    objective: loss === 'l1' ? 'absolute' : 'squared',
  };
  const minHistory = options.minHistory ?? 4;
  const sampleWeight = options.sampleWeight ?? 'none';
  if (sampleWeight !== 'none' && sampleWeight !== 'scale')
    throw invalidArgument(fn, 'sampleWeight', sampleWeight, "'none' or 'scale'");
  const nonNegative = options.nonNegative ?? true;
  const alias = options.alias ?? (strategy === 'direct' ? 'GBTDirect' : 'GBT');
  const target = options.target ?? 'scale';
  const atOrigin = target === 'scale' && scaleAt === 'origin';
  const originWindow = options.scaleWindow ?? 8;
  const names = [
    ...transforms.map(featureName),
    ...aggTransforms.map((t) => `aggregate_${featureName(t)}`),
    ...dateFeatures.flatMap(dateFeatureNames),
    ...staticNames.map((n) => `static_${n}`),
    'log_scale',
    ...(options.priceFeatures ? ['log_price', 'price_vs_trailing_mean'] : []),
    ...(pooled ? ['horizon'] : []),
  ];
  /** Position of the price features in a row. */
  const Pp = names.indexOf('log_price');
  /** The price column of every series of `data` (empty without price features). */
  const pricesOf = (data: SeriesData): Float64Array[] =>
    data.ids.map((id, i) => {
      if (Pp < 0) return EMPTY;
      const col = data.exog?.price;
      if (!col)
        throw invalidArgument(
          `${alias}.fit`,
          'exog.price',
          undefined,
          'a price column',
          `Series "${id}": build the series with buildSeries(frame, { price: true }) or drop priceFeatures.`,
        );
      return col.subarray(data.offsets[i], data.offsets[i + 1]);
    });
  /** The price features of origin o (prices before o only) written at `Pp`. */
  const priceInto = (out: Float64Array, at: number, price: Float64Array, o: number): void => {
    if (Pp < 0) return;
    const w = options.scaleWindow ?? 8;
    const last = o > 0 ? price[o - 1] : Number.NaN;
    let sum = 0;
    let n = 0;
    for (let t = Math.max(0, o - w); t < o; t++)
      if (price[t] > 0) {
        sum += price[t];
        n++;
      }
    const ok = last > 0 && n > 0;
    out[at + Pp] = ok ? Math.log(last) : 0;
    out[at + Pp + 1] = ok ? last / (sum / n) : 0;
  };
  const P = names.length;
  /** The static features of every series of `data` (checked: one value per name for every id). */
  const staticsOf = (data: SeriesData): Float64Array[] =>
    data.ids.map((id) => {
      if (!statics) return EMPTY;
      const v = Object.hasOwn(statics.values, id) ? statics.values[id] : undefined;
      if (!v || v.length !== staticNames.length)
        throw invalidArgument(
          fn,
          `staticFeatures.values[${JSON.stringify(id)}]`,
          v,
          `${staticNames.length} number(s) (${staticNames.join(', ')})`,
          'Give every series of the data its static features (NaN where unknown).',
        );
      return Float64Array.from(v);
    });

  /** Offset of the date features in a row: they follow the lag and aggregate features. */
  const Pb = transforms.length + aggTransforms.length;
  /** The date features of `date` written from `out[at]`; returns the next position. */
  const dateInto = (out: Float64Array, at: number, date: number): number => {
    let j = at;
    for (const f of dateFeatures) for (const v of dateFeatureValues(date, f)) out[j++] = v;
    return j;
  };

  /** Features of one row: `prefix` is the (scaled, or raw when `div` ≠ 1) history before the origin. */
  const rowInto = (
    out: Float64Array,
    at: number,
    prefix: Float64Array,
    div: number,
    agg: Float64Array,
    date: number,
    stat: Float64Array,
    logScale: number,
  ): void => {
    let j = at;
    for (const tr of transforms) {
      const v = lagTransformValue(prefix, tr);
      out[j++] = tr.type === 'rollingZeroShare' ? v : v / div;
    }
    if (aggTransforms.length > 0) {
      const a = tailMeanAbs(agg, 0, agg.length, originWindow);
      for (const tr of aggTransforms) {
        const v = lagTransformValue(agg, tr);
        out[j++] = tr.type === 'rollingZeroShare' ? v : v / a;
      }
    }
    j = dateInto(out, j, date);
    for (const v of stat) out[j++] = v;
    out[j] = logScale;
  };

  /** Per-series working values z (scaled, log1p or raw) and the fixed scale of `scaleAt: 'end'`. */
  const prepare = (data: SeriesData): { z: Float64Array[]; scales: Float64Array } => {
    const S = data.ids.length;
    const z: Float64Array[] = [];
    const scales = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      const y = data.y.subarray(data.offsets[i], data.offsets[i + 1]);
      if (target === 'log1p')
        for (let t = 0; t < y.length; t++)
          if (y[t] <= -1)
            throw invalidArgument(
              `${alias}.fit`,
              `y of series "${data.ids[i]}" at ${t}`,
              y[t],
              "a value > −1 for target 'log1p'",
              "Returns make sales negative: use target 'scale' or 'identity', or drop the returns first.",
            );
      const s = target === 'scale' && !atOrigin ? tailMeanAbs(y, 0, y.length, options.scaleWindow ?? y.length) : 1;
      scales[i] = s;
      z.push(
        atOrigin
          ? y
          : Float64Array.from(y, (v) => (target === 'scale' ? v / s : target === 'log1p' ? Math.log1p(v) : v)),
      );
    }
    return { z, scales };
  };

  /** The cross-series total of the aggregate features (none without them). */
  const aggregateOf = (data: SeriesData) => (aggTransforms.length > 0 ? crossSeriesTotal(data) : undefined);

  const fit = (data: SeriesData): FittedModel => {
    const S = data.ids.length;
    const prepared = prepare(data);
    const { z, scales } = prepared;
    const agg = aggregateOf(data);
    const stat = staticsOf(data);
    const prices = pricesOf(data);
    const aggPrefix = (date: number): Float64Array =>
      agg ? agg.total.subarray(0, lowerBound(agg.dates, date)) : EMPTY;
    // the origin part of every row (lag and aggregate features, log scale) is computed once and shared by the
    // `horizon` direct models; only the date features of the target date differ between them
    const base: Float64Array[] = [];
    const originS: Float64Array[] = [];
    for (let i = 0; i < S; i++) {
      const zi = z[i];
      const ds = data.ds.subarray(data.offsets[i], data.offsets[i + 1]);
      const m = Math.max(0, zi.length - minHistory);
      const b = new Float64Array(m * P);
      const sc = new Float64Array(m);
      for (let k = 0; k < m; k++) {
        const o = minHistory + k;
        const s = atOrigin ? tailMeanAbs(zi, 0, o, originWindow) : scales[i];
        sc[k] = s;
        rowInto(b, k * P, zi.subarray(0, o), atOrigin ? s : 1, aggPrefix(ds[o]), ds[o], stat[i], Math.log(s));
        priceInto(b, k * P, prices[i], o);
      }
      base.push(b);
      originS.push(sc);
    }
    const models: GbtModel[] = [];
    // one training set per step h (multiModels) or a single one holding every step's rows, h as the last feature
    const sets = pooled ? [[1, horizon]] : Array.from({ length: horizon }, (_, k) => [k + 1, k + 1]);
    for (const [hFrom, hTo] of sets) {
      let rows = 0;
      for (let h = hFrom; h <= hTo; h++)
        for (let i = 0; i < S; i++) rows += Math.max(0, z[i].length - h + 1 - minHistory);
      // a row needs minHistory observations before its origin and its target h − 1 steps after it
      if (rows === 0)
        throw seriesTooShort(
          `${alias}.fit`,
          z.reduce((most, zi) => Math.max(most, zi.length), 0),
          minHistory + hTo,
          `No series is long enough to train on (minHistory ${minHistory}, horizon ${hTo}); lower minHistory or use a model for short series.`,
        );
      const X = new Float64Array(rows * P);
      const yt = new Float64Array(rows);
      const wts = sampleWeight === 'scale' ? new Float64Array(rows) : undefined;
      let r = 0;
      for (let h = hFrom; h <= hTo; h++)
        for (let i = 0; i < S; i++) {
          const zi = z[i];
          const ds = data.ds.subarray(data.offsets[i], data.offsets[i + 1]);
          for (let o = minHistory; o + h - 1 < zi.length; o++) {
            const k = o - minHistory;
            const s = originS[i][k];
            X.set(base[i].subarray(k * P, (k + 1) * P), r * P);
            if (h > 1) dateInto(X, r * P + Pb, ds[o + h - 1]);
            if (pooled) X[r * P + P - 1] = h;
            if (wts) wts[r] = s;
            yt[r++] = atOrigin ? zi[o + h - 1] / s : zi[o + h - 1];
          }
        }
      models.push(fitGbt({ rows, cols: P, values: X }, yt, { ...params, weights: wts }));
    }
    return fitted(data, models, prepared, agg, stat, prices);
  };

  /** Forecasts from the end of `data` with fitted `models` (also the history update of `FittedModel.update`). */
  const fitted = (
    data: SeriesData,
    models: readonly GbtModel[],
    prepared = prepare(data),
    agg = aggregateOf(data),
    stat = staticsOf(data),
    prices = pricesOf(data),
  ): FittedModel => {
    const S = data.ids.length;
    const { z, scales } = prepared;
    const inverse = (v: number, s: number): number => {
      const out = target === 'scale' ? v * s : target === 'log1p' ? Math.expm1(v) : v;
      return nonNegative ? Math.max(0, out) : out;
    };
    return Object.freeze({
      alias,
      ids: data.ids,
      update: (next: SeriesData) => fitted(next, models),
      params: data.ids.map((_, i) => ({
        scale: atOrigin ? tailMeanAbs(z[i], 0, z[i].length, originWindow) : scales[i],
        features: names,
        trees: models.reduce((s, m) => s + m.nTrees, 0),
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
        const all = agg ? agg.total : EMPTY;
        for (let i = 0; i < S; i++) {
          const n = z[i].length;
          const last = n > 0 ? data.ds[data.offsets[i + 1] - 1] : 0;
          const fut = futureDates(last, H, data.freq, data.calendar);
          const ap = agg ? all.subarray(0, lowerBound(agg.dates, last + 1)) : EMPTY;
          if (strategy === 'direct') {
            const s = atOrigin ? tailMeanAbs(z[i], 0, n, originWindow) : scales[i];
            // the origin's features once; per step only the target date's features (and h) change, as in fit
            rowInto(row, 0, z[i], atOrigin ? s : 1, ap, fut[0], stat[i], Math.log(s));
            priceInto(row, 0, prices[i], n);
            for (let h = 1; h <= H; h++) {
              if (h > 1) dateInto(row, Pb, fut[h - 1]);
              if (pooled) row[P - 1] = h;
              out[i * H + h - 1] = inverse(models[pooled ? 0 : h - 1].predictRow(row), s);
            }
          } else {
            // recursive: the history grows by each forecast; the aggregate features stay at the forecast origin
            const ext = new Float64Array(n + H);
            ext.set(z[i]);
            for (let h = 0; h < H; h++) {
              const s = atOrigin ? tailMeanAbs(ext, 0, n + h, originWindow) : scales[i];
              rowInto(row, 0, ext.subarray(0, n + h), atOrigin ? s : 1, ap, fut[h], stat[i], Math.log(s));
              priceInto(row, 0, prices[i], n); // the last known price is held over the recursion
              const v = models[0].predictRow(row);
              ext[n + h] = atOrigin ? (nonNegative ? Math.max(0, v * s) : v * s) : v;
              out[i * H + h] = inverse(v, atOrigin ? s : scales[i]);
            }
          }
        }
        return out;
      },
    });
  };
  // memoised like the local models, so ensembles that share this GBT fit it once per data set
  const spec = { type: 'GradientBoosting', alias, options: { ...options, alias } };
  const memoFit = memoisedFit(spec, fit);
  return Object.freeze({
    alias,
    spec,
    fit: memoFit,
    forecast: (d: SeriesData, h: number) => memoFit(d).predict(h),
  });
}

const EMPTY = new Float64Array(0);

/** Sorted distinct dates of all series and the total of y on each. O(N log N). */
function crossSeriesTotal(data: SeriesData): { dates: Float64Array; total: Float64Array } {
  const dates = Float64Array.from(new Set(data.ds)).sort();
  const total = new Float64Array(dates.length);
  for (let k = 0; k < data.y.length; k++) {
    const v = data.y[k];
    if (!Number.isNaN(v)) total[lowerBound(dates, data.ds[k])] += v;
  }
  return { dates, total };
}
