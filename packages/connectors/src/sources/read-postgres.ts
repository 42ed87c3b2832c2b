import type { ColumnType, Frame } from '@retailkit/core';
import { concat, invalidArgument } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { loadDrivers } from '../internal/drivers.js';
import { decodeCopyBinary } from '../internal/pg-binary.js';
import { quoteIdent } from '../internal/sql.js';

/** Options of {@link readPostgresBatches} and {@link readPostgres}. */
export interface ReadPostgresOptions {
  connectionString: string;
  /** A table to read (allow-listed identifier), or… */
  table?: string;
  /** Schema of `table`. Default `public`. */
  schema?: string;
  /** …a SELECT query: trusted SQL written by the caller (COPY takes no parameters; never splice user input in). */
  query?: string;
  /** Rows per Frame batch. Default 65,536. */
  batchSize?: number;
}

/** PostgreSQL type OIDs and the Frame type they become. */
const OID_TYPE: Record<number, ColumnType> = {
  16: 'boolean',
  20: 'number',
  21: 'number',
  23: 'number',
  700: 'number',
  701: 'number',
  1700: 'number',
  1114: 'timestamp',
  1184: 'timestamp',
  1082: 'timestamp',
};

function castFor(oid: number, q: string): string {
  switch (OID_TYPE[oid]) {
    case 'boolean':
      return `${q}::boolean`;
    case 'number':
      return `${q}::float8`;
    case 'timestamp':
      // timestamptz becomes UTC wall-clock; dates become midnight.
      return oid === 1184 ? `(${q} AT TIME ZONE 'UTC')` : `${q}::timestamp`;
    default:
      return `${q}::text`;
  }
}

/**
 * Stream a PostgreSQL table or query into Frame batches with binary `COPY (SELECT …) TO STDOUT`, in bounded
 * memory (one batch plus one network chunk). Types: integers, numeric and floats → number; timestamp → timestamp
 * (naive wall-clock as epoch ms); timestamptz → its UTC wall-clock; date → midnight; boolean; everything else → text
 * as dictionary-encoded strings (dictionaries grow across batches: each batch carries a snapshot).
 *
 * @throws RetailKitError `SQL_IDENTIFIER`, `INVALID_ARGUMENT`, `PG_QUERY_FAILED`, `CONNECTOR_DRIVER_MISSING`
 *   without `pg` and `pg-copy-streams` (optional peers: `npm install pg pg-copy-streams`).
 * @example
 * for await (const batch of readPostgresBatches({ connectionString, table: 'transactions' })) total += batch.length;
 */
export function readPostgresBatches(options: ReadPostgresOptions): AsyncGenerator<Frame> {
  return readBatches(options, 'readPostgresBatches');
}

async function* readBatches(options: ReadPostgresOptions, fn: string): AsyncGenerator<Frame> {
  if (typeof options?.connectionString !== 'string')
    throw invalidArgument(fn, 'connectionString', options?.connectionString, 'a postgres:// URL');
  if ((options.table === undefined) === (options.query === undefined))
    throw invalidArgument(
      fn,
      'table/query',
      { table: options.table, query: options.query },
      'exactly one of table or query',
    );
  const batchSize = options.batchSize ?? 65_536;
  if (!(Number.isInteger(batchSize) && batchSize > 0))
    throw invalidArgument(fn, 'batchSize', batchSize, 'a positive integer');
  const source =
    options.table !== undefined
      ? `SELECT * FROM ${quoteIdent(options.schema ?? 'public', fn, 'schema')}.${quoteIdent(options.table, fn, 'table')}`
      : options.query!.trim().replace(/;+\s*$/, '');
  const [{ default: pgMod }, copyStreams] = await loadDrivers(fn, ['pg', 'pg-copy-streams']);
  let password: string | undefined;
  try {
    password = decodeURIComponent(new URL(options.connectionString).password) || undefined;
  } catch {
    password = undefined;
  }
  const client = new pgMod.Client({ connectionString: options.connectionString });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const described = await client.query(`SELECT * FROM (${source}) AS rk_src LIMIT 0`);
    const names = described.fields.map((f) => f.name);
    const types = described.fields.map((f) => OID_TYPE[f.dataTypeID] ?? 'string');
    const select = described.fields
      .map((f, i) => castFor(f.dataTypeID, `rk_src.${client.escapeIdentifier(names[i])}`))
      .join(', ');
    const stream = client.query(
      copyStreams.to(`COPY (SELECT ${select || 'NULL'} FROM (${source}) AS rk_src) TO STDOUT (FORMAT binary)`),
    );
    yield* decodeCopyBinary(stream as AsyncIterable<Buffer>, names, types, batchSize);
  } catch (e) {
    if ((e as Error).name === 'RetailKitError') throw e;
    throw connectorError('PG_QUERY_FAILED', `${fn}: ${redact((e as Error).message ?? String(e), [password])}`, {
      details: { sqlstate: (e as { code?: string }).code ?? null },
      retryable: !(e as { code?: string }).code || /^(08|57P|EC)/.test((e as { code?: string }).code ?? ''),
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Read a whole PostgreSQL table or query into one Frame (see {@link readPostgresBatches}).
 *
 * @throws RetailKitError as {@link readPostgresBatches}, naming `readPostgres`.
 * @example
 * const f = await readPostgres({ connectionString, query: 'select 1 as a' }); // f.length === 1
 */
export async function readPostgres(options: ReadPostgresOptions): Promise<Frame> {
  const parts: Frame[] = [];
  for await (const b of readBatches(options, 'readPostgres')) parts.push(b);
  return parts.length === 1 ? parts[0] : concat(parts);
}
