import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitRecommender, recommendationsSql } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import { openSqlEngine, type SqlEngine } from '@retailkit/connectors';
import { type Frame, slice, valueAt } from '@retailkit/core';
import {
  customerFeatures,
  customerFeaturesSql,
  fitSegmenter,
  purchaseSummary,
  purchaseSummarySql,
} from '@retailkit/rfm';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BigQueryDouble,
  type CannedResult,
  startBigQueryDouble,
} from '../../../packages/connectors/test/helpers/bigquery-double.js';
import { fixedTokenAuth } from '../../../packages/connectors/test/helpers/google-auth.js';
import { SCORE_TABLES, type ScoreModels, scoreBack } from '../src/score-back.js';

/**
 * scoreBack on a BigQuery engine: a CONTRACT test through the real @google-cloud/bigquery client against the
 * loopback double of BigQuery's REST API (packages/connectors/test/helpers/bigquery-double.ts), not a real
 * BigQuery. The double cannot run SQL: the feature queries are answered with the in-memory features of three
 * customers, each merge script with fixed counts. What scoreBack sends (every query, dry run and load job, in order)
 * is pinned by a golden file (rewrite with UPDATE_GOLDEN=1 after a reviewed change). Score values are checked
 * against the in-memory path on PostgreSQL and DuckDB (score-back.test.ts).
 */

const OPTIONS = { featureLines: 'retailkit_revenue', basketLines: 'retailkit_basket', k: 5 };
const REST_TYPES: Record<string, string> = { string: 'STRING', number: 'FLOAT', int: 'INTEGER', timestamp: 'DATETIME' };

/** A Frame as the REST API answers it: field types, and every cell as text (null for missing). */
function asRest(frame: Frame): CannedResult {
  const names = Object.keys(frame.columns);
  return {
    fields: names.map((name) => ({ name, type: REST_TYPES[frame.columns[name].type] })),
    rows: Array.from({ length: frame.length }, (_, i) =>
      names.map((n) => {
        const v = valueAt(frame.columns[n], i);
        if (v === null || (typeof v === 'number' && Number.isNaN(v))) return null;
        return frame.columns[n].type === 'timestamp' ? new Date(v as number).toISOString().slice(0, 23) : String(v);
      }),
    ),
  };
}

const COUNTS: CannedResult = {
  fields: ['src', 'inserted', 'updated', 'deleted'].map((name) => ({ name, type: 'INTEGER' })),
  rows: [['3', '3', '0', '0']],
};

describe('scoreBack on BigQuery (contract test against the loopback double of its REST API, not a real BigQuery)', () => {
  let dbl: BigQueryDouble;
  let engine: SqlEngine;
  let models: ScoreModels;
  beforeAll(async () => {
    const { views } = clean(generateTransactions().frame);
    const { model: segmenter } = fitSegmenter(views.revenue, { seed: 42 });
    const { model: recommender } = fitRecommender(views.basket, {
      minSupport: 0.02,
      minThreshold: 0.1,
      createdAt: '2011-12-10T00:00:00Z',
    });
    models = { segmenter, gammaGamma: null, rules: recommender.params.rules.slice(0, 5), forecasts: [] };
    const asOf = segmenter.toJSON().params.asOf;
    const sqlOptions = { table: OPTIONS.featureLines, asOf, columns: { revenue: 'revenue' } };
    dbl = await startBigQueryDouble();
    dbl.results.set(
      customerFeaturesSql('bigquery', sqlOptions),
      asRest(slice(customerFeatures(views.revenue, { asOf }), 0, 3)),
    );
    dbl.results.set(
      purchaseSummarySql('bigquery', sqlOptions),
      asRest(slice(purchaseSummary(views.revenue, { asOf }), 0, 3)),
    );
    dbl.results.set(
      recommendationsSql('bigquery', {
        rules: SCORE_TABLES.rules,
        antecedents: SCORE_TABLES.antecedents,
        lines: OPTIONS.basketLines,
        k: OPTIONS.k,
      }),
      {
        fields: [
          { name: 'customerId', type: 'STRING' },
          { name: 'rank', type: 'INTEGER' },
          { name: 'item', type: 'STRING' },
          { name: 'score', type: 'FLOAT' },
          { name: 'confidence', type: 'FLOAT' },
          { name: 'lift', type: 'FLOAT' },
          { name: 'support', type: 'FLOAT' },
        ],
        rows: [],
      },
    );
    dbl.answer = (q) => (q.startsWith('DECLARE rk_dups') ? COUNTS : undefined);
    engine = await openSqlEngine('bigquery:retail-test.retail', {
      bigquery: { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await dbl?.stop();
  });

  it('sends the feature queries, then one load job (Frames) or dry run (SELECT) and one script per table', async () => {
    const r = await scoreBack(engine, models, OPTIONS);
    for (const m of Object.values(r)) expect([m.inserted, m.updated, m.deleted, m.rowsInTable]).toEqual([3, 0, 0, 3]);
    // every staging table is gone
    expect([...dbl.tables.keys()].filter((k) => k.includes('__rk_stage'))).toEqual([]);
    const sent: string[] = [];
    for (const q of dbl.requests) {
      // biome-ignore lint/suspicious/noExplicitAny: JSON request bodies from the wire
      const b = q.body as Record<string, any> | undefined;
      if (q.path.endsWith('/queries') && q.method === 'POST') sent.push(`-- jobs.query\n${b?.query};`);
      else if (q.path.startsWith('/upload/')) {
        const load = b?.configuration.load;
        sent.push(`-- load job (Parquet, ${load.writeDisposition}) into ${load.destinationTable.tableId}`);
      } else if (q.method === 'POST' && q.path.endsWith('/jobs'))
        sent.push(`-- jobs.insert${b?.configuration.dryRun ? ' (dry run)' : ''}\n${b?.configuration.query.query}`);
      else if (q.method === 'DELETE') sent.push(`-- tables.delete ${q.path.split('/').pop()}`);
    }
    const text = `${sent.join('\n\n')}\n`;
    const path = fileURLToPath(new URL('./fixtures/score-back/bigquery-score-back.sql', import.meta.url));
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
    expect(text).toBe(readFileSync(path, 'utf8'));
  });
});
