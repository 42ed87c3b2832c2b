import { createHash } from 'node:crypto';
import { type Frame, invalidArgument, type ModelArtifact } from '@retailkit/core';
import { apriori } from './apriori.js';
import { associationRules, type RuleJson, ruleToJSON } from './association-rules.js';
import { type BasketStats, type Baskets, buildBaskets } from './build-baskets.js';
import { fpgrowth } from './fpgrowth.js';
import type { MineOptions } from './internal/itemset-table.js';
import type { RuleMetric } from './metrics.js';
import { productLines } from './product-lines.js';
import { createRecommender, type RecommenderParams } from './recommender.js';
import { REFERENCE_MIN_SUPPORT, referenceBaskets } from './reference-baskets.js';

/** Options of {@link mineRules}; every one overrides the preset's value. */
export interface MineRulesOptions {
  /**
   * `'default'`: {@link productLines} (non-cancelled product lines, quantity and price > 0), item = stock code,
   * baskets ≥ 2 items, minSupport 0.01, rules with confidence ≥ 0.5 and lift ≥ 1, sorted by lift.
   * `'reference'`: the original notebook (see `referenceBaskets`): minSupport 0.03, rules with lift ≥ 1 and no
   * confidence threshold, sorted by lift.
   */
  readonly preset?: 'default' | 'reference';
  readonly minSupport?: MineOptions['minSupport'];
  readonly maxLen?: number;
  /** `'default'` preset only: item column (default `'stockCode'`). */
  readonly item?: 'stockCode' | 'description';
  /** `'default'` preset only: minimum distinct items per basket (default 2). */
  readonly minItems?: number;
  /** `'default'` preset only: drop baskets with more items (default: no cap). */
  readonly maxItems?: number;
  readonly metric?: RuleMetric;
  readonly minThreshold?: number;
  /** Minimum lift on top of `metric` (default 1 in both presets). */
  readonly minLift?: number;
  readonly sortBy?: RuleMetric;
  /** Keep at most this many rules (after sorting) in the summary and the model. */
  readonly limit?: number;
  /** Miner (default `'fpgrowth'`; both give the same itemsets). */
  readonly algorithm?: 'fpgrowth' | 'apriori';
  readonly maxItemsets?: number;
  readonly timeoutMs?: number;
  /** Model creation time (default: the last invoiceDate of the frame, else 1970-01-01). */
  readonly createdAt?: string;
  /** Recommender default k (default 5). */
  readonly k?: number;
}

/** `rules.json`: counts of the run and the rules; every metric is a fraction or a ratio, never a count. */
export interface RulesSummary {
  /** Transactions given to the miner, after every basket filter (the support denominator). */
  readonly baskets: number;
  /** Distinct items in those baskets. */
  readonly items: number;
  /** Frequent itemsets found (all lengths). */
  readonly itemsets: number;
  /** Rules, sorted; conviction +Infinity is written `"Infinity"`. */
  readonly rules: readonly RuleJson[];
}

/** What {@link mineRules} returns: the summary for `rules.json`, the recommender artifact, and the run's facts. */
export interface MineRulesResult {
  readonly summary: RulesSummary;
  /** The recommender artifact (`models/recommender.json`). */
  readonly model: ModelArtifact<RecommenderParams>;
  readonly stats: BasketStats;
  readonly minSupport: number;
  readonly minCount: number;
  readonly warnings: readonly string[];
}

/**
 * Mine association rules from a cleaned transaction Frame in one call (what `npm start -- basket` runs): baskets
 * by the preset, FP-growth, rules, and a recommender built from those rules.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option, `BASKET_EMPTY` when no basket is left,
 *   `BASKET_BUDGET_EXCEEDED` past the budget.
 * @example
 * const { summary, model } = mineRules(cleanReference(raw).frame, { preset: 'reference' });
 * summary.rules[0] // { antecedents: [...], consequents: [...], support, confidence, lift, ... }
 */
export function mineRules(frame: Frame, options: MineRulesOptions = {}): MineRulesResult {
  const fn = 'mineRules';
  const preset = options.preset ?? 'default';
  if (preset !== 'default' && preset !== 'reference')
    throw invalidArgument(fn, 'preset', preset, "'default' or 'reference'");
  const reference = preset === 'reference';
  let baskets: Baskets;
  if (reference) baskets = referenceBaskets(frame);
  else
    baskets = buildBaskets(productLines(frame), {
      item: options.item ?? 'stockCode',
      minItems: options.minItems ?? 2,
      maxItems: options.maxItems,
    });
  const mine = (options.algorithm ?? 'fpgrowth') === 'apriori' ? apriori : fpgrowth;
  const table = mine(baskets, {
    minSupport: options.minSupport ?? (reference ? REFERENCE_MIN_SUPPORT : 0.01),
    maxLen: options.maxLen,
    maxItemsets: options.maxItemsets,
    timeoutMs: options.timeoutMs,
  });
  const metric = options.metric ?? (reference ? 'lift' : 'confidence');
  const minThreshold = options.minThreshold ?? (reference ? 1 : 0.5);
  const minLift = options.minLift ?? 1;
  const rules = associationRules(table, {
    metric,
    minThreshold,
    filters: { lift: { min: minLift } },
    sortBy: options.sortBy ?? 'lift',
    limit: options.limit,
  });
  const createdAt = options.createdAt ?? lastInvoiceDate(frame);
  const model = createRecommender(rules, {
    createdAt,
    k: options.k,
    trainingFingerprint: basketsFingerprint(baskets),
  }).toJSON();
  const warnings = [...table.warnings];
  if (rules.length === 0 && table.itemsets.length > 0)
    warnings.push(`${fn}: no rule passes ${metric} ≥ ${minThreshold} and lift ≥ ${minLift}; lower the thresholds.`);
  return {
    summary: {
      baskets: table.transactions,
      items: table.items,
      itemsets: table.itemsets.length,
      rules: rules.map(ruleToJSON),
    },
    model,
    stats: baskets.stats,
    minSupport: table.minSupport,
    minCount: table.minCount,
    warnings,
  };
}

function lastInvoiceDate(frame: Frame): string {
  const col = frame.columns.invoiceDate;
  let max = Number.NEGATIVE_INFINITY;
  if (col && (col.type === 'timestamp' || col.type === 'number'))
    for (let i = 0; i < col.data.length; i++) if (col.data[i] > max) max = col.data[i];
  return Number.isFinite(max) ? new Date(max).toISOString() : '1970-01-01T00:00:00.000Z';
}

/**
 * SHA-256 of the baskets (CSR arrays and item labels): the recommender's training fingerprint. O(items).
 *
 * @example
 * basketsFingerprint(basketsFromArrays([['a', 'b']])) // 'sha256:…' (64 hex digits)
 */
export function basketsFingerprint(b: Baskets): string {
  const h = createHash('sha256');
  h.update(`baskets:${b.length};items:${b.itemLabels.length};`);
  h.update(new Uint8Array(b.offsets.buffer, b.offsets.byteOffset, b.offsets.byteLength));
  h.update(new Uint8Array(b.items.buffer, b.items.byteOffset, b.items.byteLength));
  h.update(b.itemLabels.join('\u0000'));
  return `sha256:${h.digest('hex')}`;
}
