import type { ForecastModel, SeriesData } from '@retailkit/forecast';

/** Forecast of the first series as a plain array. */
export function fc(model: ForecastModel, data: SeriesData, h: number): number[] {
  return Array.from(model.forecast(data, h).subarray(0, h));
}

/** Deterministic uniform(−1, 1) stream (mulberry32). */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/**
 * A simulated SARIMA(1,1,1)(1,0,1)[4] with drift 0.3: w(t) = Δy(t), (1 − 0.5B)(1 − 0.5B⁴)(w(t) − 0.3) =
 * (1 + 0.4B)(1 + 0.3B⁴) ε(t), ε a sum of three uniforms; y(0) = 50 + w(0). With seeds 2 and 3, SARIMA fits of the
 * first 60 values stay well inside the stationary and invertible region (a near-unit root, as in fits of
 * over-parameterised models to short series, makes any Kalman filter ill-conditioned).
 */
export function sarimaSeries(n: number, seed: number): number[] {
  const u = uniform(seed);
  const e: number[] = [];
  const w: number[] = [];
  const y: number[] = [];
  const at = (v: number[], t: number, mean = 0) => (t >= 0 ? v[t] - mean : 0);
  for (let t = 0; t < n; t++) {
    e.push(u() + u() + u());
    const ar = 0.5 * at(w, t - 1, 0.3) + 0.5 * at(w, t - 4, 0.3) - 0.25 * at(w, t - 5, 0.3);
    const ma = 0.4 * at(e, t - 1) + 0.3 * at(e, t - 4) + 0.12 * at(e, t - 5);
    w.push(0.3 + ar + e[t] + ma);
    y.push((t > 0 ? y[t - 1] : 50) + w[t]);
  }
  return y;
}
