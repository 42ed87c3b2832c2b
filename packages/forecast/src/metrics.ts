/** Point forecast accuracy measures. Every function skips pairs where the actual or the forecast is NaN. */

function pairs(actual: ArrayLike<number>, predicted: ArrayLike<number>, f: (y: number, p: number) => void): number {
  let n = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    const p = predicted[i];
    if (Number.isNaN(y) || Number.isNaN(p)) continue;
    f(y, p);
    n++;
  }
  return n;
}

/** Mean absolute error: mean |y − ŷ|. @example mae([1, 2], [2, 2]) // 0.5 */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  const n = pairs(actual, predicted, (y, p) => {
    s += Math.abs(y - p);
  });
  return n ? s / n : Number.NaN;
}

/** Root mean squared error: √mean (y − ŷ)². @example rmse([1, 3], [2, 2]) // 1 */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  const n = pairs(actual, predicted, (y, p) => {
    s += (y - p) ** 2;
  });
  return n ? Math.sqrt(s / n) : Number.NaN;
}

/** Mean absolute percentage error as a fraction: mean |y − ŷ| / |y| over y ≠ 0. @example mape([2, 4], [1, 4]) // 0.25 */
export function mape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  pairs(actual, predicted, (y, p) => {
    if (y === 0) return;
    s += Math.abs((y - p) / y);
    n++;
  });
  return n ? s / n : Number.NaN;
}

/**
 * Symmetric MAPE, the "2·|e| / (|y| + |ŷ|)" form (Makridakis 1993, statsforecast/M4), as a fraction in [0, 2]:
 * mean 2|y − ŷ| / (|y| + |ŷ|), pairs with y = ŷ = 0 counting 0. @example smape([1], [3]) // 1
 */
export function smape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  const n = pairs(actual, predicted, (y, p) => {
    const d = Math.abs(y) + Math.abs(p);
    s += d === 0 ? 0 : (2 * Math.abs(y - p)) / d;
  });
  return n ? s / n : Number.NaN;
}

/** Weighted absolute percentage error: Σ|y − ŷ| / Σ|y|, a fraction. @example wape([1, 3], [2, 3]) // 0.25 */
export function wape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  let d = 0;
  pairs(actual, predicted, (y, p) => {
    s += Math.abs(y - p);
    d += Math.abs(y);
  });
  return d ? s / d : Number.NaN;
}

/** Bias: mean (ŷ − y); positive means over-forecasting. @example bias([1, 1], [2, 1]) // 0.5 */
export function bias(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let s = 0;
  const n = pairs(actual, predicted, (y, p) => {
    s += p - y;
  });
  return n ? s / n : Number.NaN;
}

/** Pinball (quantile) loss at level q: mean max(q (y − ŷ), (q − 1)(y − ŷ)). @example pinball([2], [1], 0.9) // 0.9 */
export function pinball(actual: ArrayLike<number>, predicted: ArrayLike<number>, q: number): number {
  let s = 0;
  const n = pairs(actual, predicted, (y, p) => {
    const e = y - p;
    s += Math.max(q * e, (q - 1) * e);
  });
  return n ? s / n : Number.NaN;
}

/** In-sample seasonal naive scale: mean |y(t) − y(t−m)| (power 1) or mean (y(t) − y(t−m))² (power 2). */
export function naiveScale(insample: ArrayLike<number>, seasonLength = 1, power: 1 | 2 = 1): number {
  let s = 0;
  let n = 0;
  for (let t = seasonLength; t < insample.length; t++) {
    const d = insample[t] - insample[t - seasonLength];
    if (Number.isNaN(d)) continue;
    s += power === 1 ? Math.abs(d) : d * d;
    n++;
  }
  return n ? s / n : Number.NaN;
}

/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): MAE / in-sample MAE of the seasonal naive forecast with
 * season `seasonLength` (1 = naive). @example mase([3], [2], [1, 2, 3], 1) // 1
 */
export function mase(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  insample: ArrayLike<number>,
  seasonLength = 1,
): number {
  return mae(actual, predicted) / naiveScale(insample, seasonLength, 1);
}

/**
 * Root mean squared scaled error (M5): RMSE / √(in-sample mean squared seasonal-naive error).
 *
 * @example
 * rmsse([3], [2], [1, 2, 3], 1) // 1
 */
export function rmsse(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  insample: ArrayLike<number>,
  seasonLength = 1,
): number {
  return rmse(actual, predicted) / Math.sqrt(naiveScale(insample, seasonLength, 2));
}
