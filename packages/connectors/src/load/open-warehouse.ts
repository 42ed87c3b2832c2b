import { join } from 'node:path';
import { connectorError, redact } from '../errors.js';
import { type EmbeddedPostgresOptions, startEmbeddedPostgres } from '../postgres/start-embedded-postgres.js';
import { postgresWarehouse } from '../warehouse/postgres-warehouse.js';
import type { Warehouse } from '../warehouse/types.js';

/** Options of {@link openWarehouse}. */
export interface OpenWarehouseOptions {
  /** For `embedded`: where the server keeps its data (persistent). Default: a temporary folder. */
  dataDir?: string;
  /** More options for `embedded` (port, durability, onLog). */
  embedded?: Omit<EmbeddedPostgresOptions, 'dataDir'>;
  /** For PostgreSQL: the target schema. Default `public`. */
  schema?: string;
  /** For BigQuery: client options merged in (apiEndpoint, authClient, location…). */
  bigquery?: Record<string, unknown>;
}

/** A warehouse with a redacted description of where it is. `close()` also stops an embedded server. */
export type OpenedWarehouse = Warehouse & { readonly location: string };

/**
 * Open a warehouse from a URI: `embedded` (PostgreSQL started from npm, see `startEmbeddedPostgres`),
 * `postgres://user:pass@host:port/db` (or `postgresql://`), or `bigquery:project.dataset`. Drivers load lazily.
 *
 * @throws RetailKitError `WAREHOUSE_URI` for anything else; the password never appears in it.
 * @example
 * const wh = await openWarehouse('embedded', { dataDir: 'out/pgdata' });
 * await wh.load('transactions', frame, { disposition: 'replace' });
 * await wh.close(); // stops the embedded server too
 */
export async function openWarehouse(uri: string, options: OpenWarehouseOptions = {}): Promise<OpenedWarehouse> {
  if (uri === 'embedded') {
    const server = await startEmbeddedPostgres({
      ...(options.embedded ?? {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
    try {
      const wh = await postgresWarehouse({ connectionString: server.connectionString, schema: options.schema });
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
  if (/^postgres(ql)?:\/\//.test(uri)) {
    const wh = await postgresWarehouse({ connectionString: uri, schema: options.schema });
    return { ...wh, location: redact(uri) };
  }
  const bq = /^bigquery:([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z_][A-Za-z0-9_]{0,1023})$/.exec(uri);
  if (bq) {
    const { bigQueryWarehouse } = await import('../warehouse/bigquery-warehouse.js');
    const wh = await bigQueryWarehouse({ projectId: bq[1], dataset: bq[2], clientOptions: options.bigquery });
    return { ...wh, location: `BigQuery ${bq[1]}.${bq[2]}` };
  }
  throw connectorError(
    'WAREHOUSE_URI',
    `openWarehouse: ${JSON.stringify(redact(uri))} is not a warehouse URI; use embedded, postgres://user:password@host:port/db or bigquery:project.dataset.`,
    { details: { uri: redact(uri) } },
  );
}

/** Default data folder of the embedded warehouse under an output folder. */
export function embeddedDataDir(outDir: string): string {
  return join(outDir, 'pgdata');
}
