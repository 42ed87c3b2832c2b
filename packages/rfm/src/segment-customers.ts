import { type Frame, fingerprint, isoDate, type ModelArtifact, RetailKitError } from '@retailkit/core';
import { BEHAVIOUR_FEATURES, customerFeatures } from './customer-features.js';
import { customerValue } from './customer-value.js';
import { invalidArgument } from './errors.js';
import { explainSegments } from './explain-segments.js';
import { DEFAULT_SEGMENT_FEATURES, fitSegments } from './fit-segments.js';
import { mean, median } from './internal/stats.js';
import { defaultAsOf, parseAsOf, requireColumns } from './internal/validate.js';
import { REFERENCE_FEATURES, referenceFeatures } from './reference-features.js';
import { type SegmenterParams, segmenterArtifact } from './segmenter.js';

/** Options of `segmentCustomers`. */
export interface SegmentCustomersOptions {
  /**
   * `default`: `customerFeatures` (year-aware), signed log1p + robust scaling, explicit outlier segment.
   * `reference`: the notebook's table (`referenceFeatures`, input = cleaning's reference preset output),
   * robust scaling of the raw features as the notebook did — still with the 1% rule and the outlier segment.
   */
  readonly preset?: 'default' | 'reference';
  /** Seed of every random step (default 42). */
  readonly seed?: number;
  /** Feature date (default: midnight after the last transaction). Also the artifact's createdAt. */
  readonly asOf?: number | string | Date;
  /** Candidate k (default [2, 12]). */
  readonly kRange?: readonly [number, number];
  /** Force k instead of choosing it. */
  readonly k?: number;
  /** KMeans restarts per k (default 4). */
  readonly restarts?: number;
  /** Tree search: CV folds (default 5) and candidates (default 20); permutation repeats (default 10). */
  readonly folds?: number;
  readonly candidates?: number;
  readonly importanceRepeats?: number;
  /** Fit BG/NBD + Gamma-Gamma for churn and value (default true). */
  readonly churn?: boolean;
  /** Days ahead for churn predictions (default 90). */
  readonly horizon?: number;
}

/** `{ mean, median, max }` of one feature over customers. */
export interface FeatureStats {
  readonly mean: number;
  readonly median: number;
  readonly max: number;
}

/** The `segments.json` document. */
export interface SegmentsSummary {
  readonly preset: 'default' | 'reference';
  readonly seed: number;
  readonly asOf: string;
  readonly customers: number;
  /** Statistics of every numeric column of the unscaled feature table, over customers. */
  readonly features: Record<string, FeatureStats>;
  readonly k: number;
  readonly silhouette: number;
  readonly selection: {
    readonly kneeK: number;
    readonly bestSilhouetteK: number | null;
    readonly candidates: { k: number; inertia: number; silhouette: number; sizes: number[]; eligible: boolean }[];
    readonly reasons: string[];
    readonly scaler: string;
    readonly log1p: boolean;
    readonly clusteredFeatures: string[];
    readonly outliers: { count: number; threshold: number };
    readonly silhouetteSampled: boolean;
  };
  readonly clusters: {
    id: number;
    name: string;
    size: number;
    share: number;
    revenueShare: number;
    outlier: boolean;
    medians: Record<string, number>;
    /** Features whose shuffling most hurts recognising this segment (permutation importance). */
    topFeatures: string[];
  }[];
  readonly explanation: {
    readonly accuracy: number;
    readonly macroF1: number;
    readonly cvAccuracy: number;
    readonly trainAccuracy: number;
    readonly params: Record<string, unknown>;
    readonly rules: { segment: number; name: string; text: string; samples: number; confidence: number }[];
    readonly importance: { feature: string; mean: number; std: number }[];
  };
  /** Counts of the classic named RFM segments (default preset). */
  readonly rfmSegments?: Record<string, number>;
  /** Why the churn models were not fitted (too little repeat-purchase history), when they were not. */
  readonly churnSkipped?: string;
  readonly churn?: {
    readonly horizon: number;
    readonly bgNbd: Record<string, number>;
    readonly gammaGamma: Record<string, number>;
    readonly meanChurnProbability: number;
    readonly expectedPurchases: number;
    readonly expectedValue: number;
  };
}

/**
 * The whole segmentation run the CLI writes: features → scaling → k selection (inertia knee, silhouette, 1%
 * rule, outlier segment) → KMeans → profiles with plain-words names → decision-tree explanation (5-fold CV ×
 * 20 random candidates, holdout accuracy and macro-F1, rules) → permutation importance (10 repeats) →
 * BG/NBD + Gamma-Gamma churn and value. Returns the `segments.json` summary and the sealed `rfm.segmenter`
 * artifact (load it with `segmenterFromJSON`). Deterministic for a given seed and input.
 *
 * @throws RetailKitError `RFM_MISSING_COLUMN`, `RFM_TOO_FEW_CUSTOMERS`, `INVALID_ARGUMENT`.
 * @example
 * const { summary, model } = segmentCustomers(frame, { seed: 42 });
 * summary.k // 4
 * summary.explanation.accuracy // 0.95
 */
export function segmentCustomers(
  frame: Frame,
  options: SegmentCustomersOptions = {},
): { summary: SegmentsSummary; model: ModelArtifact<SegmenterParams> } {
  const preset = options.preset ?? 'default';
  if (preset !== 'default' && preset !== 'reference')
    throw invalidArgument('segmentCustomers', 'preset', preset, '"default" or "reference"');
  requireColumns('segmentCustomers', frame, { invoiceDate: 'timestamp' });
  const seed = options.seed ?? 42;
  const asOf =
    parseAsOf('segmentCustomers', options.asOf) ??
    defaultAsOf((frame.columns.invoiceDate as { data: Float64Array }).data);
  const table = preset === 'reference' ? referenceFeatures(frame) : customerFeatures(frame, { asOf });
  const features = preset === 'reference' ? [...REFERENCE_FEATURES] : [...DEFAULT_SEGMENT_FEATURES];
  const seg = fitSegments(table, {
    features,
    scaler: 'robust',
    log1p: preset === 'default',
    kRange: options.kRange,
    k: options.k,
    seed,
    restarts: options.restarts,
  });
  const names = seg.profiles.map((p) => p.name);
  const exp = explainSegments(table, seg.labels, {
    features,
    names,
    seed,
    folds: options.folds,
    candidates: options.candidates,
    importanceRepeats: options.importanceRepeats,
  });
  const stats: Record<string, FeatureStats> = {};
  const statColumns =
    preset === 'reference'
      ? [...REFERENCE_FEATURES]
      : ['recency', 'frequency', 'monetary', 'oneTime', ...BEHAVIOUR_FEATURES.slice(3), 'activeDays', 'activeMonths'];
  for (const name of statColumns) {
    const d = (table.columns[name] as { data: Float64Array }).data;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
    stats[name] = { mean: mean(d), median: median(d), max };
  }
  let churnSummary: SegmentsSummary['churn'];
  let churnParams: SegmenterParams['churn'] = null;
  let churnSkipped: string | undefined;
  if (options.churn ?? true) {
    try {
      const value = customerValue(frame, { asOf, horizon: options.horizon ?? 90 });
      const col = (n: string) => (value.table.columns[n] as { data: Float64Array }).data;
      let ep = 0;
      let ev = 0;
      for (const v of col('expectedPurchases')) ep += v;
      for (const v of col('clv')) ev += v;
      churnSummary = {
        horizon: value.horizon,
        bgNbd: { ...value.bgNbd.params },
        gammaGamma: { ...value.gammaGamma.params },
        meanChurnProbability: mean(col('churnProbability')),
        expectedPurchases: ep,
        expectedValue: ev,
      };
      churnParams = { bgNbd: value.bgNbd.params, horizon: value.horizon };
    } catch (error) {
      // too little history for BG/NBD or Gamma-Gamma: segments are still valid, churn is reported as skipped
      if (!(error instanceof RetailKitError)) throw error;
      churnSkipped = `churn models skipped: ${error.message}`;
    }
  }
  let rfmSegments: Record<string, number> | undefined;
  if (preset === 'default') {
    rfmSegments = {};
    const col = table.columns.rfmSegment as { codes: Int32Array; values: readonly string[] };
    for (let i = 0; i < table.length; i++) {
      const name = col.values[col.codes[i]];
      rfmSegments[name] = (rfmSegments[name] ?? 0) + 1;
    }
  }
  const summary: SegmentsSummary = {
    preset,
    seed,
    asOf: isoDate(asOf),
    customers: table.length,
    features: stats,
    k: seg.k,
    silhouette: seg.silhouette,
    selection: {
      kneeK: seg.kneeK,
      bestSilhouetteK: seg.bestSilhouetteK ?? null,
      candidates: seg.candidates.map((c) => ({
        k: c.k,
        inertia: c.inertia,
        silhouette: c.silhouette,
        sizes: c.sizes,
        eligible: c.eligible,
      })),
      reasons: seg.reasons,
      scaler: 'robust',
      log1p: preset === 'default',
      clusteredFeatures: [...seg.features],
      outliers: { count: seg.outlierCount, threshold: seg.outlierThreshold },
      silhouetteSampled: seg.silhouetteSampled,
    },
    clusters: seg.profiles.map((p) => ({
      id: p.segment,
      name: p.name,
      size: p.size,
      share: p.share,
      revenueShare: p.revenueShare,
      outlier: p.outlier,
      medians: p.medians,
      topFeatures: (exp.importance?.perClass[p.segment] ?? [])
        .filter((f) => f.mean > 0)
        .slice(0, 3)
        .map((f) => f.feature),
    })),
    explanation: {
      accuracy: exp.accuracy,
      macroF1: exp.macroF1,
      cvAccuracy: exp.cvAccuracy,
      trainAccuracy: exp.trainAccuracy,
      params: { ...exp.params },
      rules: exp.rules.map((r) => ({
        segment: r.segment,
        name: r.name,
        text: r.text,
        samples: r.samples,
        confidence: r.confidence,
      })),
      importance: exp.importance?.overall ?? [],
    },
    rfmSegments,
    churn: churnSummary,
    churnSkipped,
  };
  const inputFeatures = preset === 'default' ? [...features, 'activeDays'] : features;
  const reference: Record<string, number[]> = {};
  for (const f of features)
    reference[f] = Array.from((table.columns[f] as { data: Float64Array }).data.subarray(0, 1000));
  const model = segmenterArtifact(
    {
      preset,
      inputFeatures,
      features,
      scaler: seg.scaler,
      outlierThreshold: seg.outlierThreshold,
      k: seg.k,
      centroids: seg.centroids,
      names,
      tree: { features: exp.tree.features, classes: exp.tree.classes, nodes: exp.tree.nodes },
      churn: churnParams,
      asOf: isoDate(asOf),
    },
    { createdAt: new Date(asOf).toISOString(), trainingFingerprint: fingerprint(frame), reference },
  );
  return { summary, model };
}
