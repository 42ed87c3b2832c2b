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

/** A purpose view over `transactions_clean` (PostgreSQL, Redshift), as the loads make it. */
export interface PurposeView {
  /** `view_<purpose>`. */
  name: string;
  drop: string;
  /** `WHERE NOT <flag>` for each flag the purpose view drops. */
  create: string;
  /** Its rows as cleaning computed them, to check the view against. */
  rows: number;
}

/** One {@link PurposeView} per purpose view of the cleaning (`input.viewDrops`). */
export function purposeViews(input: LoadInput): PurposeView[] {
  return Object.entries(input.viewDrops).map(([view, cols]) => {
    const name = `view_${view}`;
    const where = cols.length ? ` WHERE ${cols.map((c) => `NOT "${c}"`).join(' AND ')}` : '';
    return {
      name,
      drop: `DROP VIEW IF EXISTS "${name}"`,
      create: `CREATE OR REPLACE VIEW "${name}" AS SELECT * FROM "transactions_clean"${where}`,
      rows: input.viewRows[view],
    };
  });
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
  const views = wh.kind === 'postgres' || wh.kind === 'redshift' ? purposeViews(input) : [];
  for (const v of views) await wh.query(v.drop);
  // both tables or neither: a failure on the second leaves the first as it was
  const loaded = wh.loadMany
    ? await wh.loadMany(plan.map(([table, data]) => ({ table, data, options: { disposition: 'replace' } })))
    : [];
  if (!wh.loadMany) for (const [name, f] of plan) loaded.push(await wh.load(name, f, { disposition: 'replace' }));
  // rows in each table as the warehouse reports them after the load (for `replace`, the server's own count of the
  // rows it copied into the new table: no second scan)
  for (const [k, [name, f]] of plan.entries())
    result.push({ name, rowsWritten: f.length, rowsLoaded: loaded[k].rowsInTable });
  for (const v of views) {
    await wh.query(v.create);
    const [{ n }] = await wh.query(`SELECT count(*)::int AS n FROM "${v.name}"`);
    result.push({ name: v.name, rowsWritten: v.rows, rowsLoaded: Number(n) });
  }
  return result;
}
