import type { FeatureMatrix } from './feature-matrix.js';

/**
 * The loss a GBT minimises, and the scale of its predictions:
 * - `squared`: squared error, identity link; predictions are means.
 * - `absolute`: absolute error, identity link, leaves refitted to the median residual; predictions are medians.
 * - `poisson`: Poisson deviance, log link; predictions are means μ = e^f (targets ≥ 0, counts).
 * - `tweedie`: Tweedie deviance with power `tweediePower` ∈ (1, 2), log link; predictions are means μ = e^f
 *   (targets ≥ 0 with exact zeros and a continuous positive part, such as revenue).
 * - `logistic`: binary log-loss, logit link; targets 0 or 1, predictions are probabilities p = 1 / (1 + e^{−f}).
 */
export type GbtObjective = 'squared' | 'absolute' | 'poisson' | 'tweedie' | 'logistic';

/**
 * One tree of a {@link GbtModelJson}, as flat arrays indexed by node (node 0 is the root). A leaf has
 * `feature` −1 and its `value` added to the raw score; an inner node sends a row left when its value of `feature`
 * is ≤ `threshold` or NaN, else right. A `null` threshold means −∞ (only missing values go left).
 */
export interface GbtTreeJson {
  readonly feature: readonly number[];
  readonly threshold: readonly (number | null)[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** The serialised form of a {@link GbtModel} (`toJSON()`), read back by `gbtFromJSON`. Plain data, no code. */
export interface GbtModelJson {
  readonly kind: 'retailkit.gbt';
  readonly version: 1;
  readonly objective: GbtObjective;
  /** Present for `tweedie` only. */
  readonly tweediePower?: number;
  /** Columns of the training matrix; rows to predict must have as many. */
  readonly nFeatures: number;
  /** Initial raw score f₀. */
  readonly base: number;
  readonly trees: readonly GbtTreeJson[];
}

/**
 * A fitted gradient-boosted tree ensemble, immutable. The raw score of a row is f = base + Σ trees' leaf values;
 * the prediction is the inverse link of f (see {@link GbtObjective}).
 */
export interface GbtModel {
  readonly objective: GbtObjective;
  /** The Tweedie power (undefined for other objectives). */
  readonly tweediePower: number | undefined;
  readonly nFeatures: number;
  readonly nTrees: number;
  /** Predictions on the response scale (means, medians or probabilities), one per row. O(rows × trees × depth). */
  predict(x: FeatureMatrix): Float64Array;
  /** Raw scores f (log-mean for `poisson`/`tweedie`, log-odds for `logistic`), one per row. */
  predictRaw(x: FeatureMatrix): Float64Array;
  /** The prediction for one row of feature values in the training column order. */
  predictRow(row: ArrayLike<number>): number;
  /** Versioned, JSON-safe parameters (see {@link GbtModelJson}). */
  toJSON(): GbtModelJson;
}
