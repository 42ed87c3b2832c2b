import {
  CORE_ERROR_CODES,
  isoDate,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  parseIsoDate,
  RetailKitError,
  verifyArtifact,
} from '@retailkit/core';
import { type BgNbdParams, expectedPurchases, probabilityNoPurchase } from './bg-nbd.js';
import { customerFeatures } from './customer-features.js';
import type { PathStep, TreeNode } from './decision-tree.js';
import { badInput } from './errors.js';
import { pathText } from './internal/readable-rules.js';
import { segmentOf } from './internal/segmentation.js';
import { SEGMENTER_KIND } from './internal/segmenter-artifact.js';
import { transactionFrame } from './internal/transaction-input.js';
import { treePath } from './internal/tree.js';
import type { Scaler } from './scale.js';

/** Parameters stored in a segmenter artifact (plain data). */
export interface SegmenterParams {
  /**
   * How the input features are computed: `default` — by `customerFeatures` (so the model also predicts from a
   * customer's transactions, and gives churn outputs); any other value — by the caller (the name of the
   * `FeatureTable` it was fitted on), so it predicts from `{ features }` only, without churn outputs.
   */
  readonly preset: string;
  /** Input features, in order (clustering features, plus `activeDays` for churn when `preset` is `default`). */
  readonly inputFeatures: readonly string[];
  /** Clustering features (a subset of inputFeatures, in the scaler's order). */
  readonly features: readonly string[];
  readonly scaler: Scaler;
  readonly outlierThreshold: number;
  readonly k: number;
  /** Scaled centroids, row-major k × features. */
  readonly centroids: readonly number[];
  /** Segment names by id (k entries, plus the outlier segment's when present). */
  readonly names: readonly string[];
  readonly tree: {
    readonly features: readonly string[];
    readonly classes: number;
    readonly nodes: readonly TreeNode[];
  };
  readonly churn: { readonly bgNbd: BgNbdParams; readonly horizon: number } | null;
  /** Default asOf (ISO date) for transaction inputs. */
  readonly asOf: string;
}

/** One prediction of a `Segmenter`. */
export interface SegmentPrediction {
  readonly segment: number;
  readonly name: string;
  /** Euclidean distance to the segment centroid in scaled space (nearest centroid for outliers). */
  readonly distance: number;
  readonly outlier: boolean;
  /** The decision-tree path that explains the segment. */
  readonly path: PathStep[];
  /** The path as a sentence in words, one range per feature, e.g. "orders > 3.5 and net spend > 1,200 → Champions". */
  readonly rule: string;
  /** The tree's own segment for this customer and its leaf confidence. */
  readonly treeSegment: number;
  readonly treeConfidence: number;
  /** BG/NBD probability of no purchase over the model's horizon (`probabilityNoPurchase`); null when unavailable. */
  readonly churnProbability: number | null;
  /** Expected purchase days over the model's horizon; null when unavailable. */
  readonly expectedPurchases: number | null;
  /** The features used (computed from transactions when those were given). */
  readonly features: Record<string, number>;
}

/** Input of a `Segmenter`: one customer's raw (unscaled) features, or their transactions. */
export type SegmentInput =
  | { readonly features: Record<string, number> }
  | {
      readonly transactions: readonly {
        invoiceNo: string;
        stockCode: string;
        quantity: number;
        invoiceDate: string;
        unitPrice: number;
      }[];
      readonly asOf?: string;
    };

/**
 * A fitted customer segmenter (a `Predictor` named `segments`, kind `rfm.segmenter`): one customer → segment,
 * distance, decision path and churn outlook. Immutable; `toJSON()` gives its sealed artifact.
 */
export interface Segmenter extends Predictor<SegmentInput, SegmentPrediction> {
  toJSON(): ModelArtifact<SegmenterParams>;
}

/**
 * Load a segmenter from its artifact (`fitSegmenter(…).model.toJSON()`, parsed from JSON): the envelope is
 * verified (`verifyArtifact`: kind `rfm.segmenter`, schema version, checksum), then its parameters' shapes, then
 * the `Segmenter` is built. `predict` takes one customer's raw features — every `inputFeatures` name, no other —
 * or, when the features are `customerFeatures`' (`preset: 'default'`), their transactions.
 *
 * @throws RetailKitError `ARTIFACT_*` from verification, `ARTIFACT_INVALID` for malformed parameters; `predict`
 *   throws `RFM_BAD_INPUT` for a missing, unknown or non-numeric feature, or for transactions given to a model
 *   fitted on caller-computed features.
 * @example
 * const segmenter = segmenterFromJSON(JSON.parse(readFileSync('models/segments.json', 'utf8'))); // retailkit's
 * [segmenter.name, segmenter.kind] // ['segments', 'rfm.segmenter']
 */
export function segmenterFromJSON(json: unknown): Segmenter {
  const artifact = verifyArtifact<SegmenterParams>(json, SEGMENTER_KIND);
  checkParams(artifact.params);
  return segmenterOf(artifact);
}

/**
 * The loader of `rfm.segmenter` artifacts for `@retailkit/serve`: `{ kind: 'rfm.segmenter', fromJSON:
 * segmenterFromJSON }`.
 *
 * @example
 * serveModels({ dir: 'models', loaders: [segmenterLoader] }); // @retailkit/serve
 * segmenterLoader.kind // 'rfm.segmenter'
 */
export const segmenterLoader: PredictorLoader<Segmenter> = { kind: SEGMENTER_KIND, fromJSON: segmenterFromJSON };

/** The segmenter of a verified artifact. */
export function segmenterOf(artifact: ModelArtifact<SegmenterParams>): Segmenter {
  const p = artifact.params;
  const model = { scaler: p.scaler, outlierThreshold: p.outlierThreshold, k: p.k, centroids: [...p.centroids] };
  const v = new Float64Array(p.features.length);
  const tv = new Float64Array(p.tree.features.length);
  // the rule of a decision path depends only on its leaf: formatted once per leaf, on first use
  const rules = new Map<number, string>();
  const fromCustomerFeatures = p.preset === 'default';
  const predict = (input: SegmentInput): SegmentPrediction => {
    const features =
      'features' in input && input.features
        ? checkFeatures(p.inputFeatures, input.features)
        : fromTransactions(p, input);
    for (let j = 0; j < v.length; j++) v[j] = features[p.features[j]];
    const seg = segmentOf(model, v);
    for (let j = 0; j < tv.length; j++) tv[j] = features[p.tree.features[j]];
    const path = treePath(p.tree, tv);
    const name = p.names[seg.segment] ?? `Segment ${seg.segment}`;
    let rule = rules.get(path.leaf);
    if (rule === undefined) {
      rule = pathText(path.steps, p.names[path.segment] ?? `Segment ${path.segment}`);
      rules.set(path.leaf, rule);
    }
    let churnProbability: number | null = null;
    let expected: number | null = null;
    if (p.churn && fromCustomerFeatures) {
      const x = Math.max(0, features.activeDays - 1);
      const T = features.tenure;
      const tx = x > 0 ? Math.max(0, features.tenure - features.recency) : 0;
      churnProbability = probabilityNoPurchase(p.churn.bgNbd, p.churn.horizon, x, tx, T);
      expected = expectedPurchases(p.churn.bgNbd, p.churn.horizon, x, tx, T);
    }
    return {
      segment: seg.segment,
      name,
      distance: seg.distance,
      outlier: seg.outlier,
      path: path.steps,
      rule,
      treeSegment: path.segment,
      treeConfidence: path.confidence,
      churnProbability,
      expectedPurchases: expected,
      features,
    };
  };
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    reference: artifact.reference,
    predict,
    cost: (input) => segmentCost(p, input),
    toJSON: () => artifact,
  };
}

/**
 * The work of one prediction (the `Predictor.cost` contract): features × centroids for the nearest centroid, plus
 * the tree's nodes as a bound on its path, plus, from transactions, a few hundred operations per transaction
 * (building the customer's features). O(1).
 */
function segmentCost(p: SegmenterParams, input: SegmentInput): number {
  const base = p.features.length * p.k + p.tree.nodes.length;
  const n = 'transactions' in input && Array.isArray(input.transactions) ? input.transactions.length : 0;
  return base + 200 * n;
}

function checkFeatures(required: readonly string[], given: Record<string, number>): Record<string, number> {
  if (given === null || typeof given !== 'object') throw badInput('features must be an object of numbers', given);
  for (const k of Object.keys(given))
    if (!required.includes(k)) throw badInput(`unknown feature "${k}"; expected exactly ${required.join(', ')}`, k);
  const out: Record<string, number> = {};
  for (const f of required) {
    const v = given[f];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw badInput(`feature "${f}" must be a finite number`, v);
    out[f] = v;
  }
  return out;
}

function fromTransactions(p: SegmenterParams, input: SegmentInput): Record<string, number> {
  if (!('transactions' in input) || !Array.isArray(input.transactions) || input.transactions.length === 0)
    throw badInput('give either "features" or a non-empty "transactions" array', input);
  if (p.preset !== 'default')
    throw badInput(
      `this model was fitted on caller-computed features ("${p.preset}"), which it cannot compute from transactions; pass { features: { ${p.inputFeatures.join(', ')} } }`,
      'transactions',
    );
  const asOf = input.asOf ?? p.asOf;
  const table = customerFeatures(transactionFrame(input.transactions, badInput), { asOf });
  if (table.length === 0) throw badInput(`no transaction falls before asOf ${isoDate(parseIsoDate(asOf))}`, asOf);
  const out: Record<string, number> = {};
  for (const f of p.inputFeatures) out[f] = (table.columns[f] as { data: Float64Array }).data[0];
  return out;
}

/** Shape checks of an artifact's parameters (the checksum proves integrity, not that a writer got them right). */
function checkParams(p: SegmenterParams): void {
  const fail = (field: string, allowed: string, received: unknown): never => {
    throw new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `segmenterFromJSON: params.${field} must be ${allowed}. Refit with fitSegmenter and save model.toJSON().`,
      { details: { field, allowed, received } },
    );
  };
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const numbers = (v: unknown, length: number) =>
    Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('', 'an object', p);
  if (typeof p.preset !== 'string') fail('preset', 'a string', p.preset);
  if (!strings(p.inputFeatures)) fail('inputFeatures', 'an array of names', p.inputFeatures);
  if (!strings(p.features) || !p.features.every((f) => p.inputFeatures.includes(f)))
    fail('features', 'names from inputFeatures', p.features);
  const d = p.features.length;
  const s = p.scaler;
  if (
    s === null ||
    typeof s !== 'object' ||
    !numbers(s.center, d) ||
    !numbers(s.scale, d) ||
    !Array.isArray(s.log) ||
    s.log.length !== d ||
    !s.log.every((x) => typeof x === 'boolean')
  )
    fail('scaler', `a scaler of ${d} features`, s);
  if (!Number.isInteger(p.k) || p.k < 1) fail('k', 'an integer ≥ 1', p.k);
  if (!numbers(p.centroids, p.k * d)) fail('centroids', `${p.k * d} numbers`, p.centroids?.length);
  if (typeof p.outlierThreshold !== 'number') fail('outlierThreshold', 'a number', p.outlierThreshold);
  if (!strings(p.names) || p.names.length < p.k) fail('names', `an array of at least ${p.k} names`, p.names);
  const t = p.tree;
  if (t === null || typeof t !== 'object' || !strings(t.features) || !Array.isArray(t.nodes) || t.nodes.length === 0)
    fail('tree', 'a decision tree', t);
  if (!t.features.every((f) => p.inputFeatures.includes(f)))
    fail('tree.features', 'names from inputFeatures', t.features);
  t.nodes.forEach((node, i) => {
    const child = (c: number) => Number.isInteger(c) && c > i && c < t.nodes.length;
    if (
      node === null ||
      typeof node !== 'object' ||
      !Number.isInteger(node.feature) ||
      !Array.isArray(node.counts) ||
      !node.counts.every(finite) ||
      (node.feature >= 0 &&
        !(node.feature < t.features.length && finite(node.threshold) && child(node.left) && child(node.right)))
    )
      fail(`tree.nodes[${i}]`, 'a leaf or a split with children after it', node);
  });
  const c = p.churn;
  if (
    c !== null &&
    !(
      typeof c === 'object' &&
      finite(c.horizon) &&
      c.bgNbd !== null &&
      typeof c.bgNbd === 'object' &&
      [c.bgNbd.r, c.bgNbd.alpha, c.bgNbd.a, c.bgNbd.b].every(finite)
    )
  )
    fail('churn', 'null or { bgNbd: { r, alpha, a, b }, horizon } (finite numbers)', c);
  if (!Number.isFinite(parseIsoDate(String(p.asOf)))) fail('asOf', 'a YYYY-MM-DD date', p.asOf);
}
