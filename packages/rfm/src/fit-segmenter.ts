import {
  type FitResult,
  type Frame,
  fingerprint,
  fromRows,
  invalidArgument,
  isoDate,
  isRetailKitError,
  MS_PER_DAY,
  numbers,
} from '@retailkit/core';
import { type BgNbdModel, fitBgNbd } from './bg-nbd.js';
import type { CustomerTables } from './customer-events-sql.js';
import { customerFeatures, DEFAULT_SEGMENT_FEATURES, NUMERIC_FEATURE_COLUMNS } from './customer-features.js';
import { type CustomerValueResult, customerValueTable } from './customer-value.js';
import { explainSegments, type SegmentRule } from './explain-segments.js';
import { fitGammaGamma, type GammaGammaModel } from './gamma-gamma.js';
import { eventsFingerprint, isCustomerTables, purchaseEvents, summaryOfEvents } from './internal/customer-windows.js';
import { featureTableOf } from './internal/feature-table.js';
import { segmentValues } from './internal/segment-value.js';
import { fitSegments } from './internal/segmentation.js';
import { sealSegmenter } from './internal/segmenter-artifact.js';
import { mean, median } from './internal/stats.js';
import { defaultAsOf, parseAsOf, requireColumns } from './internal/validate.js';
import { purchaseSummary } from './purchase-summary.js';
import type { ScalerMethod } from './scale.js';
import { type Segmenter, type SegmenterParams, segmenterOf } from './segmenter.js';

/**
 * Per-customer features the caller computed, to segment on instead of `customerFeatures` (a feature store's
 * table, another definition of recency, a replayed notebook's columns…).
 */
export interface FeatureTable {
  /** One row per customer; the `columns` must be numeric (NaN and ±Infinity are read as 0). */
  readonly table: Frame;
  /** The columns to cluster and to explain with the tree, in order. */
  readonly columns: readonly string[];
  /** Signed log1p before scaling (default `false`). */
  readonly log1p?: boolean;
  /** Scaler (default `robust`). */
  readonly scaler?: ScalerMethod;
  /** Recorded as `preset` in the report and the model (default `custom`); any name except `default`. */
  readonly name?: string;
  /** Words for the columns in the explanation rules (`{ spendPerMonth: 'spend per month' }`); default the names. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of `fitSegmenter`. */
export interface SegmenterOptions {
  /** Seed of every random step (default 42). */
  readonly seed?: number;
  /** Feature date (default: midnight after the last transaction). Also the model's `createdAt`. */
  readonly asOf?: number | string | Date;
  /**
   * Segment on these caller-computed features instead of `customerFeatures(frame)` with
   * `DEFAULT_SEGMENT_FEATURES` (signed log1p + robust scaling). The churn models are still fitted on `frame`;
   * the model then predicts from `{ features }` only, without churn outputs.
   */
  readonly features?: FeatureTable;
  /** Candidate k (default [2, 12]). */
  readonly kRange?: readonly [number, number];
  /** Force k instead of choosing it. */
  readonly k?: number;
  /** KMeans restarts per k (default 2; k-means++ seeding). */
  readonly restarts?: number;
  /**
   * Silhouettes of the candidate k are computed on a seeded sample of this many customers (default 2,000;
   * `Infinity` = every customer, exact). Reported as `selection.silhouetteSampled`.
   */
  readonly silhouetteSample?: number;
  /** Tree search: CV folds (default 5). */
  readonly folds?: number;
  /** Tree search: random candidates (default 20). */
  readonly candidates?: number;
  /** Permutation-importance repeats (default 10). */
  readonly importanceRepeats?: number;
  /** Fit BG/NBD + Gamma-Gamma for churn and value (default true). */
  readonly churn?: boolean;
  /** Days ahead for churn predictions (default 90). */
  readonly horizon?: number;
  /**
   * Per-customer churn and value from another model (for example `fitCustomerValue(…).report.customers`, with its
   * `model` name): the clusters' `pChurn`, `expectedPurchases` and `clv` are then their customers' means of these,
   * and `report.valueModel` names it. Default: BG/NBD + Gamma-Gamma fitted here. With `bgNbd` and `gammaGamma`
   * (`fitCustomerValue(…).report`'s, fitted on this frame at this asOf, purchases in days), the report's `churn` and the model's
   * P(alive) use those fits instead of fitting them again; with `trainingFingerprint` (that model's artifact's, of
   * this frame), the artifact takes it instead of hashing the frame again.
   */
  readonly values?: {
    readonly model: string;
    readonly customers: readonly { customerId: string; pChurn: number; expectedPurchases: number; clv: number }[];
    readonly bgNbd?: BgNbdModel;
    readonly gammaGamma?: GammaGammaModel;
    readonly trainingFingerprint?: string;
  };
}

/** `{ mean, median, max }` of one feature over customers. */
export interface FeatureStats {
  readonly mean: number;
  readonly median: number;
  readonly max: number;
}

/** The report of `fitSegmenter` (what `retailkit segment` writes as `segments.json`). */
export interface SegmentsReport {
  /** `default` (features from `customerFeatures`) or the name of the caller's `FeatureTable`. */
  readonly preset: string;
  readonly seed: number;
  readonly asOf: string;
  readonly customers: number;
  /** Statistics of the unscaled features over customers. */
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
    /**
     * Churn risk: the mean over the segment's customers of P(no purchase in the next `churn.horizon` days)
     * (BG/NBD's `probabilityNoPurchase`), in [0, 1]. Only
     * customers with a purchase before `asOf` are scored; null when none is, or when the churn models were not
     * fitted (`churnSkipped`, or `churn: false`).
     */
    pChurn: number | null;
    /** Mean expected purchase days per customer in the next `churn.horizon` days (BG/NBD); null as `pChurn`. */
    expectedPurchases: number | null;
    /**
     * Mean customer lifetime value per customer over the next `churn.horizon` days: BG/NBD expected purchases ×
     * Gamma-Gamma expected spend, undiscounted, in the data's currency; null as `pChurn`.
     */
    clv: number | null;
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
    /** Up to three short rules per segment, with coverage and precision (`explainSegments`). */
    readonly rules: readonly SegmentRule[];
    readonly importance: { feature: string; mean: number; std: number }[];
  };
  /** Counts of the classic named RFM segments (features from `customerFeatures` only). */
  readonly rfmSegments?: Record<string, number>;
  /** Why the churn models were not fitted (too little repeat-purchase history), when they were not. */
  readonly churnSkipped?: string;
  /** The model behind the clusters' pChurn, expectedPurchases and clv (`bg-nbd + gamma-gamma` by default). */
  readonly valueModel?: string;
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
 * Fit a customer segmenter on a cleaned transaction Frame: features (`customerFeatures`, or the caller's
 * `features`) → scaling (signed log1p + robust by default) → an explicit outlier segment (beyond ±6 scaled
 * units) → k chosen from the inertia knee, the silhouette of every candidate (on a seeded sample) and the 1 %
 * rule → KMeans (k-means++) → profiles with plain-words names → a decision tree that explains the segments
 * (stratified 5-fold CV × 20 random candidates, holdout accuracy and macro-F1, rules) → permutation importance
 * (10 repeats) → BG/NBD + Gamma-Gamma churn and value, averaged per segment over the customers with a purchase
 * (`clusters[].pChurn` = mean P(no purchase in the horizon), `expectedPurchases`, `clv` = mean expected purchases × expected spend
 * over `horizon` days). Deterministic for a given seed and input.
 *
 * Input: cleaned transaction lines, or `{ events, features }` computed where the lines are (`customerEventsSql` and
 * `customerFeaturesSql`, or `customerEvents` and `customerFeatures`; rows in any order, RFM score columns
 * recomputed): the fit then reads those tables only, and equals the fit on the lines given the same `asOf` (the
 * default is the day after the last event). The artifact's `trainingFingerprint` is `values.trainingFingerprint`
 * when given, else a hash of the lines or of the events.
 *
 * Returns `{ model, report }`: `report` is the JSON-ready summary (`segments.json`), `model` the `Segmenter`
 * predictor; `model.toJSON()` is its sealed `rfm.segmenter` artifact (load it with `segmenterFromJSON`).
 *
 * Complexity: dominated by the KMeans restarts and the tree search, O(|kRange| × restarts × iterations × n k d
 * + candidates × folds × depth × n d), plus O(s² d) for the silhouettes on s sampled customers.
 *
 * @throws RetailKitError `MISSING_COLUMN` (a transaction, event or feature column, or one of `features.table`),
 *   `RFM_TOO_FEW_CUSTOMERS`, `INVALID_ARGUMENT`.
 * @example
 * // frame: cleaning's revenue view of the UCI Online Retail data (4,372 identified customers)
 * const { model, report } = fitSegmenter(frame, { seed: 42 });
 * [report.k, report.selection.outliers.count] // [6, 355]
 * (await model.predict({ features: { recency: 3, frequency: 7, monetary: 4310, meanDaysBetween: 60.8,
 *   meanTicketSize: 615.7, meanItemsPerInvoice: 26, meanQuantityPerInvoice: 351.1, meanSpendPerMonth: 615.7,
 *   refundValueRate: 0, tenure: 368, activeDays: 7 } })).name // 'Champions'
 */
export function fitSegmenter(
  input: Frame | CustomerTables,
  options: SegmenterOptions = {},
): FitResult<Segmenter, SegmentsReport> {
  const fn = 'fitSegmenter';
  const custom = options.features;
  const preset = custom ? (custom.name ?? 'custom') : 'default';
  if (custom && (typeof preset !== 'string' || preset === 'default'))
    throw invalidArgument(fn, 'features.name', preset, 'a name other than "default"');
  const seed = options.seed ?? 42;
  const source = segmenterSource(fn, input, options.asOf);
  const { asOf } = source;
  const table = custom ? custom.table : source.features();
  const features = custom ? [...custom.columns] : [...DEFAULT_SEGMENT_FEATURES];
  const log1p = custom ? (custom.log1p ?? false) : true;
  const scaler = custom?.scaler ?? 'robust';
  const seg = fitSegments(table, {
    features,
    scaler,
    log1p,
    kRange: options.kRange,
    k: options.k,
    seed,
    restarts: options.restarts,
    silhouetteSample: options.silhouetteSample,
  });
  const names = seg.profiles.map((p) => p.name);
  const exp = explainSegments(table, seg.labels, {
    features,
    names,
    featureLabels: options.features?.labels,
    seed,
    folds: options.folds,
    candidates: options.candidates,
    importanceRepeats: options.importanceRepeats,
  });
  const stats: Record<string, FeatureStats> = {};
  for (const name of custom ? features : NUMERIC_FEATURE_COLUMNS) {
    const d = numbers(table, name, fn);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
    stats[name] = { mean: mean(d), median: median(d), max };
  }
  const churn = (options.churn ?? true) ? fitChurn(source.summary, options.horizon ?? 90, options.values) : {};
  const valueTable = options.values ? valuesFrame(options.values.customers) : churn.table;
  const values = valueTable ? segmentValues(table, seg.labels, seg.profiles.length, valueTable) : undefined;
  const report: SegmentsReport = {
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
      scaler,
      log1p,
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
      pChurn: values?.[p.segment].pChurn ?? null,
      expectedPurchases: values?.[p.segment].expectedPurchases ?? null,
      clv: values?.[p.segment].clv ?? null,
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
      rules: exp.rules,
      importance: exp.importance?.overall ?? [],
    },
    rfmSegments: custom ? undefined : rfmSegmentCounts(table),
    churn: churn.summary,
    churnSkipped: churn.skipped,
    valueModel: options.values ? options.values.model : churn.table ? 'bg-nbd + gamma-gamma' : undefined,
  };
  const reference: Record<string, number[]> = {};
  for (const f of features) reference[f] = Array.from(numbers(table, f, fn).subarray(0, 1000));
  const params: SegmenterParams = {
    preset,
    inputFeatures: custom ? features : [...features, 'activeDays'],
    features,
    scaler: seg.scaler,
    outlierThreshold: seg.outlierThreshold,
    k: seg.k,
    centroids: seg.centroids,
    names,
    tree: { features: exp.tree.features, classes: exp.tree.classes, nodes: exp.tree.nodes },
    churn: churn.params ?? null,
    asOf: isoDate(asOf),
  };
  const artifact = sealSegmenter(params, {
    createdAt: new Date(asOf).toISOString(),
    trainingFingerprint: options.values?.trainingFingerprint ?? source.fingerprint(),
    reference,
  });
  return { model: segmenterOf(artifact), report };
}

/** What the segmenter reads from its input: asOf, the feature table, the purchase summary and the fingerprint. */
interface SegmenterSource {
  readonly asOf: number;
  features(): Frame;
  summary(): Frame;
  fingerprint(): string;
}

/**
 * Lines: `customerFeatures`, `purchaseSummary` and the lines' fingerprint (asOf default midnight after the last
 * line). Tables: the given feature table (ordered and scored as `customerFeatures`' is), the summary from the
 * events and their fingerprint (asOf default the day after the last event).
 */
function segmenterSource(
  fn: string,
  input: Frame | CustomerTables,
  asOfOption: SegmenterOptions['asOf'],
): SegmenterSource {
  if (isCustomerTables(input)) {
    const { events, asOfDay } = purchaseEvents(fn, input, 'days', asOfOption);
    const features = input.features;
    return {
      asOf: parseAsOf(fn, asOfOption) ?? asOfDay * MS_PER_DAY,
      features: () => {
        if (!features)
          throw invalidArgument(
            fn,
            'input.features',
            undefined,
            'a customerFeatures or customerFeaturesSql table',
            'Pass { events, features }, or features in options.features.',
          );
        return featureTableOf(fn, features);
      },
      summary: () => summaryOfEvents(events, asOfDay),
      fingerprint: () => eventsFingerprint(events),
    };
  }
  requireColumns(fn, input, { invoiceDate: 'timestamp' });
  const asOf = parseAsOf(fn, asOfOption) ?? defaultAsOf(numbers(input, 'invoiceDate', fn));
  return {
    asOf,
    features: () => customerFeatures(input, { asOf }),
    summary: () => purchaseSummary(input, { asOf }),
    fingerprint: () => fingerprint(input),
  };
}

/** BG/NBD + Gamma-Gamma on the purchase summary; skipped (with the reason) when the history is too short. */
function fitChurn(
  summary: () => Frame,
  horizon: number,
  given?: SegmenterOptions['values'],
): { summary?: SegmentsReport['churn']; params?: SegmenterParams['churn']; table?: Frame; skipped?: string } {
  try {
    const value =
      given?.bgNbd && given.gammaGamma
        ? customerValueTable(summary(), given.bgNbd, given.gammaGamma, horizon)
        : customerValueOfSummary(summary(), horizon);
    const col = (n: string) => numbers(value.table, n);
    let expectedPurchases = 0;
    let expectedValue = 0;
    for (const v of col('expectedPurchases')) expectedPurchases += v;
    for (const v of col('clv')) expectedValue += v;
    return {
      summary: {
        horizon: value.horizon,
        bgNbd: { ...value.bgNbd.params },
        gammaGamma: { ...value.gammaGamma.params },
        meanChurnProbability: mean(col('churnProbability')),
        expectedPurchases,
        expectedValue,
      },
      params: { bgNbd: value.bgNbd.params, horizon: value.horizon },
      table: value.table,
    };
  } catch (error) {
    // too little history for BG/NBD or Gamma-Gamma: segments are still valid, churn is reported as skipped
    if (!isRetailKitError(error)) throw error;
    return { skipped: `churn models skipped: ${error.message}` };
  }
}

/** BG/NBD and Gamma-Gamma fitted on a purchase summary, and `customerValue`'s table from them. */
function customerValueOfSummary(table: Frame, horizon: number): CustomerValueResult {
  if (!(horizon > 0)) throw invalidArgument('fitSegmenter', 'horizon', horizon, 'a positive number of days');
  const x = numbers(table, 'x');
  const m = numbers(table, 'monetaryValue');
  return customerValueTable(
    table,
    fitBgNbd({ x, tx: numbers(table, 'tx'), T: numbers(table, 'T') }),
    fitGammaGamma(x, m),
    horizon,
  );
}

/** The columns `segmentValues` reads, from per-customer rows. */
function valuesFrame(rows: NonNullable<SegmenterOptions['values']>['customers']): Frame {
  return fromRows(
    rows.map((r) => ({
      customerId: r.customerId,
      churnProbability: r.pChurn,
      expectedPurchases: r.expectedPurchases,
      clv: r.clv,
    })),
    { customerId: 'string', churnProbability: 'number', expectedPurchases: 'number', clv: 'number' },
  );
}

function rfmSegmentCounts(table: Frame): Record<string, number> {
  const counts: Record<string, number> = {};
  const col = table.columns.rfmSegment as { codes: Int32Array; values: readonly string[] };
  for (let i = 0; i < table.length; i++) {
    const name = col.values[col.codes[i]];
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
