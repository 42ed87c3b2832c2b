import { invalidArgument, quantileSorted, sortedFinite } from '@retailkit/core';
import { chiSquareQuantile } from './internal/chi-square.js';

/** Drift status of one feature. `insufficient` when the sample is smaller than `minSamples`. */
export type DriftStatus = 'stable' | 'warning' | 'drift' | 'insufficient';

/** Options of `populationStabilityIndex`. */
export interface PsiOptions {
  /** Number of reference-quantile bins before removing tied edges. Default 10 (deciles). */
  bins?: number;
  /** Floor for empty-bin proportions, so ln(0) never occurs. Default 1e-4. */
  epsilon?: number;
  /** Below this many sample values the status is `insufficient`. Default 30. */
  minSamples?: number;
}

/** One bin of the PSI table: `(lower, upper]` with reference and sample proportions. */
export interface PsiBin {
  readonly lower: number;
  readonly upper: number;
  readonly expected: number;
  readonly actual: number;
}

/** Result of `populationStabilityIndex`. */
export interface PsiResult {
  readonly psi: number;
  readonly bins: readonly PsiBin[];
  readonly referenceSize: number;
  readonly sampleSize: number;
  /** Sample-size-aware thresholds: warning = max(0.1, q95), drift = max(0.25, q99). */
  readonly thresholds: { readonly warning: number; readonly drift: number };
  readonly status: DriftStatus;
}

/**
 * Population stability index of a sample against a reference distribution.
 *
 * Formula: PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ), where eᵢ and aᵢ are the reference and sample proportions in bin i
 * and proportions are floored at `epsilon`. Bins are cut at the reference's quantiles k/B (type 7, k = 1..B−1),
 * tied edges removed, as `(−∞, c₁], (c₁, c₂], …, (c_{B−1}, +∞)`.
 *
 * Thresholds account for sample size: with no drift, PSI ≈ (1/n + 1/m) · χ²(B−1) (Yurdakul 2018, from the
 * second-order expansion of the logarithm), so the status is `warning` above max(0.1, (1/n + 1/m) χ²₀.₉₅(B−1)) and
 * `drift` above max(0.25, (1/n + 1/m) χ²₀.₉₉(B−1)): the usual 0.1 / 0.25 rules of thumb, raised for small samples
 * where sampling noise alone exceeds them.
 *
 * Range: [0, ∞). Complexity: O(n log n + m log B).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when the reference has no finite value or an option is out of range.
 * @example
 * populationStabilityIndex([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 2 }).psi // 0
 */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  sample: ArrayLike<number>,
  options: PsiOptions = {},
): PsiResult {
  const binsWanted = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  const minSamples = options.minSamples ?? 30;
  if (!Number.isInteger(binsWanted) || binsWanted < 2)
    throw invalidArgument('populationStabilityIndex', 'bins', binsWanted, 'an integer >= 2');
  if (!(epsilon > 0 && epsilon < 1)) throw invalidArgument('populationStabilityIndex', 'epsilon', epsilon, 'in (0, 1)');
  const ref = sortedFinite(reference);
  if (ref.length === 0)
    throw invalidArgument('populationStabilityIndex', 'reference', reference, 'at least one finite number');
  const edges: number[] = [];
  for (let k = 1; k < binsWanted; k++) {
    const e = quantileSorted(ref, k / binsWanted);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  const b = edges.length + 1;
  const refCounts = countBins(ref, edges);
  const smp = sortedFinite(sample);
  const smpCounts = countBins(smp, edges);
  const n = ref.length;
  const m = smp.length;
  let psi = 0;
  const bins: PsiBin[] = [];
  for (let i = 0; i < b; i++) {
    const e = refCounts[i] / n;
    const a = m === 0 ? 0 : smpCounts[i] / m;
    const ef = Math.max(e, epsilon);
    const af = Math.max(a, epsilon);
    psi += (af - ef) * Math.log(af / ef);
    bins.push({
      lower: i === 0 ? Number.NEGATIVE_INFINITY : edges[i - 1],
      upper: i === b - 1 ? Number.POSITIVE_INFINITY : edges[i],
      expected: e,
      actual: a,
    });
  }
  const scale = m === 0 ? Number.POSITIVE_INFINITY : 1 / n + 1 / m;
  const df = Math.max(1, b - 1);
  const thresholds = {
    warning: Math.max(0.1, scale * chiSquareQuantile(0.95, df)),
    drift: Math.max(0.25, scale * chiSquareQuantile(0.99, df)),
  };
  const status: DriftStatus =
    m < minSamples
      ? 'insufficient'
      : psi > thresholds.drift
        ? 'drift'
        : psi > thresholds.warning
          ? 'warning'
          : 'stable';
  return { psi: m === 0 ? 0 : psi, bins, referenceSize: n, sampleSize: m, thresholds, status };
}

/** Counts per bin `(−∞, e₀], (e₀, e₁], …, (e_last, ∞)` for sorted values: one merge pass. */
function countBins(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    while (bin < edges.length && v > edges[bin]) bin++;
    counts[bin]++;
  }
  return counts;
}
