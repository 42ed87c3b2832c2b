import type { Frame } from '@retailkit/core';
import { invalidArgument } from '@retailkit/core';
import { DEFAULT_SEGMENT_FEATURES } from '../customer-features.js';
import { tooFewCustomers } from '../errors.js';
import { fitKMeans, type KMeansResult, nearestCentroid } from '../kmeans.js';
import { applyScaler, fitScaler, type Scaler, type ScalerMethod, scaleVector } from '../scale.js';
import { type KCandidate, SELECTION_SAMPLE, selectK } from '../select-k.js';
import { silhouetteScores } from '../silhouette.js';
import { featureMatrix, type Matrix, takeRows } from './matrix.js';
import { profileSegments, type SegmentProfile } from './profile.js';

/** Options of `fitSegments`. */
export interface FitSegmentsOptions {
  /** Feature columns to cluster (default `DEFAULT_SEGMENT_FEATURES`). */
  readonly features?: readonly string[];
  /** Scaler (default `robust`). */
  readonly scaler?: ScalerMethod;
  /** Signed log1p before scaling: all features (default `true`), none, or the named ones. */
  readonly log1p?: boolean | readonly string[];
  /**
   * Customers with any scaled feature beyond ±this many scale units form an explicit outlier segment and are
   * left out of KMeans (default 6; `Infinity` disables).
   */
  readonly outlierThreshold?: number;
  /** Candidate k (default [2, 12]); ignored when `k` is given. */
  readonly kRange?: readonly [number, number];
  /** Force k (still reported against the 1% rule). */
  readonly k?: number;
  readonly seed?: number;
  readonly restarts?: number;
  readonly minClusterShare?: number;
  readonly silhouetteSample?: number;
}

/** A fitted segmentation (plain data; see `segmentOf` to assign a new customer). */
export interface Segmentation {
  readonly features: readonly string[];
  readonly scaler: Scaler;
  readonly outlierThreshold: number;
  /** Number of KMeans clusters (the outlier segment, when present, has id k). */
  readonly k: number;
  /** Scaled centroids, row-major k × d. */
  readonly centroids: number[];
  /** Segment of every row of the feature table. */
  readonly labels: Int32Array;
  readonly outlierCount: number;
  /** Mean silhouette of the chosen k (scaled space, outliers excluded). */
  readonly silhouette: number;
  readonly inertia: number;
  readonly candidates: KCandidate[];
  readonly kneeK: number;
  readonly bestSilhouetteK: number | undefined;
  readonly reasons: string[];
  readonly silhouetteSampled: boolean;
  readonly profiles: SegmentProfile[];
  /** The scaled matrix of the clustered (non-outlier) rows and their row indices, for diagnostics. */
  readonly scaled: Matrix;
}

/**
 * Segment customers: gather `features` from the feature table, scale (signed log1p + robust by default),
 * move customers beyond `outlierThreshold` scaled units on any feature into an explicit outlier segment,
 * choose k with `selectK` (inertia knee, silhouette of every candidate, no cluster under `minClusterShare`)
 * unless `k` is forced, and profile every segment (`profileSegments`) on the unscaled table.
 *
 * Complexity: dominated by `selectK`.
 *
 * @throws RetailKitError `MISSING_COLUMN` for an unknown feature, `RFM_TOO_FEW_CUSTOMERS`, `INVALID_ARGUMENT`.
 * @example
 * const seg = fitSegments(customerFeatures(frame), { seed: 42 });
 * seg.k // e.g. 5
 * seg.profiles.map((p) => p.name) // ['Lapsed low-spend one-time buyers', …]
 */
export function fitSegments(table: Frame, options: FitSegmentsOptions = {}): Segmentation {
  const features = options.features ?? DEFAULT_SEGMENT_FEATURES;
  const threshold = options.outlierThreshold ?? 6;
  if (!(threshold > 0))
    throw invalidArgument('fitSegments', 'outlierThreshold', threshold, 'a positive number or Infinity');
  const raw = featureMatrix('fitSegments', table, features);
  const scaler = fitScaler(raw, features, { method: options.scaler ?? 'robust', log1p: options.log1p ?? true });
  const all = applyScaler(scaler, raw);
  const inliers: number[] = [];
  const isOutlier = new Uint8Array(all.n);
  for (let i = 0; i < all.n; i++) {
    let out = false;
    for (let j = 0; j < all.d; j++) if (Math.abs(all.data[i * all.d + j]) > threshold) out = true;
    if (out) isOutlier[i] = 1;
    else inliers.push(i);
  }
  const x = takeRows(all, inliers);
  if (x.n < 3) throw tooFewCustomers('fitSegments', x.n, 3, 'Segment more customers or raise outlierThreshold.');
  const seed = options.seed ?? 42;
  let chosen: KMeansResult;
  let candidates: KCandidate[];
  let kneeK: number;
  let bestSilhouetteK: number | undefined;
  let reasons: string[];
  let silhouette: number;
  let sampled = false;
  if (options.k !== undefined) {
    const k = options.k;
    chosen = fitKMeans(x, { k, seed: seed + k, restarts: options.restarts });
    silhouette = 0;
    if (k >= 2) {
      const sil = silhouetteScores(x, [chosen.labels], {
        sampleSize: options.silhouetteSample ?? SELECTION_SAMPLE,
        seed,
      });
      silhouette = sil.scores[0];
      sampled = sil.sampled;
    }
    const sizes = Array.from(chosen.sizes);
    const minShare = Math.min(...sizes) / x.n;
    const eligible = minShare >= (options.minClusterShare ?? 0.01);
    candidates = [{ k, inertia: chosen.inertia, silhouette, sizes, minShare, eligible }];
    kneeK = k;
    bestSilhouetteK = eligible ? k : undefined;
    reasons = [
      eligible
        ? `k=${k} was forced by the caller.`
        : `k=${k} was forced by the caller, although its smallest cluster holds ${Math.min(...sizes)} customers (under the minimum share); it would not be recommended.`,
    ];
  } else {
    const sel = selectK(x, {
      kRange: options.kRange,
      seed,
      restarts: options.restarts,
      minClusterShare: options.minClusterShare,
      silhouetteSample: options.silhouetteSample,
    });
    chosen = sel.solutions.get(sel.recommendedK)!;
    candidates = sel.candidates;
    kneeK = sel.kneeK;
    bestSilhouetteK = sel.bestSilhouetteK;
    reasons = sel.reasons;
    silhouette = sel.candidates.find((c) => c.k === sel.recommendedK)!.silhouette;
    sampled = sel.silhouetteSampled;
  }
  const k = chosen.k;
  const outlierCount = all.n - inliers.length;
  const labels = new Int32Array(all.n).fill(k);
  inliers.forEach((row, i) => {
    labels[row] = chosen.labels[i];
  });
  if (outlierCount > 0)
    reasons.push(
      `${outlierCount} customers (${((100 * outlierCount) / all.n).toFixed(1)}%) lie beyond ±${threshold} scaled units on some feature; they form the explicit outlier segment ${k} and were left out of KMeans.`,
    );
  const profiles = profileSegments(table, labels, { features, outlierSegment: outlierCount > 0 ? k : undefined });
  return {
    features: [...features],
    scaler,
    outlierThreshold: threshold,
    k,
    centroids: Array.from(chosen.centroids),
    labels,
    outlierCount,
    silhouette,
    inertia: chosen.inertia,
    candidates,
    kneeK,
    bestSilhouetteK,
    reasons,
    silhouetteSampled: sampled,
    profiles,
    scaled: x,
  };
}

/**
 * Assign one customer's unscaled feature vector (in `seg.features` order) to a segment: the outlier segment
 * when a scaled value is beyond the threshold, else the nearest centroid. Returns the segment and the
 * Euclidean distance to its centroid in scaled space (to the nearest centroid for outliers).
 *
 * @example
 * segmentOf(seg, [30, 4, 1200, 40, 300, 20, 150, 400, 0, 200]) // { segment: 1, distance: 0.84, outlier: false }
 */
export function segmentOf(
  seg: Pick<Segmentation, 'scaler' | 'outlierThreshold' | 'k' | 'centroids'>,
  values: ArrayLike<number>,
): { segment: number; distance: number; outlier: boolean } {
  const v = scaleVector(seg.scaler, values);
  const [c, dist] = nearestCentroid(seg.centroids, seg.k, v);
  const outlier = v.some((x) => Math.abs(x) > seg.outlierThreshold);
  return { segment: outlier ? seg.k : c, distance: dist, outlier };
}
