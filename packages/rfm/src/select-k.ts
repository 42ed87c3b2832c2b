import { invalidArgument } from '@retailkit/core';
import { tooFewCustomers } from './errors.js';
import { kneeIndex } from './internal/knee.js';
import { fitKMeans, type KMeansResult } from './kmeans.js';
import type { Matrix } from './matrix.js';
import { silhouetteScores } from './silhouette.js';

/** Options of `selectK`. */
export interface SelectKOptions {
  /** Candidate k, inclusive `[min, max]` (default [2, 12]). */
  readonly kRange?: readonly [number, number];
  /** Seed of KMeans restarts and of the silhouette sample (default 42). */
  readonly seed?: number;
  /** KMeans restarts per k (default 2, `fitKMeans`'s). */
  readonly restarts?: number;
  /** A k is eligible only when every cluster holds at least this share of the rows (default 0.01). */
  readonly minClusterShare?: number;
  /**
   * Silhouettes are exact up to this many rows and computed on a seeded sample of this many rows beyond
   * (`silhouetteScores`' `sampleSize`; default 2,000; `Infinity` = always exact). The KMeans fits never sample.
   */
  readonly silhouetteSample?: number;
}

/** One candidate k. */
export interface KCandidate {
  readonly k: number;
  readonly inertia: number;
  readonly silhouette: number;
  readonly sizes: number[];
  /** Smallest cluster's share of the rows. */
  readonly minShare: number;
  /** Every cluster ≥ minClusterShare. */
  readonly eligible: boolean;
}

/** Result of `selectK`. */
export interface KSelection {
  readonly candidates: KCandidate[];
  /** k at the knee of the inertia curve. */
  readonly kneeK: number;
  /** Eligible k with the highest silhouette (undefined when none is eligible). */
  readonly bestSilhouetteK: number | undefined;
  /** The recommended k. */
  readonly recommendedK: number;
  /** Plain-words reasons for the recommendation (and for every rejected k). */
  readonly reasons: string[];
  /** Whether silhouettes were computed on a sample, and on how many rows. */
  readonly silhouetteRows: number;
  readonly silhouetteSampled: boolean;
  /** The KMeans solution of every candidate, by k. */
  readonly solutions: ReadonlyMap<number, KMeansResult>;
}

/**
 * Choose the number of clusters: fit KMeans for every k in `kRange`, compute the inertia curve and its knee
 * (`kneeIndex`), the mean silhouette of every candidate (`silhouetteScores`, one pass for all k), and reject
 * every k with a cluster under `minClusterShare` of the rows (a handful of extreme customers owning a cluster
 * gives a flattering silhouette but no usable segment). Recommendation: the knee if eligible, otherwise the
 * eligible k nearest to the knee (ties → higher silhouette); when no k is eligible, the smallest k, with a
 * reason saying so. Every decision is written to `reasons`.
 *
 * Complexity O(Σk restarts × iterations × n k d + s² (d + |kRange|)) for s = min(n, silhouetteSample) rows.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad range; `RFM_TOO_FEW_CUSTOMERS` when max k ≥ rows.
 * @example
 * const x = { n: 12, d: 1, data: Float64Array.of(0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32) };
 * const sel = selectK(x, { kRange: [2, 5], seed: 7 });
 * [sel.kneeK, sel.bestSilhouetteK, sel.recommendedK] // [4, 4, 4]
 * sel.reasons[0] // 'k=4 is the knee of the inertia curve and every cluster holds ≥ 1.0% of customers.'
 */
export function selectK(x: Matrix, options: SelectKOptions = {}): KSelection {
  const [kMin, kMax] = options.kRange ?? [2, 12];
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin)
    throw invalidArgument(
      'selectK',
      'kRange',
      options.kRange,
      'two integers [min, max] with 2 ≤ min ≤ max',
      'Pass e.g. { kRange: [2, 12] }.',
    );
  if (kMax >= x.n) throw tooFewCustomers('selectK', x.n, kMax + 1, 'Lower the top of kRange.');
  const minShare = options.minClusterShare ?? 0.01;
  const seed = options.seed ?? 42;
  const solutions = new Map<number, KMeansResult>();
  const ks: number[] = [];
  for (let k = kMin; k <= kMax; k++) {
    ks.push(k);
    solutions.set(k, fitKMeans(x, { k, seed: seed + k, restarts: options.restarts }));
  }
  const sil = silhouetteScores(
    x,
    ks.map((k) => solutions.get(k)!.labels),
    { sampleSize: options.silhouetteSample ?? SELECTION_SAMPLE, seed },
  );
  const candidates: KCandidate[] = ks.map((k, i) => {
    const s = solutions.get(k)!;
    const sizes = Array.from(s.sizes);
    const share = Math.min(...sizes) / x.n;
    return { k, inertia: s.inertia, silhouette: sil.scores[i], sizes, minShare: share, eligible: share >= minShare };
  });
  const reasons: string[] = [];
  for (const c of candidates)
    if (!c.eligible)
      reasons.push(
        `k=${c.k} rejected: its smallest cluster holds ${Math.min(...c.sizes)} customers (${pct(c.minShare)}), under the ${pct(minShare)} minimum, even though its silhouette is ${c.silhouette.toFixed(3)}.`,
      );
  const kneeK =
    ks[
      kneeIndex(
        ks,
        candidates.map((c) => c.inertia),
      )
    ];
  const eligible = candidates.filter((c) => c.eligible);
  const bestSil = eligible.reduce<KCandidate | undefined>(
    (b, c) => (!b || c.silhouette > b.silhouette ? c : b),
    undefined,
  );
  let recommendedK: number;
  if (eligible.length === 0) {
    recommendedK = kMin;
    reasons.push(
      `No k in [${kMin}, ${kMax}] keeps every cluster above ${pct(minShare)} of customers; k=${kMin} is returned as a fallback. Use log1p scaling or the outlier segment.`,
    );
  } else {
    const byDistance = [...eligible].sort(
      (a, b) => Math.abs(a.k - kneeK) - Math.abs(b.k - kneeK) || b.silhouette - a.silhouette,
    );
    const chosen = byDistance[0];
    recommendedK = chosen.k;
    if (chosen.k === kneeK)
      reasons.push(
        `k=${kneeK} is the knee of the inertia curve and every cluster holds ≥ ${pct(minShare)} of customers.`,
      );
    else
      reasons.push(
        `The knee of the inertia curve is k=${kneeK}, which is not eligible; k=${chosen.k} is the nearest eligible k.`,
      );
    reasons.push(
      `Silhouette at k=${chosen.k}: ${chosen.silhouette.toFixed(3)}; the best eligible silhouette is ${bestSil!.silhouette.toFixed(3)} at k=${bestSil!.k}.`,
    );
  }
  return {
    candidates,
    kneeK,
    bestSilhouetteK: bestSil?.k,
    recommendedK,
    reasons,
    silhouetteRows: sil.rowsScored,
    silhouetteSampled: sil.sampled,
    solutions,
  };
}

/** Default silhouette sample of k selection: keeps the k chosen on the UCI data, at a fifth of the exact cost. */
export const SELECTION_SAMPLE = 2000;

function pct(x: number): string {
  return `${(100 * x).toFixed(x < 0.1 ? 1 : 0)}%`;
}
