import { fromRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Lake } from '../../src/lake/s3-lake.js';
import { planRedshiftLoad, redshiftWarehouse } from '../../src/warehouse/redshift-warehouse.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startS3rver } from '../helpers/s3.js';

const ROLE = 'arn:aws:iam::123456789012:role/retailkit-loader';
const columns = { invoiceNo: 'string', quantity: 'number', invoiceDate: 'timestamp' } as const;
const files = [
  { uri: 's3://lake/staging/redshift/tx/run/part-00000.parquet', bytes: 1234 },
  { uri: 's3://lake/staging/redshift/tx/run/part-00001.parquet', bytes: 99 },
];
const manifestUri = 's3://lake/staging/redshift/tx/run/manifest.json';

describe('planRedshiftLoad (golden SQL and manifest)', () => {
  it('append: CREATE IF NOT EXISTS then COPY … FORMAT AS PARQUET MANIFEST with the IAM role', () => {
    const plan = planRedshiftLoad({
      table: 'tx',
      columns,
      disposition: 'append',
      manifestUri,
      files,
      authorization: { iamRole: ROLE },
      region: 'eu-west-1',
    });
    expect(plan.statements).toEqual([
      'CREATE TABLE IF NOT EXISTS "public"."tx" ("invoiceNo" VARCHAR(65535), "quantity" DOUBLE PRECISION, "invoiceDate" TIMESTAMP)',
      `COPY "public"."tx" FROM 's3://lake/staging/redshift/tx/run/manifest.json' IAM_ROLE '${ROLE}' FORMAT AS PARQUET MANIFEST REGION 'eu-west-1'`,
    ]);
    expect(plan.manifest).toEqual({
      entries: [
        {
          url: 's3://lake/staging/redshift/tx/run/part-00000.parquet',
          mandatory: true,
          meta: { content_length: 1234 },
        },
        { url: 's3://lake/staging/redshift/tx/run/part-00001.parquet', mandatory: true, meta: { content_length: 99 } },
      ],
    });
  });

  it('replace: staging table, COPY, drop and rename in order', () => {
    const plan = planRedshiftLoad({
      schema: 'retail',
      table: 'tx',
      columns,
      disposition: 'replace',
      manifestUri,
      files,
      authorization: { iamRole: ROLE },
    });
    expect(plan.statements).toEqual([
      'DROP TABLE IF EXISTS "retail"."tx__rk_new"',
      'CREATE TABLE "retail"."tx__rk_new" ("invoiceNo" VARCHAR(65535), "quantity" DOUBLE PRECISION, "invoiceDate" TIMESTAMP)',
      `COPY "retail"."tx__rk_new" FROM 's3://lake/staging/redshift/tx/run/manifest.json' IAM_ROLE '${ROLE}' FORMAT AS PARQUET MANIFEST`,
      'DROP TABLE IF EXISTS "retail"."tx"',
      'ALTER TABLE "retail"."tx__rk_new" RENAME TO "tx"',
    ]);
  });

  it('merge: temp staging table, DELETE USING on the key, INSERT', () => {
    const plan = planRedshiftLoad({
      table: 'tx',
      columns,
      disposition: 'merge',
      primaryKey: ['invoiceNo'],
      manifestUri,
      files,
      authorization: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: "se'cret" },
    });
    expect(plan.statements).toEqual([
      'CREATE TABLE IF NOT EXISTS "public"."tx" ("invoiceNo" VARCHAR(65535), "quantity" DOUBLE PRECISION, "invoiceDate" TIMESTAMP)',
      'CREATE TEMP TABLE "rk_stage_tx" (LIKE "public"."tx")',
      `COPY "rk_stage_tx" FROM 's3://lake/staging/redshift/tx/run/manifest.json' ACCESS_KEY_ID 'AKIAEXAMPLE' SECRET_ACCESS_KEY 'se''cret' FORMAT AS PARQUET MANIFEST`,
      'DELETE FROM "public"."tx" USING "rk_stage_tx" WHERE "public"."tx"."invoiceNo" = "rk_stage_tx"."invoiceNo"',
      'INSERT INTO "public"."tx" ("invoiceNo", "quantity", "invoiceDate") SELECT "invoiceNo", "quantity", "invoiceDate" FROM "rk_stage_tx"',
      'DROP TABLE "rk_stage_tx"',
    ]);
  });

  it('rejects bad identifiers, role ARNs and manifest URIs', () => {
    const base = { columns, disposition: 'append' as const, manifestUri, files, authorization: { iamRole: ROLE } };
    expect(() => planRedshiftLoad({ ...base, table: 'tx; DROP TABLE x' })).toThrow(
      expect.objectContaining({ code: 'SQL_IDENTIFIER' }),
    );
    expect(() => planRedshiftLoad({ ...base, table: 'tx', authorization: { iamRole: "x' OR '1" } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => planRedshiftLoad({ ...base, table: 'tx', manifestUri: 'http://evil/m.json' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('redshiftWarehouse staging on s3rver', () => {
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let db: TestDatabase;
  beforeAll(async () => {
    s3 = await startS3rver(['lake']);
    db = await createTestDatabase('redshift_warehouse');
  });
  afterAll(async () => {
    await s3?.stop();
    await db?.drop();
  });

  it('writes the Parquet parts and the manifest to S3; a failed COPY leaves no table and no secret in the error', async () => {
    const lake = await s3Lake({ bucket: 'lake', client: s3.config });
    // PostgreSQL stands in for the cluster: it rejects Redshift's COPY, which exercises the rollback path.
    const wh = await redshiftWarehouse({
      connectionString: db.connectionString,
      lake,
      authorization: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-K7MDENG-secret' },
    });
    const frame = fromRows([{ invoiceNo: '536365', quantity: 6, invoiceDate: Date.UTC(2010, 11, 1, 8, 26) }], columns);
    const err = await wh.load('tx', frame, { disposition: 'replace' }).catch((e) => e);
    await wh.close();
    expect(err.code).toBe('PG_QUERY_FAILED');
    expect(JSON.stringify(err.toJSON())).not.toContain('wJalrXUtnFEMI');
    const keys = (await lake.list('staging/redshift/tx/')).map((o) => o.key);
    expect(keys).toHaveLength(2);
    const manifestKey = keys.find((k) => k.endsWith('/manifest.json'))!;
    const partKey = keys.find((k) => k.endsWith('/part-00000.parquet'))!;
    const manifest = JSON.parse(Buffer.from(await lake.get(manifestKey)).toString('utf8'));
    expect(manifest).toEqual({
      entries: [
        { url: `s3://lake/${partKey}`, mandatory: true, meta: { content_length: (await lake.get(partKey)).length } },
      ],
    });
    const c = await import('pg');
    const client = new c.default.Client({ connectionString: db.connectionString });
    await client.connect();
    const r = await client.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('tx', 'tx__rk_new')");
    await client.end();
    expect(r.rows[0].n).toBe(0);
  });

  // issue 17, finding 4: several tables in one call commit all or none.
  it('loadMany runs every table in one transaction: a failing COPY leaves the earlier tables unchanged', async () => {
    const lake = await s3Lake({ bucket: 'lake', client: s3.config });
    const wh = await redshiftWarehouse({
      connectionString: db.connectionString,
      lake,
      authorization: { iamRole: ROLE },
    });
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    try {
      // PostgreSQL (standing in for the cluster) runs rs_b's CREATE TABLE IF NOT EXISTS, then refuses Redshift's
      // COPY: the one transaction rolls back, so rs_b is not created and rs_a (loaded after it) keeps its row.
      await client.query('CREATE TABLE rs_a ("invoiceNo" text, quantity double precision, "invoiceDate" timestamp)');
      await client.query("INSERT INTO rs_a VALUES ('1', 1, '2010-12-01 08:26')");
      const frame = fromRows(
        [{ invoiceNo: '536365', quantity: 6, invoiceDate: Date.UTC(2010, 11, 1, 8, 26) }],
        columns,
      );
      const err = await wh.loadMany!([
        { table: 'rs_b', data: frame, options: { disposition: 'append' } },
        { table: 'rs_a', data: frame, options: { disposition: 'append' } },
      ]).catch((e) => e);
      expect(err).toMatchObject({ code: 'PG_QUERY_FAILED', details: { table: 'rs_b' } });
      const r = await client.query(
        "SELECT (SELECT count(*)::int FROM rs_a) AS a, to_regclass('rs_b') IS NULL AS b_absent",
      );
      expect(r.rows[0]).toEqual({ a: 1, b_absent: true });
      // A ±Infinity is refused before anything is staged for that table (issue 17, finding 9).
      const inf = fromRows([{ invoiceNo: 'x', quantity: Number.POSITIVE_INFINITY, invoiceDate: 0 }], columns);
      await expect(wh.load('rs_c', inf)).rejects.toMatchObject({
        code: 'LOAD_NON_FINITE',
        details: { table: 'rs_c', row: 0, column: 'quantity' },
      });
      expect(await lake.list('staging/redshift/rs_c/')).toEqual([]);
    } finally {
      await client.end();
      await wh.close();
    }
  });
});
