import type { ConformalIntervals } from '../conformal-intervals.js';
import type { SeriesData } from '../series-data.js';
import { tailMeanAbs } from './tail-mean-abs.js';

/**
 * Half-widths of the intervals of forecasts made from the end of `data`, series-major (`horizon` values per
 * series, like a model's `predict`): w(i, h) = q(h) · s_i^γ (γ = `ci.scalePower`, default 1), with s_i the mean |y| of the last `ci.windowSize`
 * observations of series i (1 when 0) when `ci.scale` is `'series'`, and s_i = 1 otherwise. Steps beyond the
 * backtest horizon reuse its last half-width. O(series × (horizon + windowSize)). The one place this scaling is
 * written: `forecastReport` and the forecast `Predictor` (which has the half-widths and the window from its
 * artifact, not a `ConformalIntervals`) both call it, so `ci` needs only `halfWidth`, `scale` and `windowSize`.
 *
 * @example
 * // q = [0.5, 1] in units of the scale; series [2, 4] has s = 3 with windowSize 8
 * intervalHalfWidths(ci, data, 2) // Float64Array [1.5, 3]
 */
export function intervalHalfWidths(
  ci: Pick<ConformalIntervals, 'scale' | 'windowSize'> & {
    readonly halfWidth: ArrayLike<number>;
    readonly scalePower?: number;
  },
  data: SeriesData,
  horizon: number,
): Float64Array {
  const S = data.ids.length;
  const out = new Float64Array(S * horizon);
  const last = ci.halfWidth.length - 1;
  for (let i = 0; i < S; i++) {
    const s =
      ci.scale === 'series'
        ? tailMeanAbs(data.y, data.offsets[i], data.offsets[i + 1], ci.windowSize) ** (ci.scalePower ?? 1)
        : 1;
    for (let h = 0; h < horizon; h++) out[i * horizon + h] = ci.halfWidth[Math.min(h, last)] * s;
  }
  return out;
}
