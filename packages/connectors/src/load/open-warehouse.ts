import type { SqlEngine } from '../engine/open-sql-engine.js';
import { connectorError, redact } from '../errors.js';
import { bigQueryWarehouse } from '../warehouse/bigquery-warehouse.js';
import { duckdbWarehouse } from '../warehouse/duckdb-warehouse.js';
import { postgresWarehouse } from '../warehouse/postgres-warehouse.js';
import type { Warehouse } from '../warehouse/types.js';

/** Options of {@link openWarehouse}. */
export interface OpenWarehouseOptions {
  /** For PostgreSQL: the target schema. Default `public`. */
  schema?: string;
  /** For BigQuery: more `BigQueryOptions` for the client (`apiEndpoint`, `authClient`, `keyFilename`…). */
  bigquery?: object;
}

/** A warehouse with a description of where it is (passwords redacted), for logs and reports. */
export type OpenedWarehouse = Warehouse & { readonly location: string };

/**
 * Open a warehouse from a URI: `postgres://user:pass@host:port/db` (or `postgresql://`; needs the optional
 * peers `pg` and `pg-copy-streams`), `bigquery:project.dataset` (needs `@google-cloud/bigquery`) or
 * `duckdb:<file>` / `duckdb::memory:` (needs `@duckdb/node-api`), or an open DuckDB engine from `openSqlEngine`
 * (loaded on a connection of its own to the engine's database; `close()` leaves the engine open). Drivers are
 * imported on first use. For a PostgreSQL without set-up, start one with `@retailkit/embedded-postgres` and pass
 * its `connectionString`.
 *
 * @throws RetailKitError `WAREHOUSE_URI` for anything else (the password never appears in it),
 *   `CONNECTOR_DRIVER_MISSING` when the driver is not installed, and the warehouse's own errors.
 * @example
 * const wh = await openWarehouse('postgres://app:secret@127.0.0.1:5432/shop');
 * wh.location // 'postgres://app:***@127.0.0.1:5432/shop'
 * await wh.load('transactions', frame, { disposition: 'replace' });
 * await wh.close();
 */
export async function openWarehouse(
  uri: string | SqlEngine,
  options: OpenWarehouseOptions = {},
): Promise<OpenedWarehouse> {
  if (typeof uri === 'object' && uri !== null && uri.dialect === 'duckdb')
    return { ...(await duckdbWarehouse(uri)), location: uri.location };
  if (typeof uri === 'object' && uri !== null)
    throw connectorError(
      'WAREHOUSE_URI',
      `openWarehouse: an open engine is taken for DuckDB only (its database has one writer process), not ${uri.dialect} (${uri.location}); pass its URI instead.`,
      { details: { uri: uri.location } },
    );
  if (/^postgres(ql)?:\/\//.test(uri)) {
    const wh = await postgresWarehouse({ connectionString: uri, schema: options.schema });
    return { ...wh, location: redact(uri) };
  }
  if (uri.startsWith('duckdb:') && uri.length > 'duckdb:'.length) {
    const path = uri.slice('duckdb:'.length);
    return { ...(await duckdbWarehouse(path)), location: `duckdb:${path}` };
  }
  const bq = /^bigquery:([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z_][A-Za-z0-9_]{0,1023})$/.exec(uri);
  if (bq) {
    const wh = await bigQueryWarehouse({ projectId: bq[1], dataset: bq[2], clientOptions: options.bigquery });
    return { ...wh, location: `BigQuery ${bq[1]}.${bq[2]}` };
  }
  throw connectorError(
    'WAREHOUSE_URI',
    `openWarehouse: ${JSON.stringify(redact(String(uri)))} is not a warehouse URI; use postgres://user:password@host:port/db, bigquery:project.dataset or duckdb:<file> (for a local PostgreSQL, start one with @retailkit/embedded-postgres).`,
    { details: { uri: redact(String(uri)) } },
  );
}
