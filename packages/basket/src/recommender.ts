import { createHash } from 'node:crypto';
import {
  CORE_ERROR_CODES,
  canonicalJson,
  invalidArgument,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  RetailKitError,
  sealArtifact,
  verifyArtifact,
} from '@retailkit/core';
import type { Rule } from './association-rules.js';
import { checkRecommend, rank } from './internal/rank.js';
import { RECOMMENDER_INPUT_SCHEMA, RECOMMENDER_OUTPUT_SCHEMA } from './internal/recommender-schemas.js';

/** Artifact kind of the recommender. */
const RECOMMENDER_KIND = 'basket.recommender';

/** The fields of a rule that recommendations use (a full `Rule` from `associationRules` fits). */
export type RecommendRule = Pick<Rule, 'antecedents' | 'consequents' | 'support' | 'confidence' | 'lift'>;

/** One recommended item with the rules that support it. */
export interface Recommendation {
  readonly item: string;
  /** The best `by` value (confidence or lift) among the rules that recommend the item. */
  readonly score: number;
  /** Confidence, lift and support of the best rule. */
  readonly confidence: number;
  readonly lift: number;
  readonly support: number;
  /** Up to `maxRulesPerItem` supporting rules, best first. */
  readonly rules: readonly RecommendRule[];
}

/** One request to the recommender predictor. */
export interface RecommenderInput {
  /** Items already in the basket (the training item labels: stock codes or descriptions). */
  readonly cart: readonly string[];
  /** Number of items to return (default: the model's `k`; at most 100 over HTTP). */
  readonly k?: number;
  /** Ranking metric (default: the model's `by`). */
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
  /** Supporting rules listed per recommended item, best first (default 3). */
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

const isLabels = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');

const inRange = (v: unknown, hi: number) => typeof v === 'number' && v >= 0 && v <= hi;

/** What is wrong with one rule (`at` names it), as `[path, what it must be]`, or null. */
function ruleProblem(rule: unknown, at: string): [string, string] | null {
  const r = rule as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return [at, 'an object'];
  for (const side of ['antecedents', 'consequents'])
    if (!isLabels(r[side])) return [`${at}.${side}`, 'a non-empty array of item labels (strings)'];
  if (!inRange(r.support, 1)) return [`${at}.support`, 'a number in [0, 1]'];
  if (!inRange(r.confidence, 1)) return [`${at}.confidence`, 'a number in [0, 1]'];
  if (!inRange(r.lift, Number.MAX_VALUE)) return [`${at}.lift`, 'a finite number >= 0'];
  return null;
}

/** The first field of an artifact's params that is malformed, as `[path, what it must be]`, or null. */
function paramsProblem(p: unknown): [string, string] | null {
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return ['params', 'an object'];
  const o = p as Record<string, unknown>;
  if (!(Number.isInteger(o.k) && (o.k as number) >= 1 && (o.k as number) <= 100))
    return ['params.k', 'an integer in [1, 100]'];
  if (o.by !== 'confidence' && o.by !== 'lift') return ['params.by', "'confidence' or 'lift'"];
  if (!(Number.isInteger(o.maxRulesPerItem) && (o.maxRulesPerItem as number) >= 0))
    return ['params.maxRulesPerItem', 'an integer >= 0'];
  if (!Array.isArray(o.items) || o.items.some((x) => typeof x !== 'string'))
    return ['params.items', 'an array of item labels (strings)'];
  if (!Array.isArray(o.rules)) return ['params.rules', 'an array of rules'];
  for (let i = 0; i < o.rules.length; i++) {
    const problem = ruleProblem(o.rules[i], `params.rules[${i}]`);
    if (problem) return problem;
  }
  return null;
}

function compactRules(fn: string, rules: readonly RecommendRule[]): RecommendRule[] {
  if (!Array.isArray(rules)) throw invalidArgument(fn, 'rules', rules, 'an array of rules');
  return rules.map((r, i) => {
    const problem = ruleProblem(r, `rules[${i}]`);
    if (problem) {
      const [field, allowed] = problem;
      throw invalidArgument(
        fn,
        field,
        r,
        `${allowed} (a rule is { antecedents, consequents, support, confidence, lift })`,
      );
    }
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
 * A recommender (a `Predictor`, name `'recommender'`, kind `'basket.recommender'`) from association rules you mined
 * yourself (`associationRules`, or any rules with antecedents, consequents, support, confidence and lift);
 * `fitRecommender` builds its model with it. A cart's recommendations are the consequents of the rules whose
 * antecedents are all in the cart, minus the cart; an item scores the best `by` value (confidence or lift) among
 * its rules (max aggregation, as arules' `predict`); ties go to the other metric, then support, then the label.
 * Rules are indexed by their first antecedent once, so a cart visits only the rules that can fire.
 *
 * The artifact (`toJSON()`) is sealed with core's `sealArtifact` and holds only data: the rules (antecedents,
 * consequents, support, confidence, lift) and the defaults. Deterministic: `createdAt` comes from the caller, never
 * the clock.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for malformed rules or options (`k` outside [1, 100], a `createdAt`
 *   that is not an ISO 8601 date-time).
 * @example
 * const model = createRecommender(
 *   [{ antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }],
 *   { createdAt: '2011-12-09T12:50:00.000Z' },
 * );
 * model.predict({ cart: ['tea'] }).items.map((r) => [r.item, r.score]) // [['cups', 0.8]]
 * model.recommend(['cups']) // []
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
 * The recommender of a JSON artifact (`model.toJSON()`, parsed): the envelope is checked with core's
 * `verifyArtifact` (kind `'basket.recommender'`, schema version, checksum), then the params field by field (`k`,
 * `by`, `maxRulesPerItem`, `items`, every rule) before anything is built. An artifact only ever supplies data.
 *
 * @throws RetailKitError `ARTIFACT_INVALID` (not an artifact, or malformed params: `details.field` names the first
 *   bad one, e.g. `params.rules[3].lift`), `ARTIFACT_VERSION`,
 *   `ARTIFACT_KIND`, `ARTIFACT_CHECKSUM`.
 * @example
 * const model = createRecommender([{ antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }]);
 * const back = recommenderFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
 * back.predict({ cart: ['tea'] }).items[0].item // 'cups'
 */
export function recommenderFromJSON(json: unknown): Recommender {
  const fn = 'recommenderFromJSON';
  const artifact = verifyArtifact<RecommenderParams>(json, RECOMMENDER_KIND);
  const problem = paramsProblem(artifact.params);
  if (problem) {
    const [field, allowed] = problem;
    throw new RetailKitError(
      CORE_ERROR_CODES.artifactInvalid,
      `${fn}: artifact "${artifact.name}" has malformed params: ${field} must be ${allowed}. Re-create it with fitRecommender or createRecommender.`,
      { details: { name: artifact.name, field, allowed } },
    );
  }
  return build(artifact);
}

/**
 * The loader of recommender artifacts for `@retailkit/serve`: `{ kind: 'basket.recommender', fromJSON:
 * recommenderFromJSON }`.
 *
 * @example
 * recommenderLoader.kind // 'basket.recommender'
 * recommenderLoader.fromJSON === recommenderFromJSON // true
 */
export const recommenderLoader: PredictorLoader<Recommender> = Object.freeze({
  kind: RECOMMENDER_KIND,
  fromJSON: recommenderFromJSON,
});
