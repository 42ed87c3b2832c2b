import { openSqlEngine, type SqlEngine } from '@retailkit/connectors';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';

/** Whether the optional DuckDB peer is installed (its tests are skipped when it is not). */
export const HAS_DUCKDB = (await import('@duckdb/node-api').catch(() => undefined)) !== undefined;

/** An SQL engine the warehouse tests run on, opened fresh for each suite, and how to stop it. */
export interface EngineUnderTest {
  readonly name: string;
  readonly available: boolean;
  open(): Promise<{ engine: SqlEngine; stop: () => Promise<void> }>;
}

/** DuckDB in memory (when installed) and a real PostgreSQL from `@retailkit/embedded-postgres`. */
export const SQL_ENGINES: readonly EngineUnderTest[] = [
  {
    name: 'duckdb',
    available: HAS_DUCKDB,
    open: async () => ({ engine: await openSqlEngine('duckdb::memory:'), stop: async () => undefined }),
  },
  {
    name: 'postgres',
    available: true,
    open: async () => {
      const server = await startEmbeddedPostgres();
      return { engine: await openSqlEngine(server.connectionString), stop: () => server.stop() };
    },
  },
];
