import { invalidArgument, sortedFinite } from '@retailkit/core';
import type { DriftStatus } from './population-stability-index.js';

/** Result of `kolmogorovSmirnov`. */
export interface KsResult {
  /** D = sup |F_ref(x) − F_sample(x)|, in [0, 1]. */
  readonly statistic: number;
  /** Asymptotic two-sided p-value (Kolmogorov distribution with Stephens' small-sample correction). */
  readonly pValue: number;
  /** Critical D at α = 0.05: 1.3581 · √((n + m) / (n · m)). */
  readonly critical05: number;
  readonly referenceSize: number;
  readonly sampleSize: number;
  /** `drift` when p < 0.01, `warning` when p < 0.05, `insufficient` below `minSamples`. */
  readonly status: DriftStatus;
}

/**
 * Two-sample Kolmogorov–Smirnov test of a sample against a reference.
 *
 * Formula: D = maxₓ |F_ref(x) − F_sample(x)| over the empirical CDFs (ties handled by stepping past equal
 * values, as scipy's `ks_2samp`). p = Q(λ) with Q(λ) = 2 Σⱼ (−1)^{j−1} e^{−2j²λ²},
 * λ = (√nₑ + 0.12 + 0.11/√nₑ) · D and nₑ = n·m/(n + m) (Stephens 1970; Numerical Recipes `kstwo`). The test
 * thresholds scale with sample size by construction.
 *
 * Complexity: O(n log n + m log m).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when the reference has no finite value.
 * @example
 * kolmogorovSmirnov([1, 2, 3, 4], [3, 4, 5, 6]).statistic // 0.5
 */
export function kolmogorovSmirnov(
  reference: ArrayLike<number>,
  sample: ArrayLike<number>,
  options: { minSamples?: number } = {},
): KsResult {
  const minSamples = options.minSamples ?? 30;
  const a = sortedFinite(reference);
  if (a.length === 0) throw invalidArgument('kolmogorovSmirnov', 'reference', reference, 'at least one finite number');
  const b = sortedFinite(sample);
  const n = a.length;
  const m = b.length;
  if (m === 0)
    return { statistic: 0, pValue: 1, critical05: 1, referenceSize: n, sampleSize: 0, status: 'insufficient' };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] === x) i++;
    while (j < m && b[j] === x) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  const ne = (n * m) / (n + m);
  const sq = Math.sqrt(ne);
  const pValue = kolmogorovQ((sq + 0.12 + 0.11 / sq) * d);
  const status: DriftStatus =
    m < minSamples ? 'insufficient' : pValue < 0.01 ? 'drift' : pValue < 0.05 ? 'warning' : 'stable';
  return {
    statistic: d,
    pValue,
    critical05: 1.3581 * Math.sqrt((n + m) / (n * m)),
    referenceSize: n,
    sampleSize: m,
    status,
  };
}

/** Kolmogorov survival function Q(λ) = 2 Σ (−1)^{j−1} exp(−2 j² λ²). */
function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let j = 1; j <= 100; j++) {
    const term = sign * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
