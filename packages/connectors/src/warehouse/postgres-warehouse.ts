import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type Frame, invalidArgument, isRetailKitError } from '@retailkit/core';
import type pg from 'pg';
import { connectorError, redact } from '../errors.js';
import { loadDrivers } from '../internal/drivers.js';
import type { IncrementalTracker } from '../internal/incremental.js';
import { CopyBinaryEncoder, copyHeader, copyTrailer, NonFiniteValue } from '../internal/pg-binary.js';
import { pgType, quoteIdent } from '../internal/sql.js';
import { copyErrorPosition, nonFiniteError, type TextRepairs } from './guard.js';
import {
  asBatches,
  checkBatch,
  checkTableColumns,
  DISPOSITIONS,
  type LoadPlan,
  loadResult,
  loadSchema,
  planLoad,
  stateAfter,
  trackerFor,
} from './load-plan.js';
import type { LoadOptions, LoadResult, LoadState, TableSchema, Warehouse } from './types.js';

/** Options of {@link postgresWarehouse}. */
export interface PostgresWarehouseOptions {
  /** `postgres://user:password@host:port/db` (the password never appears in errors). */
  connectionString: string;
  /** Target schema (created when missing). Default `public`. */
  schema?: string;
  /** Name of the load-state table. Default `_retailkit_load_state`. */
  stateTable?: string;
}

const FN = 'postgresWarehouse.load';
/** Bytes of encoded COPY data queued ahead of the socket before `write` asks the loader to wait. */
const COPY_BUFFER = 4 << 20;

/**
 * The batches of `source` with one read ahead: as soon as a batch is handed out, the next is requested, so the
 * source (a CSV parser, say) produces it while the caller waits on the server (DDL round trips, COPY drains).
 * At most two batches exist at a time: the one handed out and the one being produced.
 */
class ReadAhead {
  private pending: Promise<IteratorResult<Frame>> | undefined;
  constructor(private readonly source: AsyncGenerator<Frame>) {}

  async next(): Promise<IteratorResult<Frame>> {
    const r = await (this.pending ?? this.source.next());
    this.pending = undefined;
    if (!r.done) {
      this.pending = this.source.next();
      this.pending.catch(() => undefined);
    }
    return r;
  }

  /** Stop the source (closes its files) after the batch in production, if any. */
  close(): void {
    this.source.return(undefined).catch(() => undefined);
  }
}

/** Write chunks to a stream honouring back-pressure. */
async function writeAll(stream: Writable, chunks: Iterable<Buffer>): Promise<void> {
  for (const c of chunks) if (!stream.write(c)) await once(stream, 'drain');
}

/**
 * A PostgreSQL destination (any PostgreSQL ≥ 12, including the embedded one). Loads stream Frame batches with
 * binary `COPY … FROM STDIN` in bounded memory (two batches — the one being sent and the one read ahead — plus
 * about 5 MiB of encoded COPY data queued for the socket).
 *
 * Write dispositions, each one transaction together with the load state:
 * - `append`: create the table when missing, COPY into it.
 * - `replace`: COPY into a staging table, then drop the old table and rename the staging table — readers see the
 *   old table or the new one, never a partial one.
 * - `merge`: COPY into a temporary table, then `INSERT … ON CONFLICT (primaryKey) DO UPDATE` (last row wins
 *   among duplicates of a key in the input).
 *
 * `loadMany` runs several such loads in one transaction: all tables change, or none. A load that wrote rows runs
 * `ANALYZE` on its table in that transaction, so the next query is planned with statistics.
 *
 * Identifiers are checked against `[A-Za-z_][A-Za-z0-9_]{0,62}` and double-quoted; values only travel as COPY
 * data or `$n` parameters. A process killed mid-load leaves the tables as they were (the transaction aborts).
 * Types: number → double precision, int → integer, timestamp → timestamp (naive), string → text, boolean.
 * Text loses U+0000 and has lone surrogates replaced by U+FFFD (counted in `textRepairs`); ±Infinity is refused.
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`, `MISSING_COLUMN` (a primary-key, cursor or key
 *   column the data lacks), `LOAD_SCHEMA_MISMATCH`, `LOAD_NON_FINITE` and `LOAD_REJECTED` (table, row, column),
 *   `PG_QUERY_FAILED` (retryable for connection failures; `details.table` during a load),
 *   `CONNECTOR_DRIVER_MISSING` without `pg` and `pg-copy-streams`.
 * @example
 * const wh = await postgresWarehouse({ connectionString });
 * await wh.load('transactions', frame, { disposition: 'replace' }); // { rowsLoaded: 3, rowsInTable: 3, … }
 * await wh.close();
 */
export async function postgresWarehouse(options: PostgresWarehouseOptions): Promise<Warehouse> {
  if (typeof options?.connectionString !== 'string' || options.connectionString === '')
    throw invalidArgument('postgresWarehouse', 'connectionString', options?.connectionString, 'a postgres:// URL');
  const schemaName = options.schema ?? 'public';
  const qSchema = quoteIdent(schemaName, 'postgresWarehouse', 'schema');
  const qState = `${qSchema}.${quoteIdent(options.stateTable ?? '_retailkit_load_state', 'postgresWarehouse', 'stateTable')}`;
  const [{ default: pgMod }, copyStreams] = await loadDrivers('postgresWarehouse', ['pg', 'pg-copy-streams']);
  const secrets = [passwordOf(options.connectionString)];
  const pool: pg.Pool = new pgMod.Pool({ connectionString: options.connectionString, max: 4 });
  pool.on('error', () => undefined);
  // Reading `timestamp` columns as naive wall-clock epoch ms (as if UTC), never through the local time zone.
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === 1114
        ? (v: string) => Date.parse(`${v.replace(' ', 'T')}Z`)
        : oid === 20
          ? (v: string) => Number(v)
          : pgMod.types.getTypeParser(oid, format as 'text'),
  };

  const fail = (what: string, e: unknown, table?: string): never => {
    const err = e as { code?: string; message?: string };
    const retryable =
      !err.code || /^(08|57P)/.test(err.code) || err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET';
    throw connectorError('PG_QUERY_FAILED', `${what}: ${redact(err.message ?? String(e), secrets)}`, {
      details: { sqlstate: err.code ?? null, ...(table ? { table } : {}) },
      retryable,
      ...(table ? { cause: e } : {}),
    });
  };

  async function withClient<T>(what: string, body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      return fail(what, e);
    }
    try {
      return await body(client);
    } catch (e) {
      if (isRetailKitError(e)) throw e;
      return fail(what, e);
    } finally {
      client.release();
    }
  }

  /** Create the load-state table when missing (its schema exists: load() creates it first). */
  async function ensureStateTable(c: pg.PoolClient): Promise<void> {
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${qState} (pipeline text PRIMARY KEY, table_name text NOT NULL, cursor_column text NOT NULL, cursor double precision, keys_at_cursor jsonb NOT NULL, rows_loaded bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async function readState(c: pg.PoolClient, pipeline: string, lock: boolean): Promise<LoadState | undefined> {
    const r = await c.query({
      text: `SELECT cursor_column, cursor, keys_at_cursor, rows_loaded FROM ${qState} WHERE pipeline = $1${lock ? ' FOR UPDATE' : ''}`,
      values: [pipeline],
      types,
    });
    if (r.rowCount === 0) return undefined;
    const row = r.rows[0];
    return {
      cursorColumn: row.cursor_column,
      cursor: row.cursor === null ? null : Number(row.cursor),
      keysAtCursor: row.keys_at_cursor,
      rowsLoaded: Number(row.rows_loaded),
    };
  }

  async function tableColumns(c: pg.PoolClient, table: string): Promise<Map<string, string> | undefined> {
    const r = await c.query(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
      [schemaName, table],
    );
    if (r.rowCount === 0) return undefined;
    return new Map(r.rows.map((x) => [x.column_name as string, x.data_type as string]));
  }

  /**
   * Stream every batch into one `COPY … FROM STDIN (FORMAT binary)`, pipelined: the next batch is parsed (the
   * source generator runs, see {@link ReadAhead}) while this one is encoded and written, and written chunks queue
   * in the COPY stream (up to {@link COPY_BUFFER} bytes) while the socket hands them to the server, so Node's
   * parsing and encoding overlap the server's COPY instead of alternating with it. In flight at most: the batch
   * being encoded, the one being read ahead, COPY_BUFFER bytes plus one 1 MiB chunk, and the socket's buffers.
   * Returns the rows received, the rows sent (after the incremental filter) and the server's COPY row count.
   */
  async function copyInto(
    c: pg.PoolClient,
    qTable: string,
    names: readonly string[],
    first: Frame,
    rest: ReadAhead,
    tracker: IncrementalTracker | undefined,
    check: (f: Frame) => void,
    table: string,
  ): Promise<{ received: number; loaded: number; copied: number; repairs: TextRepairs }> {
    const cols = names.map((n) => quoteIdent(n, FN, 'column')).join(', ');
    const stream = c.query(
      copyStreams.from(`COPY ${qTable} (${cols}) FROM STDIN (FORMAT binary)`, { highWaterMark: COPY_BUFFER }),
    );
    const enc = new CopyBinaryEncoder(names);
    let received = 0;
    let loaded = 0;
    // Which row of the stream each COPY line is (the incremental filter skips rows): one entry per batch.
    const segments: { sent: number; received: number; keep: Int32Array | undefined }[] = [];
    const rowOfLine = (line: number): number | undefined => {
      const s = line - 1;
      let j = segments.length - 1;
      while (j >= 0 && segments[j].sent > s) j--;
      if (j < 0) return undefined;
      const g = segments[j];
      return g.received + (g.keep ? g.keep[s - g.sent] : s - g.sent);
    };
    const done = finished(stream);
    done.catch(() => undefined);
    try {
      stream.write(copyHeader());
      let f: Frame | undefined = first;
      while (f) {
        check(f);
        const keep = tracker?.filter(f);
        segments.push({ sent: loaded, received, keep });
        received += f.length;
        loaded += keep ? keep.length : f.length;
        try {
          await writeAll(stream, enc.encode(f, keep));
        } catch (e) {
          if (!(e instanceof NonFiniteValue)) throw e;
          throw nonFiniteError(FN, table, segments[segments.length - 1].received + e.row, e.column, e.value, e.type);
        }
        const next = await rest.next();
        f = next.done ? undefined : next.value;
      }
      stream.end(copyTrailer());
      await done;
    } catch (e) {
      stream.destroy(e as Error);
      const serverError = await done.then(
        () => undefined,
        (x: unknown) => x,
      );
      // The server's own refusal says where (COPY line and column); a write that failed because of it says less.
      const cause = copyErrorPosition(serverError) ? serverError : e;
      const at = copyErrorPosition(cause);
      if (!at || isRetailKitError(e)) throw e;
      const row = rowOfLine(at.line);
      const err = cause as { code?: string; message?: string };
      throw connectorError(
        'LOAD_REJECTED',
        `${FN}: the database refused table ${table}, row ${row ?? '?'}${at.column ? `, column ${at.column}` : ''}: ${redact(err.message ?? String(cause), secrets)}. Fix or quarantine that row (nothing of this load was committed).`,
        {
          details: { table, row: row ?? null, column: at.column ?? null, sqlstate: err.code ?? null },
          cause,
        },
      );
    }
    return { received, loaded, copied: stream.rowCount ?? Number.NaN, repairs: enc.repairs };
  }

  /** One load inside the caller's transaction (no BEGIN/COMMIT here). */
  async function loadIn(c: pg.PoolClient, p: LoadPlan, data: Frame | AsyncIterable<Frame>): Promise<LoadResult> {
    const { table, disposition, pk, inc, pipeline } = p;
    const qTable = `${qSchema}.${quoteIdent(table, FN, 'table')}`;
    const batches = new ReadAhead(asBatches(data));
    try {
      const firstNext = await batches.next();
      const first: Frame | undefined = firstNext.done ? undefined : firstNext.value;
      const schema = loadSchema(FN, p, first);
      const names = schema ? Object.keys(schema) : [];
      const check = (f: Frame) => checkBatch(FN, schema as TableSchema, f);

      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS ${qSchema}`);
        if (inc) await ensureStateTable(c);
        const prev = inc ? await readState(c, pipeline, true) : undefined;
        const tracker = trackerFor(FN, p, prev);
        const existing = await tableColumns(c, table);
        checkTableColumns(FN, p, existing, schema);
        const colDefs = names.map((n) => `${quoteIdent(n, FN, 'column')} ${pgType(schema![n])}`);
        const pkList = pk.map((k) => quoteIdent(k, FN)).join(', ');
        let counts: { received: number; loaded: number; copied: number; repairs?: TextRepairs } = {
          received: 0,
          loaded: 0,
          copied: 0,
        };
        let inserted: number | undefined;
        let updated: number | undefined;
        const stream = async (target: string) => {
          if (!first || names.length === 0) return;
          counts = await copyInto(c, target, names, first, batches, tracker, check, table);
        };

        if (disposition === 'append') {
          if (!existing && schema) await c.query(`CREATE TABLE ${qTable} (${colDefs.join(', ')})`);
          await stream(qTable);
        } else if (disposition === 'replace') {
          if (schema) {
            const stage = quoteIdent(`${table.slice(0, 40)}__rk_new`, FN);
            const qStage = `${qSchema}.${stage}`;
            await c.query(`DROP TABLE IF EXISTS ${qStage}`);
            await c.query(`CREATE TABLE ${qStage} (${colDefs.join(', ')})`);
            await stream(qStage);
            await c.query(`DROP TABLE IF EXISTS ${qTable}`);
            await c.query(`ALTER TABLE ${qStage} RENAME TO ${quoteIdent(table, FN)}`);
            if (pk.length) await c.query(`ALTER TABLE ${qTable} ADD PRIMARY KEY (${pkList})`);
          }
        } else if (schema) {
          // merge (without a schema there is nothing to merge)
          if (!existing) await c.query(`CREATE TABLE ${qTable} (${colDefs.join(', ')}, PRIMARY KEY (${pkList}))`);
          else
            await c.query(
              `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${table.slice(0, 40)}__rk_pk`, FN)} ON ${qTable} (${pkList})`,
            );
          const stage = quoteIdent(`rk_stage_${randomBytes(6).toString('hex')}`, FN);
          await c.query(`CREATE TEMP TABLE ${stage} (${colDefs.join(', ')}, _rk_seq bigserial) ON COMMIT DROP`);
          await stream(stage);
          const colList = names.map((n) => quoteIdent(n, FN)).join(', ');
          const nonKey = names.filter((n) => !pk.includes(n));
          const action = nonKey.length
            ? `DO UPDATE SET ${nonKey.map((n) => `${quoteIdent(n, FN)} = EXCLUDED.${quoteIdent(n, FN)}`).join(', ')}`
            : 'DO NOTHING';
          const r = await c.query(
            `WITH up AS (INSERT INTO ${qTable} (${colList}) SELECT DISTINCT ON (${pkList}) ${colList} FROM ${stage} ORDER BY ${pkList}, _rk_seq DESC ON CONFLICT (${pkList}) ${action} RETURNING (xmax = 0) AS ins) SELECT count(*) FILTER (WHERE ins) AS i, count(*) FILTER (WHERE NOT ins) AS u FROM up`,
          );
          inserted = Number(r.rows[0].i);
          updated = Number(r.rows[0].u);
        }

        // statistics for the planner in the same transaction: a query right after a bulk load is otherwise planned
        // blind (autovacuum analyzes later) — a grouped count over 5.4 M fresh lines ran for minutes, 8 s after ANALYZE
        if (schema && counts.loaded > 0) await c.query(`ANALYZE ${qTable}`);
        const state = tracker ? stateAfter(tracker, prev, p) : undefined;
        if (state) {
          await c.query(
            `INSERT INTO ${qState} (pipeline, table_name, cursor_column, cursor, keys_at_cursor, rows_loaded, updated_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, now()) ON CONFLICT (pipeline) DO UPDATE SET table_name = EXCLUDED.table_name, cursor_column = EXCLUDED.cursor_column, cursor = EXCLUDED.cursor, keys_at_cursor = EXCLUDED.keys_at_cursor, rows_loaded = EXCLUDED.rows_loaded, updated_at = now()`,
            [pipeline, table, state.cursorColumn, state.cursor, JSON.stringify(state.keysAtCursor), state.rowsLoaded],
          );
        }
        // After a replace the table holds exactly what this COPY wrote (the server's own count): no scan needed.
        // Otherwise the table exists when it existed before or this load created it (there was a schema).
        const rowsInTable =
          disposition === 'replace' && schema
            ? counts.copied
            : existing || schema
              ? Number((await c.query(`SELECT count(*) AS n FROM ${qTable}`)).rows[0].n)
              : 0;
        return loadResult(p, { ...counts, inserted, updated, rowsInTable }, state, counts.repairs);
      } catch (e) {
        if (isRetailKitError(e)) throw e;
        return fail(`${FN} (table ${table})`, e, table);
      }
    } finally {
      batches.close();
    }
  }

  const warehouse: Warehouse = {
    kind: 'postgres',
    capabilities: { dispositions: DISPOSITIONS, transactionalState: true, streaming: true, loadsFromLake: false },

    async load(table, data, loadOptions: LoadOptions = {}): Promise<LoadResult> {
      const prepared = planLoad(FN, table, loadOptions);
      return withClient(FN, async (c) => {
        await c.query('BEGIN');
        try {
          const r = await loadIn(c, prepared, data);
          await c.query('COMMIT');
          return r;
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      });
    },

    async loadMany(loads) {
      const prepared = loads.map((l) => planLoad(FN, l.table, l.options ?? {}));
      return withClient(FN, async (c) => {
        await c.query('BEGIN');
        try {
          const out: LoadResult[] = [];
          for (const [i, l] of loads.entries()) out.push(await loadIn(c, prepared[i], l.data));
          await c.query('COMMIT');
          return out;
        } catch (e) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      });
    },

    query(sql, params = []) {
      return withClient('postgresWarehouse.query', async (c) => {
        const r = await c.query({ text: sql, values: params as unknown[], types });
        return r.rows;
      });
    },

    rowCount(table) {
      const qTable = `${qSchema}.${quoteIdent(table, 'postgresWarehouse.rowCount', 'table')}`;
      return withClient('postgresWarehouse.rowCount', async (c) => {
        const r = await c.query('SELECT to_regclass($1) AS t', [`${qTable}`]);
        if (r.rows[0].t === null) return 0;
        return Number((await c.query(`SELECT count(*) AS n FROM ${qTable}`)).rows[0].n);
      });
    },

    loadState(pipeline) {
      return withClient('postgresWarehouse.loadState', async (c) => {
        const r = await c.query('SELECT to_regclass($1) AS t', [qState]);
        if (r.rows[0].t === null) return undefined;
        return readState(c, pipeline, false);
      });
    },

    async close() {
      await pool.end();
    },
  };
  return warehouse;
}

function passwordOf(connectionString: string): string | undefined {
  try {
    const u = new URL(connectionString);
    return u.password ? decodeURIComponent(u.password) : undefined;
  } catch {
    return undefined;
  }
}
