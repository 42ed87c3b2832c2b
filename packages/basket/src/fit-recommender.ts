import { type FitResult, type Frame, filter, invalidArgument } from '@retailkit/core';
import { apriori } from './apriori.js';
import type { RuleOptions } from './association-rules.js';
import { type BasketStats, type BuildBasketsOptions, buildBaskets } from './build-baskets.js';
import { fpgrowth } from './fpgrowth.js';
import { itemsetsFingerprint } from './internal/fingerprint.js';
import { selectRules } from './internal/generate-rules.js';
import type { ItemsetTable, MineOptions } from './itemset-table.js';
import { createRecommender, type Recommender, type RecommenderOptions } from './recommender.js';
import { type RuleJson, ruleToJSON } from './rule-to-json.js';

/**
 * Options of {@link fitRecommender}: which rows, how rows become baskets (`buildBaskets`), the miner's support and
 * budget (`fpgrowth`/`apriori`), which rules (`associationRules`) and the recommender's defaults
 * (`createRecommender`). Defaults that differ from those functions' own are restated here.
 */
export interface FitRecommenderOptions
  extends BuildBasketsOptions,
    Pick<MineOptions, 'maxLen' | 'maxItemsets' | 'maxCandidates' | 'timeoutMs'>,
    RuleOptions,
    Pick<RecommenderOptions, 'k' | 'by' | 'maxRulesPerItem' | 'name' | 'version'> {
  /**
   * The rows to mine (default: every row of the frame): a function `(row) => boolean` of the row index, or a mask
   * with one entry per row (truthy = keep), as core's `filter` takes. The frame is not re-filtered otherwise: pass
   * the rows meant for basket analysis (e.g. `@retailkit/cleaning`'s `basket` view).
   */
  readonly where?: ArrayLike<number | boolean> | ((row: number) => boolean);
  /** Keep only baskets with at least this many distinct items (default 2: a basket of one item has no rule). */
  readonly minItems?: number;
  /** Miner (default `'fpgrowth'`; both give the same itemsets). */
  readonly algorithm?: 'fpgrowth' | 'apriori';
  /** Minimum support, a fraction in (0, 1] or `{ count }` (default 0.01). */
  readonly minSupport?: MineOptions['minSupport'];
  /** Keep rules with `metric ≥ minThreshold` (default 0.5 with the default metric `'confidence'`). */
  readonly minThreshold?: number;
  /** Bounds on any metric (default `{ lift: { min: 1 } }`: only rules whose items go together more than by chance). */
  readonly filters?: RuleOptions['filters'];
  /** Sort key of the rules (default `'lift'`). */
  readonly sortBy?: RuleOptions['sortBy'];
  /** The model's creation time, ISO 8601 (default: the last `invoiceDate` of the rows mined, else 1970-01-01). */
  readonly createdAt?: string;
}

/**
 * What {@link fitRecommender} reports; JSON-ready (conviction +Infinity is written `"Infinity"`), every metric a
 * fraction or a ratio, never a count.
 */
export interface RulesReport {
  /** Baskets given to the miner, after `where` and every basket filter: the support denominator. */
  readonly baskets: number;
  /** Distinct items in those baskets. */
  readonly items: number;
  /** Frequent itemsets found (all lengths). */
  readonly itemsets: number;
  /** The minimum support applied, as a fraction. */
  readonly minSupport: number;
  /** The minimum count applied: the smallest integer c with c / baskets ≥ minSupport. */
  readonly minCount: number;
  /** What `buildBaskets` kept and removed (the counts add up); null when fitted on an itemset table. */
  readonly stats: BasketStats | null;
  /** Rules that passed the thresholds, filters and constraints, before `top` and `limit` cut them. */
  readonly rulesFound: number;
  /** Rules kept (the length of `rules`): `rulesFound` unless `top` or `limit` cut the list. */
  readonly rulesKept: number;
  /** Non-fatal findings: no frequent itemset, no rule passing the thresholds, or rules cut by `top`/`limit`. */
  readonly warnings: readonly string[];
  /** The rules, sorted (by lift unless `sortBy` says otherwise) and cut to `limit`. */
  readonly rules: readonly RuleJson[];
}

/**
 * Fit a basket recommender on a transaction Frame in one call: the rows (`where`) become baskets (`buildBaskets`:
 * one per invoice, items = stock codes by default, baskets of at least 2 items), frequent itemsets are mined
 * (FP-growth, minSupport 0.01 by default), association rules are kept with confidence ≥ 0.5 and lift ≥ 1 and sorted
 * by lift (`top` keeps only the strongest, in bounded memory), and the model is `createRecommender` on those rules.
 * The report says how many rules passed (`rulesFound`) and how many were kept (`rulesKept`), with a warning when
 * `top` or `limit` cut the list. The training fingerprint is the SHA-256 of the frequent itemsets and the basket
 * count (what the rules come from); nothing reads the clock unless `timeoutMs` is set.
 *
 * Input: transaction lines, or an itemset table mined elsewhere (a warehouse's, by `itemsetSupportsSql`'s plan):
 * the rules, report and model then equal the fit on the lines that gave those itemsets, except `stats` (null) and
 * `createdAt` (pass it; default 1970-01-01). Row, basket and mining options do not apply to a table.
 *
 * Returns `{ model, report }`: `model` is the `Recommender` (`model.toJSON()` is its sealed artifact, loaded back by
 * `recommenderFromJSON`), `report` the counts, the run's facts and the rules.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for a bad option, `MISSING_COLUMN` when the basket, item or quantity
 *   column is missing, `BASKET_EMPTY` when no basket is left, `BASKET_BUDGET_EXCEEDED` / `BASKET_TOO_MANY_RULES`
 *   past a budget.
 * @example
 * const frame = fromRows([
 *   { invoiceNo: '1', stockCode: 'tea', quantity: 1 }, { invoiceNo: '1', stockCode: 'cups', quantity: 2 },
 *   { invoiceNo: '2', stockCode: 'tea', quantity: 1 }, { invoiceNo: '2', stockCode: 'cups', quantity: 1 },
 *   { invoiceNo: '3', stockCode: 'tea', quantity: 3 }, { invoiceNo: '3', stockCode: 'jam', quantity: 1 },
 * ]);
 * const { model, report } = fitRecommender(frame, { minSupport: 0.5 });
 * [report.baskets, report.itemsets, report.rules.length] // [3, 3, 2]
 * model.predict({ cart: ['cups'] }).items.map((r) => [r.item, r.score]) // [['tea', 1]]
 */
export function fitRecommender(
  input: Frame | ItemsetTable,
  options: FitRecommenderOptions = {},
): FitResult<Recommender, RulesReport> {
  const fn = 'fitRecommender';
  let table: ItemsetTable;
  let stats: BasketStats | null = null;
  let createdAt = options.createdAt ?? EPOCH;
  if (isItemsetTable(input)) table = input;
  else {
    const rows = selectRows(fn, input, options.where);
    const baskets = buildBaskets(rows, { ...options, minItems: options.minItems ?? 2 });
    const algorithm = options.algorithm ?? 'fpgrowth';
    if (algorithm !== 'fpgrowth' && algorithm !== 'apriori')
      throw invalidArgument(fn, 'algorithm', algorithm, "'fpgrowth' or 'apriori'");
    table = (algorithm === 'apriori' ? apriori : fpgrowth)(baskets, {
      minSupport: options.minSupport ?? 0.01,
      maxLen: options.maxLen,
      maxItemsets: options.maxItemsets,
      maxCandidates: options.maxCandidates,
      timeoutMs: options.timeoutMs,
    });
    stats = baskets.stats;
    createdAt = options.createdAt ?? lastInvoiceDate(rows);
  }
  const ruleOptions: RuleOptions = {
    ...options,
    metric: options.metric ?? 'confidence',
    minThreshold: options.minThreshold ?? 0.5,
    filters: options.filters ?? { lift: { min: 1 } },
    sortBy: options.sortBy === undefined ? 'lift' : options.sortBy,
  };
  const { rules, found } = selectRules(fn, table, ruleOptions);
  const model = createRecommender(rules, {
    k: options.k,
    by: options.by,
    maxRulesPerItem: options.maxRulesPerItem,
    name: options.name,
    version: options.version,
    createdAt,
    trainingFingerprint: itemsetsFingerprint(table),
  });
  const warnings = [...table.warnings];
  if (rules.length === 0 && table.itemsets.length > 0)
    warnings.push(`${fn}: no rule passes ${describeThresholds(ruleOptions)}; lower the thresholds.`);
  if (rules.length < found) {
    const cuts = [
      options.top === undefined ? '' : `top ${options.top}`,
      options.limit === undefined ? '' : `limit ${options.limit}`,
    ];
    const order = ruleOptions.sortBy === null ? 'in generation order' : `strongest by ${ruleOptions.sortBy}`;
    warnings.push(
      `${fn}: ${found} rules pass ${describeThresholds(ruleOptions)}; kept the ${rules.length} ${order} (${cuts.filter((c) => c).join(', ')}).`,
    );
  }
  return {
    model,
    report: {
      baskets: table.transactions,
      items: table.items,
      itemsets: table.itemsets.length,
      minSupport: table.minSupport,
      minCount: table.minCount,
      stats,
      rulesFound: found,
      rulesKept: rules.length,
      warnings,
      rules: rules.map(ruleToJSON),
    },
  };
}

function selectRows(fn: string, frame: Frame, where: FitRecommenderOptions['where']): Frame {
  if (where === undefined) return frame;
  if (typeof where === 'function') return filter(frame, where);
  if (where !== null && typeof where === 'object' && typeof where.length === 'number') {
    if (where.length !== frame.length)
      throw invalidArgument(
        fn,
        'where.length',
        where.length,
        `${frame.length} (one entry per row of the frame)`,
        'Build the mask over the frame you pass, or pass a function (row) => boolean.',
      );
    return filter(frame, where);
  }
  throw invalidArgument(fn, 'where', where, 'a function (row: number) => boolean or a mask with one entry per row');
}

function describeThresholds(o: RuleOptions): string {
  const parts = [`${o.metric} ≥ ${o.minThreshold}`];
  for (const [metric, b] of Object.entries(o.filters ?? {})) {
    if (b?.min !== undefined) parts.push(`${metric} ≥ ${b.min}`);
    if (b?.max !== undefined) parts.push(`${metric} ≤ ${b.max}`);
  }
  return parts.join(' and ');
}

const EPOCH = '1970-01-01T00:00:00.000Z';

/** Is the input an itemset table (a miner's, or `itemsetSupportsSql`'s plan's) rather than transaction lines? */
function isItemsetTable(input: Frame | ItemsetTable): input is ItemsetTable {
  return (
    typeof input === 'object' &&
    input !== null &&
    Array.isArray((input as ItemsetTable).itemsets) &&
    !('columns' in input)
  );
}

function lastInvoiceDate(frame: Frame): string {
  const col = frame.columns.invoiceDate;
  let max = Number.NEGATIVE_INFINITY;
  if (col && (col.type === 'timestamp' || col.type === 'number'))
    for (let i = 0; i < col.data.length; i++) if (col.data[i] > max) max = col.data[i];
  return Number.isFinite(max) ? new Date(max).toISOString() : EPOCH;
}
