import type { GbtObjective } from '../gbt-model.js';
import { weightedMedian } from './bins.js';

/**
 * One boosting objective: the initial raw score, the per-row gradient g and hessian h of the loss with respect to
 * the raw score f (both multiplied by the row weight w), and the inverse link from f to the prediction.
 */
export interface Objective {
  /** Initial raw score from the targets and the weights (normalised to mean 1). */
  init(y: ArrayLike<number>, w: Float64Array, weighted: boolean): number;
  /** Fill g and h for raw scores `f`. */
  gradients(y: ArrayLike<number>, f: Float64Array, w: Float64Array, g: Float64Array, h: Float64Array): void;
  /** Prediction from the raw score. */
  inverse(f: number): number;
  /** Leaves are refitted to the weighted median residual (absolute error) instead of the Newton step. */
  readonly medianLeaves: boolean;
}

const identity = (f: number): number => f;

/** Weighted mean Σ w y / n of targets (w normalised to mean 1, so Σ w = n). */
function weightedMean(y: ArrayLike<number>, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += y[i] * w[i];
  return w.length ? s / w.length : 0;
}

/** Squared error ½(f − y)²: g = (f − y)·w, h = w, f₀ = weighted mean of y. */
const squared: Objective = {
  init: weightedMean,
  gradients(y, f, w, g, h) {
    for (let i = 0; i < w.length; i++) {
      g[i] = (f[i] - y[i]) * w[i];
      h[i] = w[i];
    }
  },
  inverse: identity,
  medianLeaves: false,
};

/** Absolute error |f − y|: g = sign(f − y)·w, h = w for split finding; leaves refit to the median residual. */
const absolute: Objective = {
  init(y, w, weighted) {
    if (weighted)
      return weightedMedian(
        Float64Array.from({ length: w.length }, (_, i) => y[i]),
        w,
      );
    const sorted = Float64Array.from(y).sort();
    return sorted.length ? sorted[(sorted.length - 1) >> 1] : 0;
  },
  gradients(y, f, w, g, h) {
    for (let i = 0; i < w.length; i++) {
      const e = f[i] - y[i];
      g[i] = (e > 0 ? 1 : e < 0 ? -1 : 0) * w[i];
      h[i] = w[i];
    }
  },
  inverse: identity,
  medianLeaves: true,
};

/** Poisson deviance with log link, loss μ − y·f with μ = exp(f): g = (μ − y)·w, h = μ·w, f₀ = log(weighted mean). */
const poisson: Objective = {
  init: (y, w) => Math.log(weightedMean(y, w)),
  gradients(y, f, w, g, h) {
    for (let i = 0; i < w.length; i++) {
      const mu = Math.exp(f[i]);
      g[i] = (mu - y[i]) * w[i];
      h[i] = mu * w[i];
    }
  },
  inverse: Math.exp,
  medianLeaves: false,
};

/**
 * Tweedie deviance with power p ∈ (1, 2) and log link: loss −y·e^{(1−p)f}/(1−p) + e^{(2−p)f}/(2−p), so
 * g = (−y·e^{(1−p)f} + e^{(2−p)f})·w and h = (−(1−p)·y·e^{(1−p)f} + (2−p)·e^{(2−p)f})·w; f₀ = log(weighted mean).
 */
function tweedie(p: number): Objective {
  return {
    init: (y, w) => Math.log(weightedMean(y, w)),
    gradients(y, f, w, g, h) {
      for (let i = 0; i < w.length; i++) {
        const a = Math.exp((1 - p) * f[i]);
        const b = Math.exp((2 - p) * f[i]);
        g[i] = (-y[i] * a + b) * w[i];
        h[i] = (-(1 - p) * y[i] * a + (2 - p) * b) * w[i];
      }
    },
    inverse: Math.exp,
    medianLeaves: false,
  };
}

/** Smallest and largest base rate for the logistic initial score, so one-class data gives a finite log-odds. */
const RATE_CLIP = 1e-12;

/**
 * Binary log-loss with the logit link, p = 1 / (1 + e^{−f}): g = (p − y)·w, h = p(1 − p)·w,
 * f₀ = log(ȳ / (1 − ȳ)) with the weighted base rate ȳ clipped to [1e−12, 1 − 1e−12].
 */
const logistic: Objective = {
  init(y, w) {
    const r = Math.min(1 - RATE_CLIP, Math.max(RATE_CLIP, weightedMean(y, w)));
    return Math.log(r / (1 - r));
  },
  gradients(y, f, w, g, h) {
    for (let i = 0; i < w.length; i++) {
      const p = 1 / (1 + Math.exp(-f[i]));
      g[i] = (p - y[i]) * w[i];
      h[i] = p * (1 - p) * w[i];
    }
  },
  inverse: (f) => 1 / (1 + Math.exp(-f)),
  medianLeaves: false,
};

/** The objective `name` (with `tweediePower` for `tweedie`). */
export function objective(name: GbtObjective, tweediePower: number): Objective {
  switch (name) {
    case 'squared':
      return squared;
    case 'absolute':
      return absolute;
    case 'poisson':
      return poisson;
    case 'tweedie':
      return tweedie(tweediePower);
    case 'logistic':
      return logistic;
  }
}
