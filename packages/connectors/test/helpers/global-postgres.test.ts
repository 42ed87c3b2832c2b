import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { POSTGRES_TEST_FOLDERS, runNeedsPostgres } from './global-postgres.js';
import { createTestDatabase, type PostgresServerInfo, runServer } from './postgres.js';

async function scalar(connectionString: string, sql: string): Promise<unknown> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    const r = await c.query(sql);
    return Object.values(r.rows[0] ?? {})[0];
  } finally {
    await c.end();
  }
}

// The tests' PostgreSQL: one embedded server per `vitest run` (vitest.global-setup.ts → global-postgres.ts), a
// database of its own per file (postgres.ts).
describe('the run-wide test PostgreSQL', () => {
  let s: PostgresServerInfo;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ server: s, stop } = await runServer());
  });
  afterAll(() => stop?.());

  it('the run-wide server comes from the global setup; each file gets a database of its own on it', async () => {
    // This file is under packages/connectors/test/, so vitest.global-setup.ts started a server for the run.
    expect(inject('retailkitPostgres')).toEqual(s);
    const a = await createTestDatabase('isolation_a');
    const b = await createTestDatabase('isolation_b');
    try {
      expect(a.name).not.toBe(b.name);
      expect(a.connectionString).toContain(`127.0.0.1:${s.port}/${a.name}`);
      await scalar(a.connectionString, 'create table only_in_a as select 1 as v');
      expect(await scalar(a.connectionString, 'select current_database()')).toBe(a.name);
      expect(await scalar(b.connectionString, "select to_regclass('only_in_a') is null")).toBe(true);
    } finally {
      await a.drop();
      await b.drop();
    }
    const left = await scalar(
      s.connectionString,
      `select count(*)::int from pg_database where datname in ('${a.name}', '${b.name}')`,
    );
    expect(left).toBe(0);
  });

  it('the global setup starts PostgreSQL only when the selected files include a folder that uses it', async () => {
    const root = '/repo';
    const files = [`${root}/packages/core/test/frame.test.ts`, `${root}/packages/connectors/test/csv/read-csv.test.ts`];
    const seen: (string[] | undefined)[] = [];
    // Stand-in for Vitest's TestProject: the CLI filters as Vitest records them, and its glob over them.
    const project = (filters: string[] | undefined) =>
      ({
        vitest: { filenamePattern: filters },
        config: { root },
        globTestFiles: async (f?: string[]) => {
          seen.push(f);
          return { testFiles: files.filter((x) => !f || f.some((p) => x.includes(p))), typecheckTestFiles: [] };
        },
      }) as unknown as TestProject;
    expect(await runNeedsPostgres(project(['packages/core']))).toBe(false);
    expect(await runNeedsPostgres(project(['packages/connectors']))).toBe(true);
    expect(await runNeedsPostgres(project(['read-csv']))).toBe(true);
    expect(await runNeedsPostgres(project(undefined))).toBe(true);
    expect(seen).toEqual([['packages/core'], ['packages/connectors'], ['read-csv'], undefined]);
    expect(POSTGRES_TEST_FOLDERS).toContain('packages/connectors/test/');
  });
});
