import { createHash } from 'node:crypto';
import {
  canonicalJson,
  invalidArgument,
  type JsonSchema,
  type ModelArtifact,
  type Predictor,
  RetailKitError,
  sealArtifact,
  verifyArtifact,
} from '@retailkit/core';
import { checkRecommend, type Recommendation, type RecommendRule, rank } from './recommend.js';

/** Artifact kind of the recommender. */
export const RECOMMENDER_KIND = 'basket.recommender';

/** One request to the recommender predictor. */
export interface RecommenderInput {
  readonly cart: readonly string[];
  readonly k?: number;
  readonly by?: 'confidence' | 'lift';
}

/** One answer of the recommender predictor. */
export interface RecommenderOutput {
  readonly items: readonly Recommendation[];
}

/** What the artifact stores: data only. */
export interface RecommenderParams {
  readonly rules: readonly RecommendRule[];
  readonly k: number;
  readonly by: 'confidence' | 'lift';
  readonly maxRulesPerItem: number;
  /** Labels of the items that may appear in a cart (antecedent items), sorted. */
  readonly items: readonly string[];
}

/** Options of {@link createRecommender}. */
export interface RecommenderOptions {
  /** Default number of items per answer (default 5; a request may pass `k`, at most 100). */
  readonly k?: number;
  /** Default ranking metric (default `'confidence'`). */
  readonly by?: 'confidence' | 'lift';
  readonly maxRulesPerItem?: number;
  /** ISO 8601 creation time, from the data (default `'1970-01-01T00:00:00.000Z'`; never the clock). */
  readonly createdAt?: string;
  /** Fingerprint of the training data (default: SHA-256 of the rules' canonical JSON). */
  readonly trainingFingerprint?: string;
  /** Model version string (default: `createdAt`). */
  readonly version?: string;
  /** Served name (default `'recommender'`). */
  readonly name?: string;
}

/** A fitted, immutable recommender: a `Predictor` for `@retailkit/serve`. */
export interface Recommender extends Predictor<RecommenderInput, RecommenderOutput> {
  readonly params: RecommenderParams;
  /** Synchronous: recommendations for one validated request. */
  predict(input: RecommenderInput): RecommenderOutput;
  /** Same as `predict`, for callers outside serve. */
  recommend(cart: readonly string[], options?: { k?: number; by?: 'confidence' | 'lift' }): Recommendation[];
  toJSON(): ModelArtifact<RecommenderParams>;
}

const RULE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['antecedents', 'consequents', 'support', 'confidence', 'lift'],
  additionalProperties: false,
  properties: {
    antecedents: { type: 'array', items: { type: 'string' } },
    consequents: { type: 'array', items: { type: 'string' } },
    support: { type: 'number', minimum: 0, maximum: 1 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    lift: { type: 'number', minimum: 0 },
  },
};

/** JSON Schema of one request: `cart` is required; unknown fields are refused. */
export const RECOMMENDER_INPUT_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'Basket recommendation request',
  required: ['cart'],
  additionalProperties: false,
  properties: {
    cart: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      maxItems: 1000,
      description: 'Items already in the basket (same labels as the training items: stock codes or descriptions).',
      examples: [['22423', '85123A']],
    },
    k: { type: 'integer', minimum: 1, maximum: 100, description: 'Number of items to return.' },
    by: { type: 'string', enum: ['confidence', 'lift'], description: 'Ranking metric.' },
  },
};

/** JSON Schema of one answer. */
export const RECOMMENDER_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['item', 'score', 'confidence', 'lift', 'support', 'rules'],
        additionalProperties: false,
        properties: {
          item: { type: 'string' },
          score: { type: 'number' },
          confidence: { type: 'number' },
          lift: { type: 'number' },
          support: { type: 'number' },
          rules: { type: 'array', items: RULE_SCHEMA },
        },
      },
    },
  },
};

function compactRules(fn: string, rules: readonly RecommendRule[]): RecommendRule[] {
  if (!Array.isArray(rules)) throw invalidArgument(fn, 'rules', rules, 'an array of rules');
  return rules.map((r, i) => {
    const ok =
      r &&
      Array.isArray(r.antecedents) &&
      Array.isArray(r.consequents) &&
      r.antecedents.length > 0 &&
      r.consequents.length > 0 &&
      [r.support, r.confidence, r.lift].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok)
      throw invalidArgument(
        fn,
        `rules[${i}]`,
        r,
        '{ antecedents, consequents (non-empty), support, confidence, lift }',
      );
    return {
      antecedents: [...r.antecedents],
      consequents: [...r.consequents],
      support: r.support,
      confidence: r.confidence,
      lift: r.lift,
    };
  });
}

function build(artifact: ModelArtifact<RecommenderParams>): Recommender {
  const params = artifact.params;
  // index rules by their first antecedent: a cart only visits rules that can fire
  const index = new Map<string, RecommendRule[]>();
  for (const r of params.rules) {
    const key = r.antecedents[0];
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(r);
  }
  const run = (cart: readonly string[], k?: number, by?: 'confidence' | 'lift'): Recommendation[] => {
    const o = checkRecommend(artifact.name, cart, {
      k: k ?? params.k,
      by: by ?? params.by,
      maxRulesPerItem: params.maxRulesPerItem,
    });
    const set = new Set(cart);
    const candidates: RecommendRule[] = [];
    for (const item of set) {
      const list = index.get(item);
      if (list) for (const r of list) candidates.push(r);
    }
    return rank(set, candidates, o);
  };
  const model: Recommender = {
    name: artifact.name,
    kind: RECOMMENDER_KIND,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    params,
    predict: (input) => ({ items: run(input.cart, input.k, input.by) }),
    recommend: (cart, options = {}) => run(cart, options.k, options.by),
    toJSON: () => artifact,
  };
  return Object.freeze(model);
}

/**
 * A recommender (`Predictor`, name `'recommender'`, kind `'basket.recommender'`) from association rules. The
 * artifact (`toJSON`) is sealed with core's `sealArtifact` and holds only data: the rules (antecedents,
 * consequents, support, confidence, lift) and the defaults.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for malformed rules or options.
 * @example
 * const model = createRecommender(associationRules(table, { metric: 'lift', minThreshold: 1 }), { createdAt: '2011-12-09T12:50:00.000Z' });
 * model.predict({ cart: ['tea'] }) // { items: [{ item: 'cups', score: 0.8, … }] }
 * recommenderFromJSON(JSON.parse(JSON.stringify(model.toJSON()))).predict({ cart: ['tea'] }) // same answer
 */
export function createRecommender(rules: readonly RecommendRule[], options: RecommenderOptions = {}): Recommender {
  const fn = 'createRecommender';
  const compact = compactRules(fn, rules);
  const o = checkRecommend(fn, [], options);
  if (o.k > 100) throw invalidArgument(fn, 'k', o.k, 'an integer in [1, 100]');
  const createdAt = options.createdAt ?? '1970-01-01T00:00:00.000Z';
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
    throw invalidArgument(fn, 'createdAt', createdAt, 'an ISO 8601 date-time string');
  const items = [...new Set(compact.flatMap((r) => r.antecedents))].sort();
  const params: RecommenderParams = { rules: compact, k: o.k, by: o.by, maxRulesPerItem: o.maxRulesPerItem, items };
  const artifact = sealArtifact<RecommenderParams>({
    kind: RECOMMENDER_KIND,
    name: options.name ?? 'recommender',
    version: options.version ?? createdAt,
    createdAt,
    trainingFingerprint:
      options.trainingFingerprint ?? `sha256:${createHash('sha256').update(canonicalJson(compact)).digest('hex')}`,
    inputSchema: RECOMMENDER_INPUT_SCHEMA,
    outputSchema: RECOMMENDER_OUTPUT_SCHEMA,
    params,
  });
  return build(artifact);
}

/**
 * Load a recommender from its JSON artifact (checked with core's `verifyArtifact`: kind, version, checksum).
 *
 * @throws RetailKitError `ARTIFACT_INVALID`, `ARTIFACT_VERSION`, `ARTIFACT_KIND`, `ARTIFACT_CHECKSUM`.
 * @example
 * recommenderFromJSON(JSON.parse(text)).predict({ cart: ['22423'] })
 */
export function recommenderFromJSON(value: unknown): Recommender {
  const artifact = verifyArtifact<RecommenderParams>(value, RECOMMENDER_KIND);
  const p = artifact.params as RecommenderParams | undefined;
  if (!p || !Array.isArray(p.rules) || !Number.isInteger(p.k) || (p.by !== 'confidence' && p.by !== 'lift'))
    throw new RetailKitError(
      'ARTIFACT_INVALID',
      `recommenderFromJSON: artifact "${artifact.name}" has malformed params.`,
      {
        details: { name: artifact.name },
      },
    );
  compactRules('recommenderFromJSON', p.rules);
  return build(artifact);
}

/** The loader `@retailkit/serve` registers for kind `'basket.recommender'` (same as `recommenderFromJSON`). */
export const recommenderLoader: (artifact: unknown) => Recommender = recommenderFromJSON;
