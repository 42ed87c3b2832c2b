import { type ObjectStore, type Warehouse, writeParquet } from '@retailkit/connectors';
import type { Frame } from '@retailkit/core';

/** What lake and load need from ingest and clean: plain data, so that it can be posted to a worker thread. */
export interface LoadInput {
  raw: Frame;
  clean: Frame;
  quarantine: Frame;
  /** Per purpose view, the flag columns it drops (`VIEW_DROPS` through `report.flags`). */
  viewDrops: Readonly<Record<string, readonly string[]>>;
  /** Rows of each purpose view as cleaning computed it, to check the warehouse's SQL views against. */
  viewRows: Readonly<Record<string, number>>;
}

/** One Parquet object written to the lake. */
export interface LakeObject {
  key: string;
  rows: number;
  bytes: number;
  md5: string;
}

/** Rows written to a warehouse table or expected in a view, and rows counted there afterwards. */
export interface TableCount {
  name: string;
  rowsWritten: number;
  rowsLoaded: number;
}

/** The raw and the cleaned transactions, and the quarantine, as Parquet objects in the lake. */
export async function writeLake(lake: ObjectStore, input: LoadInput): Promise<LakeObject[]> {
  const out: LakeObject[] = [];
  const put = async (key: string, f: Frame) => {
    const r = await lake.put(key, await writeParquet(f));
    out.push({ key, rows: f.length, bytes: r.bytes, md5: r.md5 });
  };
  await put('raw/transactions.parquet', input.raw);
  await put('staging/transactions_clean.parquet', input.clean);
  await put('staging/quarantine.parquet', input.quarantine);
  return out;
}

/**
 * `transactions_raw` and `transactions_clean` with `replace`, both or neither, then (PostgreSQL, Redshift) one SQL
 * view per purpose view over `transactions_clean` (`WHERE NOT <flag>` for each flag the view drops); the rows of
 * every table (as the load reports them) and view (counted through the view) afterwards.
 */
export async function loadWarehouse(wh: Warehouse, input: LoadInput): Promise<TableCount[]> {
  const result: TableCount[] = [];
  const plan: [string, Frame][] = [
    ['transactions_raw', input.raw],
    ['transactions_clean', input.clean],
  ];
  // the purpose views depend on transactions_clean: drop them so `replace` can swap the table, then recreate
  const sqlViews = wh.kind === 'postgres' || wh.kind === 'redshift';
  if (sqlViews) for (const view of Object.keys(input.viewDrops)) await wh.query(`DROP VIEW IF EXISTS "view_${view}"`);
  // both tables or neither: a failure on the second leaves the first as it was
  const loaded = wh.loadMany
    ? await wh.loadMany(plan.map(([table, data]) => ({ table, data, options: { disposition: 'replace' } })))
    : [];
  if (!wh.loadMany) for (const [name, f] of plan) loaded.push(await wh.load(name, f, { disposition: 'replace' }));
  // rows in each table as the warehouse reports them after the load (for `replace`, the server's own count of the
  // rows it copied into the new table: no second scan)
  for (const [k, [name, f]] of plan.entries())
    result.push({ name, rowsWritten: f.length, rowsLoaded: loaded[k].rowsInTable });
  for (const [view, cols] of sqlViews ? Object.entries(input.viewDrops) : []) {
    const where = cols.length ? `WHERE ${cols.map((c) => `NOT "${c}"`).join(' AND ')}` : '';
    await wh.query(`CREATE OR REPLACE VIEW "view_${view}" AS SELECT * FROM "transactions_clean" ${where}`);
    const [{ n }] = await wh.query(`SELECT count(*)::int AS n FROM "view_${view}"`);
    result.push({ name: `view_${view}`, rowsWritten: input.viewRows[view], rowsLoaded: Number(n) });
  }
  return result;
}
