import { VIEW_DROPS } from '@retailkit/cleaning';
import { type OpenedWarehouse, openLake, openWarehouse, writeParquet } from '@retailkit/connectors';
import type { Frame } from '@retailkit/core';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import { type Context, fmtInt } from '../context.js';
import { CLI_ERROR_CODES, cliError } from '../errors.js';
import { cleanStep } from './clean.js';
import { ingest } from './ingest.js';

export interface LoadOptions {
  /** `--lake`: a folder or `s3://bucket/prefix`. Default `<out>/lake`. */
  lake?: string;
  /** `--warehouse`: `embedded` (default; data under `<out>/warehouse`), `postgres://…` or `bigquery:project.dataset`. */
  warehouse?: string;
}

/**
 * The warehouse named by `--warehouse`: a URI for `openWarehouse`, or `embedded` (the default), a PostgreSQL
 * started from npm with its data under `dataDir`, stopped again by `close()`.
 */
async function warehouseFor(uri: string, dataDir: string): Promise<OpenedWarehouse> {
  if (uri !== 'embedded') return openWarehouse(uri);
  const server = await startEmbeddedPostgres({ dataDir });
  try {
    const wh = await openWarehouse(server.connectionString);
    return {
      ...wh,
      location: `embedded PostgreSQL on 127.0.0.1:${server.port} (data in ${server.dataDir})`,
      close: async () => {
        await wh.close();
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * `retailkit load`: the raw and the cleaned transactions into the lake as Parquet (`raw/`, `staging/`), then
 * into the warehouse with `replace` (a staging table swapped in one transaction, so a re-run loads no
 * duplicates), plus one SQL view per cleaning purpose view. Writes `<out>/load.json`.
 */
export async function loadCommand(ctx: Context, options: LoadOptions = {}): Promise<void> {
  const raw = await ingest(ctx);
  const cleaned = await cleanStep(ctx);
  const lake = await openLake(options.lake ? ctx.path(options.lake) : ctx.outPath('lake'));
  const objects = await ctx.step(
    'lake',
    async () => {
      const out: { key: string; rows: number; bytes: number; md5: string }[] = [];
      const put = async (key: string, f: Frame) => {
        const r = await lake.put(key, await writeParquet(f));
        out.push({ key, rows: f.length, bytes: r.bytes, md5: r.md5 });
      };
      await put('raw/transactions.parquet', raw.frame);
      await put('staging/transactions_clean.parquet', cleaned.frame);
      await put('staging/quarantine.parquet', cleaned.quarantine);
      return out;
    },
    (o) => `${o.length} Parquet objects in ${lake.uri} (${fmtInt(o.reduce((s, x) => s + x.bytes, 0) / 1024)} KiB)`,
  );
  const tables = await ctx.step(
    'load',
    async (progress) => {
      const wh = await warehouseFor(options.warehouse ?? 'embedded', ctx.outPath('warehouse'));
      const label = wh.location;
      try {
        const result: { name: string; rowsWritten: number; rowsLoaded: number }[] = [];
        const plan: [string, Frame][] = [
          ['transactions_raw', raw.frame],
          ['transactions_clean', cleaned.frame],
        ];
        // the purpose views depend on transactions_clean: drop them so `replace` can swap the table, then recreate
        const sqlViews = wh.kind === 'postgres' || wh.kind === 'redshift';
        if (sqlViews) for (const view of Object.keys(VIEW_DROPS)) await wh.query(`DROP VIEW IF EXISTS "view_${view}"`);
        const total = plan.reduce((s, [, f]) => s + f.length, 0);
        // both tables or neither: a failure on the second leaves the first as it was
        if (wh.loadMany)
          await wh.loadMany(plan.map(([table, data]) => ({ table, data, options: { disposition: 'replace' } })));
        else for (const [name, f] of plan) await wh.load(name, f, { disposition: 'replace' });
        progress.update(total, total);
        for (const [name, f] of plan) result.push({ name, rowsWritten: f.length, rowsLoaded: await wh.rowCount(name) });
        for (const [view, drops] of sqlViews ? Object.entries(VIEW_DROPS) : []) {
          const cols = drops.map((d) => cleaned.report.flags[d]).filter((c) => c in cleaned.frame.columns);
          const where = cols.length ? `WHERE ${cols.map((c) => `NOT "${c}"`).join(' AND ')}` : '';
          await wh.query(`CREATE OR REPLACE VIEW "view_${view}" AS SELECT * FROM "transactions_clean" ${where}`);
          const [{ n }] = await wh.query(`SELECT count(*)::int AS n FROM "view_${view}"`);
          result.push({
            name: `view_${view}`,
            rowsWritten: cleaned.views[view as keyof typeof cleaned.views].length,
            rowsLoaded: Number(n),
          });
        }
        return { label, result };
      } finally {
        await wh.close();
      }
    },
    (t) => `${t.result.map((r) => `${r.name} ${fmtInt(r.rowsLoaded)}`).join(', ')} into ${t.label}`,
  );
  const mismatched = tables.result.filter((t) => t.rowsWritten !== t.rowsLoaded);
  await ctx.writeJson('load.json', {
    lake: { uri: lake.uri, objects },
    warehouse: { target: tables.label, tables: tables.result },
    consistent: mismatched.length === 0,
  });
  if (mismatched.length)
    throw cliError(
      CLI_ERROR_CODES.loadCountMismatch,
      `load: the warehouse holds other row counts than were written for ${mismatched.map((t) => `${t.name} (${t.rowsLoaded} of ${t.rowsWritten})`).join(', ')}; see load.json.`,
      { tables: mismatched },
    );
}
