import { type RecommendRule, recommendationsSql, ruleTables } from '@retailkit/basket';
import { type MergeResult, mergeInto, type SqlEngine } from '@retailkit/connectors';
import { type Frame, fromRows, parseIsoDate, type Row, toRows } from '@retailkit/core';
import type { ForecastPoint } from '@retailkit/forecast';
import {
  customerFeaturesSql,
  expectedSpend,
  type GammaGammaParams,
  purchaseSummarySql,
  type Segmenter,
} from '@retailkit/rfm';

/** The tables batch scoring writes, merged on their keys. */
export const SCORE_TABLES = {
  /** customerId → segment, segmentName, pChurn, expectedPurchases, clv. */
  customers: 'customer_scores',
  /** (customerId, rank) → item, score, confidence, lift, support. */
  recommendations: 'customer_recommendations',
  /** (series, ds) → model, yhat, lo, hi, level. */
  forecasts: 'series_forecasts',
  /** The rules as `ruleTables` makes them, uploaded for `recommendationsSql`. */
  rules: 'recommendation_rules',
  antecedents: 'recommendation_rule_antecedents',
} as const;

/** The fitted outputs batch scoring applies. */
export interface ScoreModels {
  /** A segmenter on `customerFeatures`' features (the default preset): segment, churn and expected purchases. */
  readonly segmenter: Segmenter;
  /** Gamma-Gamma parameters of the customer-value fit, for the expected spend in CLV; null: CLV is left NULL. */
  readonly gammaGamma: GammaGammaParams | null;
  /** The recommender's rules. */
  readonly rules: readonly RecommendRule[];
  /** The forecasts with their intervals. */
  readonly forecasts: readonly ForecastPoint[];
}

/** Where the lines are, in the engine. */
export interface ScoreOptions {
  /** Lines the customer features are computed from (the `revenue` view: canonical columns and `revenue`). */
  readonly featureLines: string;
  /** Lines each customer's items are read from for recommendations (the `basket` view). */
  readonly basketLines: string;
  /** Recommendations per customer; default 5. */
  readonly k?: number;
  /**
   * `customerFeaturesSql`'s table over `featureLines` at `asOf` (ms since the epoch), when the caller has it (the
   * run's segment step fitted on it): used instead of running the query again when `asOf` is the segmenter's.
   */
  readonly features?: { readonly asOf: number; readonly table: Frame };
}

/** What each table's merge changed. */
export interface ScoreReport {
  readonly customers: MergeResult;
  readonly recommendations: MergeResult;
  readonly forecasts: MergeResult;
  readonly rules: MergeResult;
  readonly antecedents: MergeResult;
}

/**
 * Batch scoring written back where the lines live (the `score` step): per customer the segment, churn probability
 * and expected purchases over the segmenter's horizon (its BG/NBD on the customer's features) and CLV = expected
 * purchases × Gamma-Gamma expected spend; per customer the top-k recommendations, computed in the engine by
 * `recommendationsSql` over the rules uploaded as tables (Node never holds a customer's items); per series and day
 * the forecasts with their intervals. The features come from `customerFeaturesSql` and `purchaseSummarySql` at the
 * segmenter's own `asOf`, so scores depend on the models and each customer's lines only.
 *
 * Every table is merged on its key with `mergeInto` (rows that did not change — customer scores within 1e-9
 * relative, as the engine's sums may change order — are not written; the counts go to
 * the merge state table in the same transaction): a rerun on the same lines changes nothing, and a rerun after one
 * customer's lines change rewrites that customer's rows only. Runs on a PostgreSQL, DuckDB or BigQuery engine: the
 * SQL comes from each builder's dialect (`engine.dialect`), and on BigQuery each merge is a load job (or a dry run of
 * the recommendations' SELECT) and one script job.
 */
export async function scoreBack(engine: SqlEngine, models: ScoreModels, options: ScoreOptions): Promise<ScoreReport> {
  const customers = await scoreCustomers(engine, models, options);
  return { customers, ...(await scoreItems(engine, models, options)) };
}

/** {@link scoreBack}'s per-customer scores (`customer_scores`): what needs the segmenter. */
export async function scoreCustomers(
  engine: SqlEngine,
  models: Pick<ScoreModels, 'segmenter' | 'gammaGamma'>,
  options: ScoreOptions,
): Promise<MergeResult> {
  return mergeInto(engine, {
    target: SCORE_TABLES.customers,
    source: await customerScores(engine, models, options),
    key: ['customerId'],
    // the engine's sums may change order when the lines change (PostgreSQL), moving scores by ulps
    tolerance: 1e-9,
  });
}

/**
 * {@link scoreBack}'s recommendations (with the rules they are computed from) and forecasts: what needs the
 * recommender and the forecasts only, so that it can run before the segmenter is fitted.
 */
export async function scoreItems(
  engine: SqlEngine,
  models: Pick<ScoreModels, 'rules' | 'forecasts'>,
  options: Pick<ScoreOptions, 'basketLines' | 'k'>,
): Promise<Omit<ScoreReport, 'customers'>> {
  const tables = ruleTables(models.rules);
  const rules = await mergeInto(engine, {
    target: SCORE_TABLES.rules,
    source: tables.rules,
    key: ['ruleId', 'consequent'],
  });
  const antecedents = await mergeInto(engine, {
    target: SCORE_TABLES.antecedents,
    source: tables.antecedents,
    key: ['ruleId', 'item'],
  });
  const recommendations = await mergeInto(engine, {
    target: SCORE_TABLES.recommendations,
    source: recommendationsSql(engine.dialect, {
      rules: SCORE_TABLES.rules,
      antecedents: SCORE_TABLES.antecedents,
      lines: options.basketLines,
      k: options.k ?? 5,
    }),
    key: ['customerId', 'rank'],
  });
  const forecasts = await mergeInto(engine, {
    target: SCORE_TABLES.forecasts,
    source: forecastFrame(models.forecasts),
    key: ['series', 'ds'],
  });
  return { recommendations, forecasts, rules, antecedents };
}

/** One row per customer: features and purchase summary from the engine, the models applied here. */
async function customerScores(
  engine: SqlEngine,
  models: Pick<ScoreModels, 'segmenter' | 'gammaGamma'>,
  score: ScoreOptions,
): Promise<Frame> {
  const params = models.segmenter.toJSON().params;
  const options = { table: score.featureLines, asOf: params.asOf, columns: { revenue: 'revenue' } };
  const features =
    score.features && score.features.asOf === parseIsoDate(params.asOf)
      ? score.features.table
      : await engine.query(customerFeaturesSql(engine.dialect, options));
  const summary = new Map(
    toRows(await engine.query(purchaseSummarySql(engine.dialect, options))).map((r) => [r.customerId as string, r]),
  );
  const out: Row[] = [];
  const ids = features.columns.customerId;
  if (ids?.type !== 'string') return fromRows([], CUSTOMER_SCHEMA);
  const columns = params.inputFeatures.map((n) => [n, features.columns[n]] as const);
  for (let i = 0; i < features.length; i++) {
    const x: Record<string, number> = {};
    for (const [n, c] of columns) x[n] = (c as { data: Float64Array }).data[i];
    const p = await models.segmenter.predict({ features: x });
    const customerId = ids.values[ids.codes[i]];
    const s = summary.get(customerId);
    const repeat = s ? Number(s.x) : Number.NaN;
    const spend =
      models.gammaGamma && s
        ? expectedSpend(models.gammaGamma, repeat, repeat > 0 ? Number(s.monetaryValue) : 0)
        : null;
    out.push({
      customerId,
      segment: p.segment,
      segmentName: p.name,
      pChurn: p.churnProbability,
      expectedPurchases: p.expectedPurchases,
      clv: spend === null || p.expectedPurchases === null ? null : p.expectedPurchases * spend,
    });
  }
  return fromRows(out, CUSTOMER_SCHEMA);
}

const CUSTOMER_SCHEMA = {
  customerId: 'string',
  segment: 'number',
  segmentName: 'string',
  pChurn: 'number',
  expectedPurchases: 'number',
  clv: 'number',
} as const;

/** The forecast points as a Frame keyed by series and day (`ds` a timestamp at midnight). */
function forecastFrame(points: readonly ForecastPoint[]): Frame {
  return fromRows(
    points.map((p) => ({
      series: p.series,
      ds: new Date(parseIsoDate(p.ds)),
      model: p.model,
      yhat: p.yhat,
      lo: p.lo,
      hi: p.hi,
      level: p.level,
    })),
    { series: 'string', ds: 'timestamp', model: 'string', yhat: 'number', lo: 'number', hi: 'number', level: 'number' },
  );
}
