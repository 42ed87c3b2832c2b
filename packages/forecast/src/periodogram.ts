import { invalidArgument } from '@retailkit/core';
import FFT from 'fft.js';

/** A periodogram and its dominant periods. */
export interface Periodogram {
  /** Frequencies in cycles per observation, k / N for k = 1 … N/2 (N = padded length). */
  readonly frequencies: Float64Array;
  /** |FFT|² / n of the mean-removed (zero-padded) series at each frequency. */
  readonly power: Float64Array;
  /** Top peaks (local maxima) by power: period = 1 / frequency, in observations (days for daily series). */
  readonly dominant: readonly { period: number; power: number; share: number }[];
}

/**
 * Periodogram by FFT (`fft.js`, radix-4, length padded to the next power of two ≥ n, at least 4): the series is
 * demeaned (and linearly detrended with `detrend: 'linear'`), zero-padded, transformed; power(k) = |X(k)|² / n.
 * Dominant periods are the `top` local maxima, period = N / k, `share` = power / total power. O(N log N).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for fewer than 4 values.
 * @example
 * periodogram(Array.from({ length: 64 }, (_, t) => Math.sin((2 * Math.PI * t) / 8))).dominant[0].period // 8
 */
export function periodogram(
  y: ArrayLike<number>,
  options: {
    top?: number;
    detrend?: 'mean' | 'linear' /** Ignore peaks with longer periods (trend). */;
    maxPeriod?: number;
  } = {},
): Periodogram {
  const n = y.length;
  if (n < 4) throw invalidArgument('periodogram', 'y.length', n, '>= 4');
  let N = 4;
  while (N < n) N *= 2;
  const x = new Array<number>(N).fill(0);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i] / n;
  let slope = 0;
  if (options.detrend === 'linear') {
    const tm = (n - 1) / 2;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (i - tm) * (y[i] - mean);
      sxx += (i - tm) ** 2;
    }
    slope = sxy / sxx;
  }
  for (let i = 0; i < n; i++) x[i] = y[i] - mean - slope * (i - (n - 1) / 2);
  const f = new FFT(N);
  const out = f.createComplexArray() as number[];
  f.realTransform(out, x);
  f.completeSpectrum(out);
  const half = N / 2;
  const frequencies = new Float64Array(half);
  const power = new Float64Array(half);
  let total = 0;
  for (let k = 1; k <= half; k++) {
    const re = out[2 * k];
    const im = out[2 * k + 1];
    frequencies[k - 1] = k / N;
    power[k - 1] = (re * re + im * im) / n;
    total += power[k - 1];
  }
  const peaks: { period: number; power: number; share: number }[] = [];
  for (let i = 0; i < half; i++) {
    const left = i > 0 ? power[i - 1] : Number.NEGATIVE_INFINITY;
    const right = i + 1 < half ? power[i + 1] : Number.NEGATIVE_INFINITY;
    if (power[i] >= left && power[i] > right && 1 / frequencies[i] <= (options.maxPeriod ?? Number.POSITIVE_INFINITY))
      peaks.push({ period: 1 / frequencies[i], power: power[i], share: total > 0 ? power[i] / total : 0 });
  }
  peaks.sort((a, b) => b.power - a.power);
  return { frequencies, power, dominant: peaks.slice(0, options.top ?? 3) };
}
