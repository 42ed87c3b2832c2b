import { cleaningSql } from '@retailkit/cleaning';
import { openSqlEngine, type SqlEngine } from '@retailkit/connectors';
import { type Frame, intColumn, slice } from '@retailkit/core';
import { generateTransactions } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BigQueryDouble, startBigQueryDouble } from '../../../packages/connectors/test/helpers/bigquery-double.js';
import { fixedTokenAuth } from '../../../packages/connectors/test/helpers/google-auth.js';
import type { LoadInput } from '../src/load-steps.js';
import { cleanLines, loadFromEngine, RAW_TABLE, VIEW_PREFIX } from '../src/warehouse-run.js';

/**
 * The `score` step's first half on a `bigquery:` warehouse: a CONTRACT test through the real @google-cloud/bigquery
 * client against the loopback double of BigQuery's REST API (packages/connectors/test/helpers/bigquery-double.ts),
 * not a real BigQuery. It checks what is sent: the raw lines in a Parquet load job (connectors' BigQuery loader),
 * then `cleaningSql`'s statements with `flagged` and `lines` as tables, every name qualified with the dataset (a
 * BigQuery view's query has no default dataset). The cleaning itself is checked on PostgreSQL and DuckDB.
 */

const URL = 'bigquery:retail-test.retail';

describe('cleanLines on BigQuery (contract test against the loopback double of its REST API, not a real BigQuery)', () => {
  let dbl: BigQueryDouble;
  let engine: SqlEngine;
  const bigquery = {} as { apiEndpoint?: string; authClient?: object };
  beforeAll(async () => {
    dbl = await startBigQueryDouble();
    Object.assign(bigquery, { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() });
    engine = await openSqlEngine(URL, { bigquery });
  });
  afterAll(async () => {
    await engine?.close();
    await dbl?.stop();
  });

  it('loads the lines with a load job, then sends the cleaning with its materialized tables, all dataset-qualified', async () => {
    const frame = slice(generateTransactions().frame, 0, 20);
    const lines: Frame = {
      length: frame.length,
      columns: { line: intColumn(Int32Array.from({ length: frame.length }, (_, i) => i + 1)), ...frame.columns },
    };
    const views = await cleanLines({ engine, url: URL, bigquery }, lines);
    expect(views).toEqual({ revenue: 'retailkit_revenue', modeling: 'retailkit_modeling', basket: 'retailkit_basket' });
    // 1. the raw lines, every column and the line number, in one WRITE_TRUNCATE load job
    const upload = dbl.requests.findIndex((q) => q.path === '/upload/bigquery/v2/projects/retail-test/jobs');
    const load = (dbl.requests[upload].body as { configuration: { load: Record<string, unknown> } }).configuration.load;
    expect(load).toMatchObject({
      writeDisposition: 'WRITE_TRUNCATE',
      destinationTable: { projectId: 'retail-test', datasetId: 'retail', tableId: RAW_TABLE },
    });
    const raw = dbl.tables.get(`retail-test.retail.${RAW_TABLE}`) ?? [];
    expect(raw.map((r) => r.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // 2. then cleaningSql's statements over the dataset's raw table, flagged and lines as tables, nothing else
    const queries = dbl.requests
      .map((q, i) => ({ i, q }))
      .filter(({ q }) => q.method === 'POST' && q.path.endsWith('/queries'))
      .map(({ i, q }) => ({ i, sql: (q.body as { query: string }).query }))
      .filter(({ sql }) => !sql.startsWith('SELECT COUNT(*) AS n FROM'));
    expect(queries[0].i).toBeGreaterThan(upload);
    const cleaning = cleaningSql('bigquery', {
      table: `retail.${RAW_TABLE}`,
      columns: { line: 'line' },
      schema: 'retail',
      prefix: VIEW_PREFIX,
      materialize: ['flagged', 'lines'],
    });
    const sent = queries.map((x) => x.sql);
    expect(sent).toEqual(cleaning.statements);
    expect(sent.filter((q) => q.startsWith('CREATE OR REPLACE TABLE')).map((q) => q.split('\n')[0])).toEqual([
      'CREATE OR REPLACE TABLE `retail`.`retailkit_flagged` AS',
      'CREATE OR REPLACE TABLE `retail`.`retailkit_lines` AS',
    ]);
    // no statement names a table or view without its dataset
    const unqualified = sent.flatMap((sql) =>
      [...sql.matchAll(/\b(FROM|JOIN|TABLE|VIEW|EXISTS)\s+(`[^`]+`)(\.`[^`]+`)?/g)]
        .filter((m) => m[3] === undefined)
        .map((m) => m[0]),
    );
    expect(unqualified).toEqual([]);
  });
  it("makes transactions_raw and transactions_clean from the engine's lines in one script, uploading nothing", async () => {
    const frame = slice(generateTransactions().frame, 0, 12);
    const clean: Frame = {
      length: 10,
      columns: { ...slice(frame, 0, 10).columns, revenue: slice(frame, 0, 10).columns.quantity },
    };
    const input: LoadInput = {
      raw: frame,
      clean,
      quarantine: slice(frame, 10, 12),
      viewDrops: { revenue: ['isDuplicate'] },
      viewRows: { revenue: 10 },
    };
    const counts = new Map([
      ['transactions_raw', 12],
      ['transactions_clean', 10],
    ]);
    dbl.answer = (q) => {
      const m = /^SELECT count\(\*\) AS n FROM `retail`\.`(\w+)`$/.exec(q);
      const n = m && counts.get(m[1]);
      return n === undefined || n === null
        ? undefined
        : { fields: [{ name: 'n', type: 'INTEGER' }], rows: [[String(n)]] };
    };
    const before = dbl.requests.length;
    const views = { revenue: 'retailkit_revenue', modeling: 'retailkit_modeling', basket: 'retailkit_basket' };
    const wh = { engine, location: 'BigQuery retail-test.retail', views, dataset: 'retail', close: async () => {} };
    const loaded = await loadFromEngine(wh, input);
    expect(loaded).toEqual({
      label: 'BigQuery retail-test.retail',
      result: [
        { name: 'transactions_raw', rowsWritten: 12, rowsLoaded: 12 },
        { name: 'transactions_clean', rowsWritten: 10, rowsLoaded: 10 },
      ],
    });
    const sent = dbl.requests.slice(before);
    // no load job: the lines the warehouse step uploaded are copied where they are
    expect(sent.filter((q) => q.path.startsWith('/upload/'))).toEqual([]);
    const scripts = sent
      .filter((q) => q.method === 'POST' && q.path.endsWith('/queries'))
      .map((q) => (q.body as { query: string }).query)
      .filter((q) => !q.startsWith('SELECT count(*)'));
    const cols = (f: Frame) =>
      Object.keys(f.columns)
        .map((c) => `\`${c}\``)
        .join(', ');
    const raw = '`retail`.`transactions_raw`';
    const cleaned = '`retail`.`transactions_clean`';
    const lines = `\`retail\`.\`${VIEW_PREFIX}lines\``;
    const source = `\`retail\`.\`${RAW_TABLE}\``;
    // one script: the missing tables created empty (no DDL in a transaction), then both replaced in one transaction
    expect(scripts).toEqual([
      [
        `CREATE TABLE IF NOT EXISTS ${raw} AS SELECT ${cols(frame)} FROM ${source} WHERE FALSE;`,
        `CREATE TABLE IF NOT EXISTS ${cleaned} AS SELECT ${cols(clean)} FROM ${lines} WHERE FALSE;`,
        'BEGIN TRANSACTION;',
        `DELETE FROM ${raw} WHERE TRUE;`,
        `INSERT INTO ${raw} (${cols(frame)}) SELECT ${cols(frame)} FROM ${source};`,
        `DELETE FROM ${cleaned} WHERE TRUE;`,
        `INSERT INTO ${cleaned} (${cols(clean)}) SELECT ${cols(clean)} FROM ${lines};`,
        'COMMIT TRANSACTION;',
      ].join('\n'),
    ]);
  });
});
