import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromRows, isRetailKitError, type Row } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeInto } from '../../src/engine/merge-into.js';
import { openSqlEngine, type SqlEngine } from '../../src/engine/open-sql-engine.js';
import { type BigQueryMergeSpec, bigQueryMergeScript } from '../../src/internal/bigquery-merge.js';
import { type BigQueryDouble, startBigQueryDouble } from '../helpers/bigquery-double.js';
import { fixedTokenAuth } from '../helpers/google-auth.js';

const T0 = Date.UTC(2011, 11, 9);
const SCORES: Row[] = [
  { customerId: 'a', segment: 1, pChurn: 0.25, scoredFor: new Date(T0) },
  { customerId: 'b', segment: 2, pChurn: 0.5, scoredFor: new Date(T0) },
  { customerId: 'c', segment: 2, pChurn: null, scoredFor: new Date(T0) },
];
const RECS_SELECT = 'SELECT customerId, `rank`, item FROM recommendations_today';

/** The two merges the golden files pin; the contract test below sends exactly these scripts. */
const SPECS: Record<string, BigQueryMergeSpec> = {
  frame: {
    projectId: 'retail-test',
    datasetId: 'retail',
    target: 'scores',
    stateTable: '_retailkit_merge_state',
    key: ['customerId'],
    columns: [
      { name: 'customerId', numeric: false },
      { name: 'segment', numeric: true },
      { name: 'pChurn', numeric: true },
      { name: 'scoredFor', numeric: false },
    ],
    source: { table: 'scores__rk_stage' },
    createTarget: true,
    tolerance: 1e-9,
  },
  select: {
    projectId: 'retail-test',
    datasetId: 'retail',
    target: 'recs',
    stateTable: '_retailkit_merge_state',
    key: ['customerId', 'rank'],
    columns: [
      { name: 'customerId', numeric: false },
      { name: 'rank', numeric: true },
      { name: 'item', numeric: false },
    ],
    source: { select: RECS_SELECT },
    createTarget: false,
    tolerance: 0,
  },
};
const golden = (name: string) =>
  fileURLToPath(new URL(`../fixtures/merge/bigquery-merge-${name}.sql`, import.meta.url));
const script = (name: string) => readFileSync(golden(name), 'utf8').replace(/\n$/, '');

/** The generated BigQuery script is pinned by golden files (rewrite with UPDATE_GOLDEN=1 after a reviewed change). */
describe('mergeInto BigQuery script golden files', () => {
  it.each(Object.keys(SPECS))('the %s source script matches its golden file', (name) => {
    const sql = bigQueryMergeScript(SPECS[name]);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), `${sql}\n`);
    expect(`${sql}\n`).toBe(readFileSync(golden(name), 'utf8'));
  });
});

const COUNTS = [
  { name: 'src', type: 'INTEGER' },
  { name: 'inserted', type: 'INTEGER' },
  { name: 'updated', type: 'INTEGER' },
  { name: 'deleted', type: 'INTEGER' },
];

async function failure(p: Promise<unknown>): Promise<{ code: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return isRetailKitError(e) ? { code: e.code, details: e.details } : { code: `other: ${String(e)}` };
  }
  return { code: 'none' };
}

// A CONTRACT test: it checks the REST requests mergeInto makes through the real @google-cloud/bigquery client
// against the loopback double of BigQuery's REST API (test/helpers/bigquery-double.ts), not a real BigQuery. The
// double cannot run SQL: the script's counts are canned, keyed by the golden script text. Nothing leaves 127.0.0.1
// (fixed-token auth, METADATA_SERVER_DETECTION=none).
describe('mergeInto on BigQuery (contract test against the loopback double of its REST API, not a real BigQuery)', () => {
  let dbl: BigQueryDouble;
  let engine: SqlEngine;
  beforeAll(async () => {
    process.env.METADATA_SERVER_DETECTION = 'none';
    dbl = await startBigQueryDouble();
    engine = await openSqlEngine('bigquery:retail-test.retail', {
      bigquery: { apiEndpoint: dbl.endpoint, authClient: fixedTokenAuth() },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await dbl?.stop();
  });

  it('contract: a Frame goes by load job to a staging table, then one script job is polled until DONE, its counts read and the staging table deleted', async () => {
    dbl.requests.length = 0;
    dbl.results.set(script('frame'), { fields: COUNTS, rows: [['3', '3', '0', '0']], polls: 2 });
    const r = await mergeInto(engine, {
      target: 'scores',
      source: fromRows(SCORES),
      key: ['customerId'],
      tolerance: 1e-9,
    });
    expect(r).toEqual({
      target: 'scores',
      rowsInSource: 3,
      inserted: 3,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      rowsInTable: 3,
    });
    const at = (pred: (q: BigQueryDouble['requests'][number]) => boolean) => dbl.requests.findIndex(pred);
    // 1. the load job: the Frame as Parquet, truncating the staging table in the engine's dataset
    const upload = at((q) => q.path === '/upload/bigquery/v2/projects/retail-test/jobs');
    expect((dbl.requests[upload].body as { configuration: unknown }).configuration).toEqual({
      load: {
        sourceFormat: 'PARQUET',
        writeDisposition: 'WRITE_TRUNCATE',
        createDisposition: 'CREATE_IF_NEEDED',
        destinationTable: { projectId: 'retail-test', datasetId: 'retail', tableId: 'scores__rk_stage' },
      },
    });
    // 2. the target's schema is looked up (404: the script creates it)
    const lookup = at((q) => q.method === 'GET' && q.path.endsWith('/datasets/retail/tables/scores'));
    // 3. one query job (jobs.insert) carrying the whole script, with the dataset as default
    const insert = at((q) => q.method === 'POST' && q.path === '/bigquery/v2/projects/retail-test/jobs');
    const job = dbl.requests[insert].body as {
      jobReference: { jobId: string };
      configuration: { query: { query: string; defaultDataset: unknown; useLegacySql: boolean } };
    };
    expect(job.configuration.query).toMatchObject({
      query: script('frame'),
      defaultDataset: { projectId: 'retail-test', datasetId: 'retail' },
      useLegacySql: false,
    });
    // 4. jobs.get until DONE (two RUNNING answers, then DONE), 5. the counts from getQueryResults
    const id = job.jobReference.jobId;
    const polls = dbl.requests.filter((q) => q.method === 'GET' && q.path.endsWith(`/jobs/${id}`));
    expect(polls.length).toBeGreaterThanOrEqual(3);
    const results = at((q) => q.method === 'GET' && q.path.endsWith(`/queries/${id}`));
    // 6. the staging table deleted last
    const drop = at((q) => q.method === 'DELETE' && q.path.endsWith('/tables/scores__rk_stage'));
    expect([upload, lookup, insert, results, drop].every((i) => i >= 0)).toBe(true);
    expect(upload < insert && lookup < insert && insert < results && results < drop).toBe(true);
    expect(dbl.requests.indexOf(polls[polls.length - 1])).toBeLessThan(results);
    expect(dbl.tables.has('retail-test.retail.scores__rk_stage')).toBe(false);
    // the rows travelled in the load job, not in the script (which holds no values)
    expect(job.configuration.query.query).not.toContain("'a'");
  });

  it('contract: a repeated key raised by the script is LOAD_REJECTED, and the staging table is still deleted', async () => {
    dbl.requests.length = 0;
    dbl.results.set(script('frame'), {
      fields: COUNTS,
      rows: [],
      error: 'mergeInto: the source of scores has 1 rows whose key repeats another row',
    });
    const e = await failure(
      mergeInto(engine, {
        target: 'scores',
        source: fromRows([SCORES[0], { ...SCORES[0], segment: 9 }, SCORES[1]]),
        key: ['customerId'],
        tolerance: 1e-9,
      }),
    );
    expect(e).toEqual({
      code: 'LOAD_REJECTED',
      details: { table: 'scores', key: ['customerId'], duplicates: 1 },
    });
    expect(dbl.requests.some((q) => q.method === 'DELETE' && q.path.endsWith('/tables/scores__rk_stage'))).toBe(true);
    expect(dbl.tables.has('retail-test.retail.scores__rk_stage')).toBe(false);
  });

  it('contract: a SELECT is dry-run for its columns and runs inside the script: no load job, nothing to delete', async () => {
    dbl.requests.length = 0;
    dbl.schemas.set('retail-test.retail.recs', [
      { name: 'customerId', type: 'STRING' },
      { name: 'rank', type: 'INTEGER' },
      { name: 'item', type: 'STRING' },
    ]);
    dbl.results.set(RECS_SELECT, {
      fields: [
        { name: 'customerId', type: 'STRING' },
        { name: 'rank', type: 'INTEGER' },
        { name: 'item', type: 'STRING' },
      ],
      rows: [],
    });
    dbl.results.set(script('select'), { fields: COUNTS, rows: [['2', '0', '1', '1']], polls: 1 });
    const r = await mergeInto(engine, { target: 'recs', source: RECS_SELECT, key: ['customerId', 'rank'] });
    expect([r.inserted, r.updated, r.deleted, r.unchanged, r.rowsInTable]).toEqual([0, 1, 1, 1, 2]);
    const jobs = dbl.requests
      .filter((q) => q.method === 'POST' && q.path === '/bigquery/v2/projects/retail-test/jobs')
      .map((q) => q.body as { configuration: { dryRun?: boolean; query: { query: string } } });
    expect(jobs.map((j) => [j.configuration.dryRun ?? false, j.configuration.query.query])).toEqual([
      [true, RECS_SELECT],
      [false, script('select')],
    ]);
    expect(dbl.requests.some((q) => q.path.startsWith('/upload/'))).toBe(false);
    expect(dbl.requests.some((q) => q.method === 'DELETE')).toBe(false);
  });

  it('contract: refuses another schema before the script, and bad names or keys before any request', async () => {
    dbl.requests.length = 0;
    const other = fromRows([{ customerId: 'a', other: 1 }]);
    expect((await failure(mergeInto(engine, { target: 'recs', source: other, key: ['customerId'] }))).code).toBe(
      'LOAD_SCHEMA_MISMATCH',
    );
    expect(dbl.requests.some((q) => (q.body as { configuration?: { query?: unknown } })?.configuration?.query)).toBe(
      false,
    );
    expect(dbl.requests.some((q) => q.method === 'DELETE' && q.path.endsWith('/tables/recs__rk_stage'))).toBe(true);
    dbl.requests.length = 0;
    expect((await failure(mergeInto(engine, { target: 'bad name', source: other, key: ['customerId'] }))).code).toBe(
      'SQL_IDENTIFIER',
    );
    expect((await failure(mergeInto(engine, { target: 'recs', source: other, key: ['nope'] }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await failure(mergeInto(engine, { target: 'recs', source: other, key: [] }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    const bad = fromRows([{ 'customer id': 'a', v: 1 }]);
    expect((await failure(mergeInto(engine, { target: 'recs', source: bad, key: ['v'] }))).code).toBe('SQL_IDENTIFIER');
    expect(dbl.requests).toEqual([]);
    // an engine that only says it is BigQuery has no client to run load and script jobs with
    const fake: SqlEngine = {
      dialect: 'bigquery',
      location: 'x',
      query: engine.query,
      exec: engine.exec,
      close: engine.close,
    };
    expect((await failure(mergeInto(fake, { target: 'recs', source: other, key: ['customerId'] }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
