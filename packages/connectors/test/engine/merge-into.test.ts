import { fromRows, isRetailKitError, type Row, toRows } from '@retailkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeInto } from '../../src/engine/merge-into.js';
import { openSqlEngine, type SqlEngine } from '../../src/engine/open-sql-engine.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';

const duckdb = await import('@duckdb/node-api').catch(() => undefined);

const ENGINES = [
  { name: 'duckdb', skip: !duckdb },
  { name: 'postgres', skip: false },
] as const;

const T0 = Date.UTC(2011, 11, 9);
/** Hand-written rows; the expected counts below are counted by hand from them. */
const SCORES: Row[] = [
  { customerId: 'a', segment: 1, pChurn: 0.25, scoredFor: new Date(T0) },
  { customerId: 'b', segment: 2, pChurn: 0.5, scoredFor: new Date(T0) },
  { customerId: 'c', segment: 2, pChurn: null, scoredFor: new Date(T0) },
];

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isRetailKitError(e) ? e.code : `other: ${String(e)}`;
  }
  return 'none';
}

describe.each(ENGINES)('mergeInto on $name', ({ name, skip }) => {
  let engine: SqlEngine;
  let db: TestDatabase | undefined;
  const table = async (t: string) =>
    toRows(await engine.query(`SELECT * FROM "${t}" ORDER BY 1, 2`)).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  beforeAll(async () => {
    if (skip) return;
    if (name === 'postgres') {
      db = await createTestDatabase('merge_into');
      engine = await openSqlEngine(db.connectionString);
    } else engine = await openSqlEngine('duckdb::memory:');
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  it.skipIf(skip)('creates the table, then a rerun with the same rows changes nothing', async () => {
    const source = fromRows(SCORES);
    const first = await mergeInto(engine, { target: 'scores', source, key: ['customerId'] });
    expect(first).toEqual({
      target: 'scores',
      rowsInSource: 3,
      inserted: 3,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      rowsInTable: 3,
    });
    const before = await table('scores');
    expect(before).toEqual(SCORES);
    const again = await mergeInto(engine, { target: 'scores', source, key: ['customerId'] });
    expect([again.inserted, again.updated, again.deleted, again.unchanged]).toEqual([0, 0, 0, 3]);
    expect(await table('scores')).toEqual(before);
  });

  it.skipIf(skip)('touches only the keys that changed: one updated, one new, one gone', async () => {
    const source = fromRows([
      SCORES[0],
      { ...SCORES[1], pChurn: 0.75 },
      { customerId: 'd', segment: 3, pChurn: 0.1, scoredFor: new Date(T0) },
    ]);
    const r = await mergeInto(engine, { target: 'scores', source, key: ['customerId'] });
    expect([r.inserted, r.updated, r.deleted, r.unchanged, r.rowsInTable]).toEqual([1, 1, 1, 1, 3]);
    expect(await table('scores')).toEqual(toRows(source));
    const [state] = await table('_retailkit_merge_state');
    expect(state).toEqual({
      target: 'scores',
      key_columns: 'customerId',
      rows_in_table: 3,
      inserted: 1,
      updated: 1,
      deleted: 1,
      unchanged: 1,
    });
  });

  it.skipIf(skip)('merges a SELECT run in the engine, with a two-column key', async () => {
    const select = `SELECT 'a' AS "customerId", 1 AS "rank", 'tea' AS item UNION ALL SELECT 'a', 2, 'cups'`;
    const first = await mergeInto(engine, { target: 'recs', source: select, key: ['customerId', 'rank'] });
    expect([first.inserted, first.rowsInTable]).toEqual([2, 2]);
    const swapped = `SELECT 'a' AS "customerId", 1 AS "rank", 'cups' AS item`;
    const r = await mergeInto(engine, { target: 'recs', source: swapped, key: ['customerId', 'rank'] });
    expect([r.inserted, r.updated, r.deleted, r.unchanged]).toEqual([0, 1, 1, 0]);
    expect(await table('recs')).toEqual([{ customerId: 'a', rank: 1, item: 'cups' }]);
  });

  it.skipIf(skip)('with a tolerance, leaves number columns that moved by ulps as they are', async () => {
    const base = fromRows([
      { id: 'a', v: 0.1 + 0.2, w: 1 },
      { id: 'b', v: 1e6, w: 2 },
    ]);
    await mergeInto(engine, { target: 'tol', source: base, key: ['id'] });
    // 0.30000000000000004 → 0.3 is 1.7e-16 relative (kept); 1e6 → 1e6 + 1 is 1e-6 relative (written)
    const moved = fromRows([
      { id: 'a', v: 0.3, w: 1 },
      { id: 'b', v: 1e6 + 1, w: 2 },
    ]);
    const r = await mergeInto(engine, { target: 'tol', source: moved, key: ['id'], tolerance: 1e-9 });
    expect([r.updated, r.unchanged]).toEqual([1, 1]);
    expect(await table('tol')).toEqual([
      { id: 'a', v: 0.1 + 0.2, w: 1 },
      { id: 'b', v: 1e6 + 1, w: 2 },
    ]);
    const exact = await mergeInto(engine, { target: 'tol', source: moved, key: ['id'] });
    expect([exact.updated, exact.unchanged]).toEqual([1, 1]);
    expect(await failure(mergeInto(engine, { target: 'tol', source: moved, key: ['id'], tolerance: -1 }))).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it.skipIf(skip)('refuses a repeated key and another schema, and leaves the table as it was', async () => {
    const before = await table('scores');
    const dup = fromRows([SCORES[0], { ...SCORES[0], segment: 9 }]);
    expect(await failure(mergeInto(engine, { target: 'scores', source: dup, key: ['customerId'] }))).toBe(
      'LOAD_REJECTED',
    );
    const other = fromRows([{ customerId: 'a', other: 1 }]);
    expect(await failure(mergeInto(engine, { target: 'scores', source: other, key: ['customerId'] }))).toBe(
      'LOAD_SCHEMA_MISMATCH',
    );
    expect(await failure(mergeInto(engine, { target: 'scores', source: other, key: [] }))).toBe('INVALID_ARGUMENT');
    expect(await failure(mergeInto(engine, { target: 'bad name', source: other, key: ['customerId'] }))).toBe(
      'SQL_IDENTIFIER',
    );
    expect(await table('scores')).toEqual(before);
  });
});
