import { invalidArgument } from '@retailkit/core';
import type { FeatureMatrix } from './feature-matrix.js';
import type { GbtModel, GbtObjective } from './gbt-model.js';
import { boost } from './internal/boost.js';
import { gbtModel } from './internal/model.js';
import { objective } from './internal/objectives.js';

/** Options of {@link fitGbt}. */
export interface GbtOptions {
  /** The loss (see {@link GbtObjective}). Default `squared`. */
  readonly objective?: GbtObjective;
  /** Tweedie power p, strictly between 1 (Poisson) and 2 (gamma); `tweedie` only. Default 1.5. */
  readonly tweediePower?: number;
  /** Boosting rounds. Default 100. */
  readonly nTrees?: number;
  /** Shrinkage of each tree's leaf values, in (0, 1]. Default 0.1. */
  readonly learningRate?: number;
  /** Default 4. */
  readonly maxDepth?: number;
  /** Fewest training rows in a leaf. Default 20. */
  readonly minSamplesLeaf?: number;
  /** Histogram bins per feature (quantile edges; one more bin holds NaN), 2 to 255. Default 255. */
  readonly maxBins?: number;
  /** L2 penalty λ ≥ 0 on leaf values. Default 1. */
  readonly lambda?: number;
  /**
   * Fraction of rows, in (0, 1], each tree is grown on, drawn without replacement (Friedman's stochastic gradient
   * boosting; every row's score is still updated). Default 1: all rows, and the fit is deterministic.
   */
  readonly subsample?: number;
  /** Seed of the row sampling (core's `createRng`); used only when `subsample` < 1. Default 0. */
  readonly seed?: number;
  /** Row weights (finite, ≥ 0, positive sum), normalised to mean 1; they scale each row's gradient and hessian. */
  readonly weights?: ArrayLike<number>;
}

const OBJECTIVES: readonly GbtObjective[] = ['squared', 'absolute', 'poisson', 'tweedie', 'logistic'];

/**
 * Fit a histogram gradient-boosted tree ensemble (Newton boosting, as XGBoost, LightGBM and scikit-learn's
 * HistGradientBoosting do). Each feature is cut into at most `maxBins − 1` quantile bins, NaN in a bin of its own
 * that always goes left. Trees grow depth-wise to `maxDepth`; a split maximises the gain
 * G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ) over the sums G, H of the rows' gradients g and hessians h of the
 * loss at the current raw score f, and a leaf adds −G/(H + λ) × `learningRate` to f. Per objective (w = row weight):
 *
 * | objective | g | h | f₀ | prediction |
 * | --- | --- | --- | --- | --- |
 * | `squared` | (f − y)w | w | weighted mean of y | f |
 * | `absolute` | sign(f − y)w | w (leaf = median residual) | median of y | f |
 * | `poisson` | (e^f − y)w | e^f·w | log(mean y) | e^f |
 * | `tweedie` | (−y e^{(1−p)f} + e^{(2−p)f})w | (−(1−p) y e^{(1−p)f} + (2−p) e^{(2−p)f})w | log(mean y) | e^f |
 * | `logistic` | (σ(f) − y)w | σ(f)(1 − σ(f))w | log(ȳ/(1 − ȳ)) | σ(f) = 1/(1 + e^{−f}) |
 *
 * With `subsample` < 1 each tree sees a random fraction of the rows, drawn from `seed`; the same inputs and seed give
 * the same model (with the default `subsample` 1 there is no randomness). O(nTrees × maxDepth × rows × cols).
 *
 * @param x the training features, row-major (see {@link FeatureMatrix}).
 * @param y one target per row: any finite number (`squared`, `absolute`), ≥ 0 with a positive mean (`poisson`,
 *   `tweedie`), 0 or 1 (`logistic`).
 * @throws `INVALID_ARGUMENT` for an empty or mis-sized matrix, a target outside the objective's range, bad weights or
 *   an option out of range.
 * @example
 * const m = fitGbt(featureMatrix([[0], [0], [1], [1]]), [1, 1, 3, 3], {
 *   objective: 'poisson', nTrees: 1, learningRate: 1, maxDepth: 1, minSamplesLeaf: 1, lambda: 0,
 * });
 * m.predictRow([0]) // 2·e^{−0.5} = 1.2130613…  (base log 2, left leaf −G/H = −2/4)
 */
export function fitGbt(x: FeatureMatrix, y: ArrayLike<number>, options: GbtOptions = {}): GbtModel {
  const fn = 'fitGbt';
  const name = options.objective ?? 'squared';
  if (!OBJECTIVES.includes(name)) throw invalidArgument(fn, 'objective', name, `one of ${OBJECTIVES.join(', ')}`);
  const power = options.tweediePower ?? 1.5;
  if (!(power > 1 && power < 2)) throw invalidArgument(fn, 'tweediePower', power, 'a number in (1, 2)');
  const params = {
    nTrees: options.nTrees ?? 100,
    learningRate: options.learningRate ?? 0.1,
    maxDepth: options.maxDepth ?? 4,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    maxBins: options.maxBins ?? 255,
    lambda: options.lambda ?? 1,
    subsample: options.subsample ?? 1,
    seed: options.seed ?? 0,
  };
  const int = (key: keyof typeof params, lo: number, hi = Number.POSITIVE_INFINITY): void => {
    const v = params[key];
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw invalidArgument(
        fn,
        key,
        v,
        hi === Number.POSITIVE_INFINITY ? `an integer ≥ ${lo}` : `an integer in [${lo}, ${hi}]`,
      );
  };
  int('nTrees', 0);
  int('maxDepth', 1);
  int('minSamplesLeaf', 1);
  int('maxBins', 2, 255);
  if (!(params.learningRate > 0 && params.learningRate <= 1))
    throw invalidArgument(fn, 'learningRate', params.learningRate, 'a number in (0, 1]');
  if (!(params.subsample > 0 && params.subsample <= 1))
    throw invalidArgument(fn, 'subsample', params.subsample, 'a fraction in (0, 1]');
  if (!Number.isFinite(params.seed))
    throw invalidArgument(fn, 'seed', params.seed, 'a finite number', 'Pass e.g. { seed: 42 }.');
  if (!(params.lambda >= 0 && Number.isFinite(params.lambda)))
    throw invalidArgument(fn, 'lambda', params.lambda, 'a finite number ≥ 0');
  checkData(fn, x, y, name, options.weights);
  const obj = objective(name, power);
  const { base, trees } = boost(x.values, x.rows, x.cols, y, params, obj, options.weights);
  return gbtModel(name, name === 'tweedie' ? power : undefined, x.cols, base, trees);
}

/** Validate the matrix, the targets for the objective, and the weights (once, at the public entry). */
function checkData(
  fn: string,
  x: FeatureMatrix,
  y: ArrayLike<number>,
  name: GbtObjective,
  weights: ArrayLike<number> | undefined,
): void {
  if (!(Number.isInteger(x.rows) && x.rows >= 1)) throw invalidArgument(fn, 'x.rows', x.rows, 'an integer ≥ 1');
  if (!(Number.isInteger(x.cols) && x.cols >= 1)) throw invalidArgument(fn, 'x.cols', x.cols, 'an integer ≥ 1');
  if (x.values.length !== x.rows * x.cols)
    throw invalidArgument(fn, 'x.values.length', x.values.length, `rows × cols = ${x.rows * x.cols}`);
  if (y.length !== x.rows) throw invalidArgument(fn, 'y.length', y.length, `x.rows = ${x.rows}`);
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    const ok =
      name === 'logistic'
        ? v === 0 || v === 1
        : name === 'poisson' || name === 'tweedie'
          ? v >= 0 && Number.isFinite(v)
          : Number.isFinite(v);
    if (!ok)
      throw invalidArgument(
        fn,
        `y[${i}]`,
        v,
        name === 'logistic'
          ? '0 or 1'
          : name === 'squared' || name === 'absolute'
            ? 'a finite number'
            : 'a finite number ≥ 0',
      );
    sum += v;
  }
  if ((name === 'poisson' || name === 'tweedie') && !(sum > 0))
    throw invalidArgument(
      fn,
      'y',
      'all zero',
      'targets with a positive mean',
      `The ${name} objective's log link needs some y > 0.`,
    );
  if (weights) {
    if (weights.length !== x.rows) throw invalidArgument(fn, 'weights.length', weights.length, `x.rows = ${x.rows}`);
    let sw = 0;
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0 && Number.isFinite(weights[i])))
        throw invalidArgument(fn, `weights[${i}]`, weights[i], 'a finite number ≥ 0');
      sw += weights[i];
    }
    if (!(sw > 0)) throw invalidArgument(fn, 'weights', 'all zero', 'weights with a positive sum');
  }
}
