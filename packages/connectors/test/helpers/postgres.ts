import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import pg from 'pg';
import { inject } from 'vitest';

/** Connection facts of an embedded PostgreSQL server (plain data: it crosses from globalSetup to the test forks). */
export interface PostgresServerInfo {
  /** Superuser connection to the `postgres` database; holds the password. */
  connectionString: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  dataDir: string;
}

declare module 'vitest' {
  interface ProvidedContext {
    /**
     * The embedded PostgreSQL that `vitest.global-setup.ts` starts once per run (see `global-postgres.ts`), or
     * `null` when none of the selected test files needs it.
     */
    retailkitPostgres: PostgresServerInfo | null;
  }
}

/** A database of its own on the run-wide server: files stay isolated while they run in parallel forks. */
export interface TestDatabase {
  /** Superuser connection to this file's database. */
  connectionString: string;
  /** The server it lives on. */
  server: PostgresServerInfo;
  /** The database name (`rk_<label>_<random>`). */
  name: string;
  /** Drop the database (closing any connection left open); stops the server too when this file had to start one. */
  drop(): Promise<void>;
}

function withDatabase(connectionString: string, database: string): string {
  const u = new URL(connectionString);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(connectionString: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await body(c);
  } finally {
    await c.end();
  }
}

/**
 * The run-wide server provided by the global setup. When the run did not start one (a watch-mode re-run that
 * selected this file later, or a run without the global setup), this file starts its own server instead, which
 * `stop` (returned alongside) shuts down.
 */
export async function runServer(): Promise<{ server: PostgresServerInfo; stop: () => Promise<void> }> {
  const provided = inject('retailkitPostgres');
  if (provided) return { server: provided, stop: async () => undefined };
  const own = await startEmbeddedPostgres();
  const { stop, ...server } = own;
  return { server, stop };
}

/**
 * Create a database with a unique name on the run-wide embedded PostgreSQL (CREATE DATABASE from template1,
 * ~0.1 s instead of ~1-2 s for starting a server). Call in `beforeAll`, `drop()` in `afterAll`.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const { server, stop } = await runServer();
  const name = `rk_${label
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`;
  await admin(server.connectionString, (c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped: Promise<void> | undefined;
  return {
    connectionString: withDatabase(server.connectionString, name),
    server,
    name,
    drop() {
      dropped ??= (async () => {
        await admin(server.connectionString, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
        await stop();
      })();
      return dropped;
    },
  };
}
