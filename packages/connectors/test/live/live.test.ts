import { fromRows } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { mergeInto } from '../../src/engine/merge-into.js';
import { openSqlEngine } from '../../src/engine/open-sql-engine.js';
import { s3Lake } from '../../src/lake/s3-lake.js';
import { kaggleDownload } from '../../src/sources/kaggle.js';
import { bigQueryWarehouse } from '../../src/warehouse/bigquery-warehouse.js';

// Live tests against real clouds run only when their credentials are in the environment (never in CI here).
const env = process.env;
const liveBigQuery = Boolean(env.RETAILKIT_LIVE_BIGQUERY && env.GOOGLE_CLOUD_PROJECT && env.RETAILKIT_BQ_DATASET);
const liveS3 = Boolean(env.RETAILKIT_LIVE_S3 && env.AWS_ACCESS_KEY_ID && env.RETAILKIT_S3_BUCKET);
const liveKaggle = Boolean(env.RETAILKIT_LIVE_KAGGLE && env.KAGGLE_USERNAME && env.KAGGLE_KEY);
const frame = fromRows([{ invoiceNo: '536365', quantity: 6 }]);

describe('live clouds (skipped without credentials)', () => {
  it.skipIf(!liveBigQuery)('BigQuery: replace load and count', async () => {
    const wh = await bigQueryWarehouse({ projectId: env.GOOGLE_CLOUD_PROJECT!, dataset: env.RETAILKIT_BQ_DATASET! });
    expect((await wh.load('retailkit_live', frame, { disposition: 'replace' })).rowsInTable).toBe(1);
  });
  it.skipIf(!liveBigQuery)(
    'BigQuery: mergeInto twice into a scratch table; the rerun (Frame, then the same rows as a SELECT) changes 0 rows',
    async () => {
      const engine = await openSqlEngine(`bigquery:${env.GOOGLE_CLOUD_PROJECT}.${env.RETAILKIT_BQ_DATASET}`);
      const target = `retailkit_live_merge_${Date.now()}`;
      const stateTable = `${target}_state`;
      const source = fromRows([
        { customerId: 'a', score: 0.5 },
        { customerId: 'b', score: 0.25 },
      ]);
      try {
        const first = await mergeInto(engine, { target, source, key: ['customerId'], stateTable });
        expect([first.inserted, first.rowsInTable]).toEqual([2, 2]);
        const again = await mergeInto(engine, { target, source, key: ['customerId'], stateTable });
        expect([again.inserted, again.updated, again.deleted, again.unchanged]).toEqual([0, 0, 0, 2]);
        const select = "SELECT 'a' AS customerId, 0.5 AS score UNION ALL SELECT 'b', 0.25";
        const bySelect = await mergeInto(engine, { target, source: select, key: ['customerId'], stateTable });
        expect([bySelect.inserted, bySelect.updated, bySelect.deleted, bySelect.unchanged]).toEqual([0, 0, 0, 2]);
        const state = await engine.query(`SELECT unchanged FROM \`${stateTable}\` WHERE target = '${target}'`);
        expect(state.columns.unchanged).toEqual({ type: 'number', data: Float64Array.of(2) });
      } finally {
        await engine.exec(`DROP TABLE IF EXISTS \`${target}\``);
        await engine.exec(`DROP TABLE IF EXISTS \`${stateTable}\``);
        await engine.close();
      }
    },
    180_000,
  );
  it.skipIf(!liveS3)('S3: put, get, delete', async () => {
    const lake = await s3Lake({ bucket: env.RETAILKIT_S3_BUCKET!, prefix: 'retailkit-live' });
    await lake.put('raw/live.txt', Buffer.from('ok'));
    expect(Buffer.from(await lake.get('raw/live.txt')).toString()).toBe('ok');
    await lake.delete('raw/live.txt');
  });
  it.skipIf(!liveKaggle)('Kaggle: download carrie1/ecommerce-data', async () => {
    const r = await kaggleDownload({ dataset: 'carrie1/ecommerce-data' });
    expect(r.files.map((f) => f.name)).toContain('data.csv');
  });
});
