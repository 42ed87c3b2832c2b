// A user's app, as the consumer test (scripts/consumer-test.mjs) installs and runs it from the packed tarballs: the
// same program as an ESM script, a CommonJS script, and TypeScript compiled by tsc under `module: nodenext` and
// under `moduleResolution: bundler`. It uses every package's public API on the seed data and prints one JSON
// line of results, which the test compares across the four builds. Run alone: `tsx scripts/consumer/app.ts <csv.gz>`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fitRecommender, recommenderLoader } from '@retailkit/basket';
import { clean } from '@retailkit/cleaning';
import { postgresWarehouse, readCsv, readParquet, writeParquetFile } from '@retailkit/connectors';
import { fingerprint, fromRows, isRetailKitError } from '@retailkit/core';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import { fitForecaster, forecasterLoader } from '@retailkit/forecast';
import { fitSegmenter, segmenterLoader } from '@retailkit/rfm';
import { generateTransactions } from '@retailkit/seeds';
import { serveModels } from '@retailkit/serve';

export async function main(data: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const dir = mkdtempSync(join(tmpdir(), 'rk-consumer-'));
  try {
    // connectors: read the seed CSV, round-trip a slice through Parquet
    const { frame: raw, info } = await readCsv(data);
    out.rowsRead = info.rowsRead;

    // seeds: the default generation is the committed seed file, row for row (a user's test regenerates it in memory)
    const seeded = generateTransactions();
    const fileText = gunzipSync(readFileSync(data)).toString('utf8');
    assert.equal(createHash('sha256').update(fileText).digest('hex'), seeded.manifest.generator.csvSha256);
    assert.equal(fingerprint(seeded.frame), fingerprint(raw));
    out.seeds = { rows: seeded.frame.length, csvSha256: seeded.manifest.generator.csvSha256 };

    const { views, report: quality } = clean(raw);
    assert.equal(quality.rowsIn, quality.rowsKept + quality.rowsQuarantined);
    out.quality = { rowsIn: quality.rowsIn, rowsKept: quality.rowsKept, rowsQuarantined: quality.rowsQuarantined };
    const written = await writeParquetFile(join(dir, 'basket.parquet'), views.basket);
    const back = await readParquet(join(dir, 'basket.parquet'));
    assert.equal(back.length, views.basket.length);
    out.parquetRows = written.rows;

    // embedded PostgreSQL + the warehouse: load the customers view and count it back
    const pg = await startEmbeddedPostgres();
    try {
      const wh = await postgresWarehouse({ connectionString: pg.connectionString });
      try {
        const loaded = await wh.load('customers', views.customers, { disposition: 'replace' });
        out.warehouseRows = loaded.rowsInTable;
        const [{ n }] = (await wh.query('SELECT count(*)::int AS n FROM customers')) as { n: number }[];
        assert.equal(n, views.customers.length);
      } finally {
        await wh.close();
      }
    } finally {
      await pg.stop();
    }

    // analytics: segment, mine rules, forecast
    const segments = fitSegmenter(views.revenue, { seed: 42 });
    out.segments = { k: segments.report.k, customers: segments.report.customers };
    const rules = fitRecommender(views.basket, { minSupport: 0.01 });
    out.rules = { baskets: rules.report.baskets, rules: rules.report.rules.length };
    const topItem = rules.report.rules[0]?.antecedents[0];
    assert.ok(topItem, 'the seeds plant bundles, so there are rules');
    const forecast = fitForecaster(views.modeling, { seed: 42, horizon: 7 });
    out.forecast = { model: forecast.report.selected.model, horizon: forecast.report.forecasts.length };

    // serve the three models over HTTP on loopback and query them, good and bad inputs alike
    const models = join(dir, 'models');
    mkdirSync(models);
    writeFileSync(join(models, 'segments.json'), JSON.stringify(segments.model.toJSON()));
    writeFileSync(join(models, 'recommender.json'), JSON.stringify(rules.model.toJSON()));
    writeFileSync(join(models, 'forecast.json'), JSON.stringify(forecast.model.toJSON()));
    const server = await serveModels({
      dir: models,
      loaders: [segmenterLoader, recommenderLoader, forecasterLoader],
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const post = async (name: string, body: unknown) => {
        const res = await fetch(`${server.url}/v1/models/${name}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await res.json()) as Record<string, unknown>;
        return { status: res.status, type: res.headers.get('content-type'), body: json };
      };
      const line = { invoiceNo: 'n1', stockCode: '22423', quantity: 2, unitPrice: 12.75 };
      const segment = await post(segments.model.name, {
        transactions: [{ ...line, invoiceDate: '2011-11-02 10:00:00' }],
      });
      assert.equal(segment.status, 200);
      const recommend = await post(rules.model.name, { cart: [topItem] });
      assert.equal(recommend.status, 200);
      const predicted = await post(forecast.model.name, { horizon: 3 });
      assert.equal(predicted.status, 200);
      out.served = {
        segment: segment.body.prediction,
        recommend: recommend.body.prediction,
        forecast: predicted.body.prediction,
      };
      const problem = (r: Awaited<ReturnType<typeof post>>) => ({ status: r.status, type: r.type, body: r.body });
      out.badInputs = {
        badDate: problem(await post(segments.model.name, { transactions: [{ ...line, invoiceDate: '2011-13-45' }] })),
        missingField: problem(await post(segments.model.name, { transactions: [{ invoiceNo: 'n1' }] })),
        wrongType: problem(await post(rules.model.name, { cart: 'not-a-list' })),
        unknownModel: problem(await post('no-such-model', { cart: [] })),
      };
    } finally {
      await server.close();
    }

    // errors are recognised across module copies by their brand, not by instanceof
    try {
      clean(fromRows([{ sku: '22423', qty: 2 }]));
      assert.fail('clean accepted a frame without the transaction columns');
    } catch (e) {
      assert.ok(isRetailKitError(e));
      out.errorCode = e.code;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const data = process.argv[2];
if (data)
  main(data).then(
    (out) => console.log(JSON.stringify(out)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
