import { fitRecommender } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import type { SqlEngine } from '@retailkit/connectors';
import { type Frame, parseIsoDate, type Row, select, take, toRows } from '@retailkit/core';
import type { ForecastPoint } from '@retailkit/forecast';
import {
  customerFeatures,
  customerFeaturesSql,
  expectedSpend,
  fitGammaGamma,
  fitSegmenter,
  purchaseSummary,
} from '@retailkit/rfm';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_TABLES, type ScoreModels, scoreBack } from '../src/score-back.js';
import { SQL_ENGINES } from './helpers/engines.js';
import { loadFrame } from './helpers/load-frame.js';

/**
 * Batch scoring written back with merge, on DuckDB and the embedded PostgreSQL. Rows changed are counted twice:
 * by `mergeInto`'s own counts (key joins and IS DISTINCT FROM in the engine) and, independently, by comparing a
 * snapshot of every score table (all rows, ordered by key) before and after. Scores are checked against the
 * in-memory path (`customerFeatures` → the segmenter, `purchaseSummary` → Gamma-Gamma), the oracle.
 */

const ENGINES = SQL_ENGINES;

const FEATURE_COLUMNS = ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'revenue'];

/** Two series of three days: hand-written forecast points (scoring copies them as they are). */
const FORECASTS: ForecastPoint[] = ['total', 'UK'].flatMap((series, s) =>
  ['2011-12-12', '2011-12-13', '2011-12-14'].map((ds, d) => ({
    series,
    model: 'seasonal-naive',
    ds,
    yhat: 100 * (s + 1) + d,
    lo: 90 * (s + 1) + d,
    hi: 110 * (s + 1) + d + 0.5,
    level: 0.8,
  })),
);

let fixture: { revenue: Frame; basket: Frame; models: ScoreModels } | undefined;
function seeds() {
  if (!fixture) {
    const { views } = clean(generateTransactions().frame);
    const { model: segmenter } = fitSegmenter(views.revenue, { seed: 42 });
    const summary = purchaseSummary(views.revenue, { asOf: segmenter.toJSON().params.asOf });
    const { model: recommender } = fitRecommender(views.basket, {
      minSupport: 0.005,
      minThreshold: 0.1,
      createdAt: '2011-12-10T00:00:00Z',
    });
    fixture = {
      revenue: select(views.revenue, FEATURE_COLUMNS),
      basket: select(views.basket, ['customerId', 'stockCode']),
      models: {
        segmenter,
        gammaGamma: fitGammaGamma(numbers(summary, 'x'), numbers(summary, 'monetaryValue')).params,
        rules: recommender.params.rules,
        forecasts: FORECASTS,
      },
    };
  }
  return fixture;
}

function numbers(frame: Frame, name: string): Float64Array {
  const c = frame.columns[name];
  if (c.type !== 'number') throw new Error(`${name} is not a number column`);
  return c.data;
}

const KEYS: Record<string, string[]> = {
  [SCORE_TABLES.customers]: ['customerId'],
  [SCORE_TABLES.recommendations]: ['customerId', 'rank'],
  [SCORE_TABLES.forecasts]: ['series', 'ds'],
};

/** Every row of a score table, as JSON text by key (the independent count of what changed). */
async function snapshot(engine: SqlEngine, table: string): Promise<Map<string, string>> {
  const keys = KEYS[table];
  const rows = toRows(await engine.query(`SELECT * FROM ${table}`));
  const norm = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' ? Number(v) : v);
  return new Map(
    rows.map((r) => [
      JSON.stringify(keys.map((k) => norm(r[k]))),
      JSON.stringify(Object.entries(r).map(([k, v]) => [k, norm(v)])),
    ]),
  );
}

/** Keys whose row differs, was added or was removed between two snapshots. */
function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe.each(ENGINES)('scoreBack on $name', (c) => {
  let engine: SqlEngine;
  let stop: () => Promise<void> = async () => undefined;
  const options = { featureLines: 'revenue_lines', basketLines: 'basket_lines', k: 5 };

  beforeAll(async () => {
    if (!c.available) return;
    const { revenue, basket } = seeds();
    ({ engine, stop } = await c.open());
    await loadFrame(engine, 'revenue_lines', revenue);
    await loadFrame(engine, 'basket_lines', basket, false);
  });
  afterAll(async () => {
    await engine?.close();
    await stop();
  });

  it.skipIf(!c.available)(
    'writes every customer, recommendation and forecast, equal to the in-memory scores',
    async () => {
      const { revenue, models } = seeds();
      const r = await scoreBack(engine, models, options);
      const asOf = models.segmenter.toJSON().params.asOf;
      const features = toRows(customerFeatures(revenue, { asOf }));
      const summary = new Map(toRows(purchaseSummary(revenue, { asOf })).map((s) => [s.customerId as string, s]));
      expect(r.customers).toMatchObject({ inserted: features.length, updated: 0, deleted: 0 });
      expect(r.forecasts).toMatchObject({ inserted: 6, rowsInTable: 6 });
      expect(r.recommendations.inserted).toBeGreaterThan(500);
      const rows = new Map(
        toRows(await engine.query(`SELECT * FROM ${SCORE_TABLES.customers}`)).map((x) => [x.customerId as string, x]),
      );
      const inputs = models.segmenter.toJSON().params.inputFeatures;
      const bad: string[] = [];
      for (const f of features) {
        const p = await models.segmenter.predict({
          features: Object.fromEntries(inputs.map((n) => [n, f[n] as number])),
        });
        const s = summary.get(f.customerId as string) as Row;
        const x = s.x as number;
        const clv =
          (p.expectedPurchases as number) *
          expectedSpend(models.gammaGamma!, x, x > 0 ? (s.monetaryValue as number) : 0);
        const a = rows.get(f.customerId as string) as Row;
        if (
          a.segment !== p.segment ||
          a.segmentName !== p.name ||
          !close(a.pChurn as number, p.churnProbability) ||
          !close(a.expectedPurchases as number, p.expectedPurchases) ||
          !close(a.clv as number, clv)
        )
          bad.push(`${f.customerId}: ${JSON.stringify(a)}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
    },
  );

  it.skipIf(!c.available)('a rerun on the same lines changes no row', async () => {
    const tables = Object.keys(KEYS);
    const before = await Promise.all(tables.map((t) => snapshot(engine, t)));
    const r = await scoreBack(engine, seeds().models, options);
    for (const m of Object.values(r)) expect([m.target, m.inserted, m.updated, m.deleted]).toEqual([m.target, 0, 0, 0]);
    const after = await Promise.all(tables.map((t) => snapshot(engine, t)));
    for (const [i, t] of tables.entries()) expect(changedKeys(before[i], after[i]), t).toEqual([]);
  });

  it.skipIf(!c.available)("the caller's features are used at the segmenter's asOf only", async () => {
    const { models } = seeds();
    const asOf = parseIsoDate(models.segmenter.toJSON().params.asOf);
    const query = (at: number) =>
      engine.query(
        customerFeaturesSql(engine.dialect, { table: options.featureLines, asOf: at, columns: { revenue: 'revenue' } }),
      );
    const table = await query(asOf);
    const same = await scoreBack(engine, models, { ...options, features: { asOf, table } });
    expect([same.customers.inserted, same.customers.updated, same.customers.deleted]).toEqual([0, 0, 0]);
    // the table without its first customer: used at the segmenter's asOf (that customer's row is deleted) …
    const fewer = take(
      table,
      Int32Array.from({ length: table.length - 1 }, (_, i) => i + 1),
    );
    const used = await scoreBack(engine, models, { ...options, features: { asOf, table: fewer } });
    expect([used.customers.inserted, used.customers.deleted]).toEqual([0, 1]);
    // … and ignored at another asOf: the engine's features come back, and so does the customer
    const ignored = await scoreBack(engine, models, {
      ...options,
      features: { asOf: asOf + 86_400_000, table: fewer },
    });
    expect([ignored.customers.inserted, ignored.customers.updated, ignored.customers.deleted]).toEqual([1, 0, 0]);
  });

  it.skipIf(!c.available)(
    "a customer who buys their first recommendation: only that customer's rows change",
    async () => {
      // the customer with the most recommendations and a repeat purchase (so CLV depends on their spend)
      const [top] = toRows(
        await engine.query(
          `SELECT r."customerId", r.item FROM ${SCORE_TABLES.recommendations} r JOIN ${SCORE_TABLES.customers} s ON s."customerId" = r."customerId" WHERE r."rank" = 1 AND s.clv IS NOT NULL ORDER BY r."customerId" LIMIT 1`,
        ),
      );
      const customer = top.customerId as string;
      const item = top.item as string;
      const tables = Object.keys(KEYS);
      const before = await Promise.all(tables.map((t) => snapshot(engine, t)));
      // a new line: the customer buys the item at the time of the latest line (before asOf), in both views
      const [last] = toRows(await engine.query(`SELECT max("invoiceDate") AS t, max(line) AS line FROM revenue_lines`));
      const ts = (last.t as Date).toISOString().slice(0, 19).replace('T', ' ');
      await engine.exec(
        `INSERT INTO revenue_lines (line, "invoiceNo", "stockCode", quantity, "invoiceDate", "unitPrice", "customerId", revenue) VALUES (${Number(last.line) + 1}, '999999', '${item}', 2, TIMESTAMP '${ts}', 3.5, '${customer}', 7)`,
      );
      await engine.exec(`INSERT INTO basket_lines ("customerId", "stockCode") VALUES ('${customer}', '${item}')`);
      const r = await scoreBack(engine, seeds().models, options);
      expect([r.customers.inserted, r.customers.updated, r.customers.deleted]).toEqual([0, 1, 0]);
      expect(r.recommendations.updated + r.recommendations.deleted + r.recommendations.inserted).toBeGreaterThan(0);
      for (const m of [r.forecasts, r.rules, r.antecedents])
        expect([m.inserted, m.updated, m.deleted]).toEqual([0, 0, 0]);
      const after = await Promise.all(tables.map((t) => snapshot(engine, t)));
      const changed = before.map((b, i) => changedKeys(b, after[i]));
      expect(changed[0]).toEqual([JSON.stringify([customer])]);
      expect(changed[1].length).toBe(
        r.recommendations.updated + r.recommendations.deleted + r.recommendations.inserted,
      );
      expect(changed[1].every((k) => JSON.parse(k)[0] === customer)).toBe(true);
      expect(changed[2]).toEqual([]);
      // the bought item is no longer recommended to them
      const items = toRows(
        await engine.query(`SELECT item FROM ${SCORE_TABLES.recommendations} WHERE "customerId" = '${customer}'`),
      ).map((x) => x.item);
      expect(items).not.toContain(item);
    },
  );
});
