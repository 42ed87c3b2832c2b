import {
  fromRows,
  isoDate,
  type JsonSchema,
  type ModelArtifact,
  type Predictor,
  parseIsoDate,
  RetailKitError,
  sealArtifact,
  TRANSACTION_SCHEMA,
  verifyArtifact,
} from '@retailkit/core';
import { type BgNbdParams, expectedPurchases, probabilityAlive } from './bg-nbd.js';
import { customerFeatures } from './customer-features.js';
import type { PathStep, TreeNode } from './decision-tree.js';
import { ruleText, treePath } from './decision-tree.js';
import { RFM_ERROR_CODES } from './errors.js';
import { segmentOf } from './fit-segments.js';
import { referenceFeatures } from './reference-features.js';
import type { Scaler } from './scale.js';

/** The artifact kind of a segmenter. */
export const SEGMENTER_KIND = 'rfm.segmenter';

/** Parameters stored in a segmenter artifact (plain data). */
export interface SegmenterParams {
  readonly preset: 'default' | 'reference';
  /** Input features, in order (clustering features, plus `activeDays` for churn in the default preset). */
  readonly inputFeatures: readonly string[];
  /** Clustering features (a prefix-free subset of inputFeatures, in the scaler's order). */
  readonly features: readonly string[];
  readonly scaler: Scaler;
  readonly outlierThreshold: number;
  readonly k: number;
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

/** One prediction. */
export interface SegmentPrediction {
  readonly segment: number;
  readonly name: string;
  /** Euclidean distance to the segment centroid in scaled space (nearest centroid for outliers). */
  readonly distance: number;
  readonly outlier: boolean;
  /** The decision-tree path that explains the segment. */
  readonly path: PathStep[];
  /** The path as a sentence, e.g. "frequency > 3.5 and monetary > 1,200 → Active high-value frequent buyers". */
  readonly rule: string;
  /** The tree's own segment for this customer and its leaf confidence. */
  readonly treeSegment: number;
  readonly treeConfidence: number;
  /** BG/NBD probability that the customer has churned (1 − P(alive)); null when unavailable. */
  readonly churnProbability: number | null;
  /** Expected purchase days over the model's horizon; null when unavailable. */
  readonly expectedPurchases: number | null;
  /** The features used (computed from transactions when those were given). */
  readonly features: Record<string, number>;
}

/** Input: raw features of one customer, or their transactions. */
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

/** Build the JSON Schemas of a segmenter's input and output. */
export function segmenterSchemas(params: Pick<SegmenterParams, 'inputFeatures'>): {
  input: JsonSchema;
  output: JsonSchema;
} {
  const featureProps: Record<string, JsonSchema> = Object.fromEntries(
    params.inputFeatures.map((f) => [f, { type: 'number' } as JsonSchema]),
  );
  const input: JsonSchema = {
    type: 'object',
    description: 'One customer: raw features (unscaled) or their transactions.',
    properties: {
      features: {
        type: 'object',
        properties: featureProps,
        required: [...params.inputFeatures],
        additionalProperties: false,
      },
      transactions: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: {
            invoiceNo: { type: 'string' },
            stockCode: { type: 'string' },
            quantity: { type: 'number' },
            invoiceDate: { type: 'string', description: 'YYYY-MM-DD HH:MM:SS wall-clock' },
            unitPrice: { type: 'number' },
          },
          required: ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice'],
          additionalProperties: false,
        },
      },
      asOf: { type: 'string', description: 'YYYY-MM-DD; default: the training asOf' },
    },
    oneOf: [{ required: ['features'] }, { required: ['transactions'] }],
    additionalProperties: false,
  };
  const output: JsonSchema = {
    type: 'object',
    properties: {
      segment: { type: 'integer' },
      name: { type: 'string' },
      distance: { type: 'number' },
      outlier: { type: 'boolean' },
      path: { type: 'array', items: { type: 'object' } },
      rule: { type: 'string' },
      treeSegment: { type: 'integer' },
      treeConfidence: { type: 'number' },
      churnProbability: { type: ['number', 'null'] },
      expectedPurchases: { type: ['number', 'null'] },
      features: { type: 'object' },
    },
    required: ['segment', 'name', 'distance', 'outlier', 'path', 'rule', 'churnProbability'],
  };
  return { input, output };
}

/**
 * Seal segmenter parameters into a versioned artifact (`kind: 'rfm.segmenter'`, name `segments`).
 * `createdAt` and `version` come from the caller (never the clock).
 */
export function segmenterArtifact(
  params: SegmenterParams,
  meta: { createdAt: string; version?: string; trainingFingerprint: string; reference?: Record<string, number[]> },
): ModelArtifact<SegmenterParams> {
  const { input, output } = segmenterSchemas(params);
  return sealArtifact<SegmenterParams>({
    kind: SEGMENTER_KIND,
    name: 'segments',
    version: meta.version ?? meta.createdAt,
    createdAt: meta.createdAt,
    trainingFingerprint: meta.trainingFingerprint,
    inputSchema: input,
    outputSchema: output,
    params,
    reference: meta.reference,
  });
}

/**
 * Load a segmenter artifact (verified with `verifyArtifact`: kind, schema version, checksum) as a `Predictor`
 * named `segments`: one customer's raw features (or transactions) → segment, distance, tree path, churn
 * probability. The input schema names every required feature and forbids unknown ones.
 *
 * @throws RetailKitError `ARTIFACT_*` from verification; `predict` throws `RFM_BAD_INPUT` for a missing,
 *   unknown or non-numeric feature.
 * @example
 * const p = segmenterFromJSON(JSON.parse(text));
 * await p.predict({ features: { recency: 12, frequency: 9, … } }) // { segment: 2, name: 'Active high-value frequent buyers', … }
 */
export function segmenterFromJSON(json: unknown): Predictor<SegmentInput, SegmentPrediction> {
  const artifact = verifyArtifact<SegmenterParams>(json, SEGMENTER_KIND);
  const p = artifact.params;
  const model = { scaler: p.scaler, outlierThreshold: p.outlierThreshold, k: p.k, centroids: [...p.centroids] };
  const v = new Float64Array(p.features.length);
  const tv = new Float64Array(p.tree.features.length);
  // the rule of a decision path depends only on its leaf: formatted once per leaf, on first use
  const rules = new Map<number, string>();
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
      rule = ruleText(path.steps, p.names[path.segment] ?? `Segment ${path.segment}`);
      rules.set(path.leaf, rule);
    }
    let churnProbability: number | null = null;
    let expected: number | null = null;
    if (p.churn && p.preset === 'default') {
      const x = Math.max(0, features.activeDays - 1);
      const T = features.tenure;
      const tx = x > 0 ? Math.max(0, features.tenure - features.recency) : 0;
      churnProbability = 1 - probabilityAlive(p.churn.bgNbd, x, tx, T);
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
    toJSON: () => artifact,
  };
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
  const rows = input.transactions.map((t, i) => {
    const ms = parseIsoDate(String(t.invoiceDate));
    if (!Number.isFinite(ms))
      throw badInput(`transactions[${i}].invoiceDate must be YYYY-MM-DD[ HH:MM:SS]`, t.invoiceDate);
    return {
      invoiceNo: String(t.invoiceNo),
      stockCode: String(t.stockCode),
      description: null,
      quantity: Number(t.quantity),
      invoiceDate: ms,
      unitPrice: Number(t.unitPrice),
      customerId: 'customer',
      country: null,
    };
  });
  const frame = fromRows(rows, TRANSACTION_SCHEMA);
  const asOf = input.asOf ?? p.asOf;
  const table = p.preset === 'reference' ? referenceFeatures(frame) : customerFeatures(frame, { asOf });
  if (table.length === 0) throw badInput(`no transaction falls before asOf ${isoDate(parseIsoDate(asOf))}`, asOf);
  const out: Record<string, number> = {};
  for (const f of p.inputFeatures) out[f] = (table.columns[f] as { data: Float64Array }).data[0];
  return out;
}

function badInput(message: string, received: unknown): RetailKitError {
  return new RetailKitError(RFM_ERROR_CODES.badInput, `segments.predict: ${message}.`, { details: { received } });
}
