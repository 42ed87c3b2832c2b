import { VIEW_DROPS } from '@retailkit/cleaning';
import { type OpenedWarehouse, openLake, openWarehouse } from '@retailkit/connectors';
import type { Frame } from '@retailkit/core';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import { recordStep, startWorker } from '../background.js';
import { type Context, fmtInt } from '../context.js';
import { CLI_ERROR_CODES, cliError } from '../errors.js';
import { type LakeObject, type LoadInput, loadWarehouse, type TableCount, writeLake } from '../load-steps.js';
import type { WorkerReply, WorkerRequest } from '../load-worker.js';
import { frameMover, fromWire } from '../worker-wire.js';
import { type Cleaned, cleanStep } from './clean.js';
import { type Ingested, ingest } from './ingest.js';

export interface LoadOptions {
  /** `--lake`: a folder or `s3://bucket/prefix`. Default `<out>/lake`. */
  lake?: string;
  /** `--warehouse`: `embedded` (default; data under `<out>/warehouse`), `postgres://…`, `bigquery:project.dataset` or `duckdb:<file>`. */
  warehouse?: string;
}

/** Options of {@link backgroundLoad}. */
export interface BackgroundLoadOptions extends LoadOptions {
  /**
   * The worker writes the lake only; {@link BackgroundLoad.finish} runs the load it is given, in the calling thread.
   * For `run --engine warehouse`, whose engine the run holds from the end of ingest (a DuckDB file has one writer
   * process; the embedded server, one data directory), and which already holds the lines and their cleaned form
   * (see `loadFromEngine`).
   */
  lakeOnly?: boolean;
}

/**
 * Settings of the embedded warehouse: with `wal_level = minimal`, a table created and filled by COPY in one
 * transaction (what `replace` does) is written once, without WAL; it is still synced at commit.
 */
const EMBEDDED_SETTINGS = { wal_level: 'minimal', max_wal_senders: 0 };

/**
 * The embedded warehouse's server with its data under `dataDir`, as every command that starts one starts it: a place
 * to try queries, not a system of record (`durability: 'none'`, {@link EMBEDDED_SETTINGS}).
 */
export function startEmbeddedWarehouse(dataDir: string) {
  return startEmbeddedPostgres({ dataDir, durability: 'none', settings: EMBEDDED_SETTINGS });
}

/** A warehouse to load into: its URI for `openWarehouse`, a description, and how to stop it (embedded only). */
interface WarehouseServer {
  uri: string;
  location: string | undefined;
  stop: () => Promise<void>;
}

/**
 * The server behind `--warehouse`: `embedded` (the default) starts a PostgreSQL from npm with its data under
 * `dataDir`; any other value is a URI for `openWarehouse`, nothing to start.
 */
async function serverFor(uri: string, dataDir: string): Promise<WarehouseServer> {
  if (uri !== 'embedded') return { uri, location: undefined, stop: async () => {} };
  const server = await startEmbeddedWarehouse(dataDir);
  return {
    uri: server.connectionString,
    location: `embedded PostgreSQL on 127.0.0.1:${server.port} (data in ${server.dataDir})`,
    stop: () => server.stop(),
  };
}

/** The warehouse named by `--warehouse`, opened (see {@link serverFor}); `close()` also stops an embedded server. */
async function warehouseFor(uri: string, dataDir: string): Promise<OpenedWarehouse> {
  const server = await serverFor(uri, dataDir);
  try {
    const wh = await openWarehouse(server.uri);
    return {
      ...wh,
      location: server.location ?? wh.location,
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

/** What lake and load take from ingest and clean (plain data: see `LoadInput`). */
function loadInput(raw: Frame, cleaned: Cleaned): LoadInput {
  return {
    raw,
    clean: cleaned.frame,
    quarantine: cleaned.quarantine,
    viewDrops: Object.fromEntries(
      Object.entries(VIEW_DROPS).map(([view, drops]) => [
        view,
        drops.map((d) => cleaned.report.flags[d]).filter((c) => c in cleaned.frame.columns),
      ]),
    ),
    viewRows: Object.fromEntries(Object.entries(cleaned.report.revenue.views).map(([name, v]) => [name, v.rows])),
  };
}

const lakeDetail = (lakeUri: string, o: LakeObject[]) =>
  `${o.length} Parquet objects in ${lakeUri} (${fmtInt(o.reduce((s, x) => s + x.bytes, 0) / 1024)} KiB)`;
const loadDetail = (label: string, tables: TableCount[]) =>
  `${tables.map((r) => `${r.name} ${fmtInt(r.rowsLoaded)}`).join(', ')} into ${label}`;

/**
 * `retailkit load`: the raw and the cleaned transactions into the lake as Parquet (`raw/`, `staging/`), then
 * into the warehouse with `replace` (a staging table swapped in one transaction, so a re-run loads no
 * duplicates), plus one SQL view per cleaning purpose view. Writes `<out>/load.json`.
 */
export async function loadCommand(ctx: Context, options: LoadOptions = {}): Promise<void> {
  const raw = await ingest(ctx);
  const cleaned = await cleanStep(ctx);
  const input = loadInput(raw.frame, cleaned);
  const lake = await openLake(options.lake ? ctx.path(options.lake) : ctx.outPath('lake'));
  const objects = await ctx.step(
    'lake',
    () => writeLake(lake, input),
    (o) => lakeDetail(lake.uri, o),
  );
  const tables = await loadStep(ctx, input, async (i) => {
    const wh = await warehouseFor(options.warehouse ?? 'embedded', ctx.outPath('warehouse'));
    try {
      return { label: wh.location, result: await loadWarehouse(wh, i) };
    } finally {
      await wh.close();
    }
  });
  await writeLoadJson(ctx, lake.uri, objects, tables.label, tables.result);
}

/** The tables a load wrote, and where (`load.json`'s `warehouse`). */
export interface LoadedTables {
  label: string;
  result: TableCount[];
}

/** The step `load` in this thread: `load` writes `input`'s tables. */
function loadStep(
  ctx: Context,
  input: LoadInput,
  load: (input: LoadInput) => Promise<LoadedTables>,
): Promise<LoadedTables> {
  return ctx.step(
    'load',
    async (progress) => {
      const total = input.raw.length + input.clean.length;
      const loaded = await load(input);
      progress.update(total, total);
      return loaded;
    },
    (t) => loadDetail(t.label, t.result),
  );
}

/** `<out>/load.json`, and the refusal when the warehouse holds other row counts than were written. */
async function writeLoadJson(
  ctx: Context,
  lakeUri: string,
  objects: LakeObject[],
  label: string,
  tables: TableCount[],
): Promise<void> {
  const mismatched = tables.filter((t) => t.rowsWritten !== t.rowsLoaded);
  await ctx.writeJson('load.json', {
    lake: { uri: lakeUri, objects },
    warehouse: { target: label, tables },
    consistent: mismatched.length === 0,
  });
  if (mismatched.length)
    throw cliError(
      CLI_ERROR_CODES.loadCountMismatch,
      `load: the warehouse holds other row counts than were written for ${mismatched.map((t) => `${t.name} (${t.rowsLoaded} of ${t.rowsWritten})`).join(', ')}; see load.json.`,
      { tables: mismatched },
    );
}

/** lake and load of `run`, started before ingest and finished beside the analyses (see {@link backgroundLoad}). */
export interface BackgroundLoad {
  /** Hand over the ingested and cleaned data: the worker writes the lake, then loads the warehouse. */
  start(raw: Ingested, cleaned: Cleaned): void;
  /**
   * Wait for both, record them as the steps `lake` and `load` (their own times; they overlap other steps) and
   * write `load.json`. Rejects with the worker's error (a RetailKit error keeps its code and details).
   * `lakeOnly`: the load runs here, as `loadHere` does it, once the lake is written.
   */
  finish(loadHere?: (input: LoadInput) => Promise<LoadedTables>): Promise<void>;
  /** Stop the worker and the server (when the run ends early). Idempotent. */
  cancel(): Promise<void>;
  /** Resolves once the warehouse's server is up (or failed to start: {@link finish} says why). */
  ready(): Promise<void>;
}

/**
 * `run`'s lake and load, off the main thread: the embedded PostgreSQL (nothing for a given warehouse URI) and a
 * worker thread start at once, beside ingest and clean. {@link BackgroundLoad.start} moves copies of the raw,
 * cleaned and quarantined frames' arrays to the worker, which writes the Parquet objects at once and COPYs the
 * tables as soon as the server is up, while the main thread runs the analyses. The worker ends, and the server
 * stops, as soon as the load is done (their memory and CPU are not held until `finish`). The server is started and
 * stopped here, in the main thread, so the CLI's exit hooks stop it whatever happens. Outputs and step records are
 * {@link loadCommand}'s; each record holds the step's own time and start (`startMs`).
 */
export function backgroundLoad(ctx: Context, options: BackgroundLoadOptions = {}): BackgroundLoad {
  const lakeUri = options.lake ? ctx.path(options.lake) : ctx.outPath('lake');
  const lakeOnly = options.lakeOnly === true;
  const server: Promise<WarehouseServer> = lakeOnly
    ? Promise.resolve({ uri: '', location: undefined, stop: async () => {} })
    : serverFor(options.warehouse ?? 'embedded', ctx.outPath('warehouse'));
  server.catch(() => undefined);
  const worker = startWorker(new URL('../load-worker.ts', import.meta.url));
  let cancelled: Promise<void> | undefined;
  const cancel = () => {
    cancelled ??= (async () => {
      await worker.terminate();
      await server.then((s) => s.stop()).catch(() => undefined);
    })();
    return cancelled;
  };
  const settle = {} as Record<'lake' | 'load', { resolve: (r: never) => void; reject: (e: unknown) => void }>;
  const lakeDone = new Promise<Extract<WorkerReply, { type: 'lake' }>>((resolve, reject) => {
    settle.lake = { resolve, reject };
  });
  const loadDone = new Promise<Extract<WorkerReply, { type: 'load' }>>((resolve, reject) => {
    settle.load = { resolve, reject };
  });
  for (const p of [lakeDone, loadDone]) p.catch(() => undefined);
  const fail = (e: unknown) => {
    settle.lake.reject(e);
    settle.load.reject(e);
  };
  worker.on('message', (m: WorkerReply) => {
    if (m.type === 'error') fail(fromWire(m.error));
    else settle[m.type].resolve(m as never);
    if (m.type !== 'lake' || lakeOnly) void cancel();
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the load worker stopped (exit code ${code}) before finishing`)));
  if (!lakeOnly)
    server.then(
      ({ uri }) => worker.postMessage({ type: 'warehouse', uri } satisfies WorkerRequest),
      () => undefined,
    );
  let started: LoadInput | undefined;
  return {
    start(raw, cleaned) {
      started = loadInput(raw.frame, cleaned);
      const { input, transfer } = movable(started);
      worker.postMessage({ type: 'data', lake: lakeUri, input, load: !lakeOnly } satisfies WorkerRequest, transfer);
    },
    async finish(loadHere) {
      try {
        if (!started) throw new Error('backgroundLoad: finish() before start()');
        const lake = await lakeDone;
        recordStep(ctx, 'lake', lake, lakeDetail(lakeUri, lake.result), 'the analyses');
        if (lakeOnly) {
          if (!loadHere) throw new Error('backgroundLoad: finish() of a lakeOnly load needs the load to run');
          await cancel();
          const t = await loadStep(ctx, started, loadHere);
          await writeLoadJson(ctx, lakeUri, lake.result, t.label, t.result);
          return;
        }
        const srv = await server;
        const load = await loadDone;
        const label = srv.location ?? load.location;
        recordStep(ctx, 'load', load, loadDetail(label, load.result), 'the analyses');
        await cancel();
        await writeLoadJson(ctx, lakeUri, lake.result, label, load.result);
      } finally {
        await cancel();
      }
    },
    cancel,
    ready: () =>
      server.then(
        () => undefined,
        () => undefined,
      ),
  };
}

/** The input with compact copies of its frames' arrays, and their buffers, to move to the worker ({@link frameMover}). */
function movable(input: LoadInput): { input: LoadInput; transfer: ArrayBuffer[] } {
  const m = frameMover();
  return {
    input: { ...input, raw: m.frame(input.raw), clean: m.frame(input.clean), quarantine: m.frame(input.quarantine) },
    transfer: m.transfer,
  };
}
