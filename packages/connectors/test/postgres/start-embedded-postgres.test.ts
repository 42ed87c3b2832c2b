import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { canTraverse, isRoot, userIds } from '../../src/internal/permissions.js';
import { startEmbeddedPostgres } from '../../src/postgres/start-embedded-postgres.js';
import { POSTGRES_TEST_FOLDERS, runNeedsPostgres } from '../helpers/global-postgres.js';
import { createTestDatabase, type PostgresServerInfo, runServer } from '../helpers/postgres.js';

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

describe('startEmbeddedPostgres', () => {
  // The first two tests check the run-wide server, which vitest.global-setup.ts started with
  // startEmbeddedPostgres() defaults (the tests below start their own on purpose: other options).
  let s: PostgresServerInfo;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ server: s, stop } = await runServer());
  });
  afterAll(() => stop?.());

  it('serves SQL on a loopback port with password authentication', async () => {
    expect(s.host).toBe('127.0.0.1');
    expect(s.connectionString).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(await scalar(s.connectionString, 'select 40 + 2 as v')).toBe(42);
    expect(await scalar(s.connectionString, "select current_setting('listen_addresses')")).toBe('127.0.0.1');
    // A wrong password is refused: authentication is on.
    const bad = s.connectionString.replace(/:[^:@]+@/, ':wrong@');
    await expect(scalar(bad, 'select 1')).rejects.toThrow(/password authentication failed/);
  });

  it.skipIf(!isRoot())('runs the server as the postgres user when started as root', async () => {
    const ids = await userIds('postgres');
    expect(ids).toBeDefined();
    expect(statSync(s.dataDir).uid).toBe(ids!.uid);
    expect(await scalar(s.connectionString, 'select current_user')).toBe('postgres');
  });

  // Starts its own servers on purpose: persistence across a stop and a start of the same data folder.
  it('keeps a given data folder between starts (same password, same tables)', async () => {
    const holder = await mkdtemp(join(tmpdir(), 'retailkit-pgtest-'));
    await chmod(holder, 0o755);
    const dataDir = join(holder, 'pgdata');
    try {
      const a = await startEmbeddedPostgres({ dataDir, durability: 'none' });
      await scalar(a.connectionString, 'create table kept as select 7 as v');
      await a.stop();
      const b = await startEmbeddedPostgres({ dataDir, durability: 'none' });
      expect(await scalar(b.connectionString, 'select v from kept')).toBe(7);
      await b.stop();
      expect(b.dataDir).toBe(dataDir);
      expect(existsSync(join(b.dataDir, 'PG_VERSION'))).toBe(true);
    } finally {
      await rm(holder, { recursive: true, force: true });
    }
  });

  // Starts its own server on purpose: the start-up itself (binaries and data inside a 0700 folder) is under test.
  it.skipIf(!isRoot())(
    'starts from binaries and a data folder inside a folder only root can traverse (mktemp -d clone)',
    async () => {
      // Stand-in for a CI clone under `mktemp -d`: the platform binaries sit in a 0700 root-owned folder.
      const require = createRequire(import.meta.url);
      const pkgEntry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
      const nativeDir = resolve(dirname(pkgEntry), '..', 'native');
      const secret = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
      try {
        const ids = (await userIds('postgres'))!;
        expect(statSync(secret).mode & 0o777).toBe(0o700);
        expect(canTraverse(secret, ids.uid, ids.gid)).toBe(false);
        const binariesDir = join(secret, 'repo', 'node_modules', 'native');
        // Hard links (cp -al): the files sit physically inside the 0700 folder without copying 60 MB.
        await mkdir(dirname(binariesDir), { recursive: true });
        execFileSync('cp', ['-al', nativeDir, binariesDir]);
        const dataDir = join(secret, 'repo', 'out', 'pgdata');
        const s = await startEmbeddedPostgres({ binariesDir, dataDir, durability: 'none' });
        try {
          expect(await scalar(s.connectionString, 'select 1 as v')).toBe(1);
          // The data went to a folder the postgres user can reach, derived from the path asked for.
          expect(s.dataDir.startsWith(secret)).toBe(false);
          expect(canTraverse(s.dataDir, ids.uid, ids.gid)).toBe(true);
        } finally {
          await s.stop();
          await rm(dirname(s.dataDir), { recursive: true, force: true });
        }
      } finally {
        await rm(secret, { recursive: true, force: true });
        for (const name of await readdir(tmpdir()))
          if (name.startsWith('retailkit-embedded-postgres-custom-'))
            await rm(join(tmpdir(), name), { recursive: true, force: true });
      }
    },
  );

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

  it('rejects a bad port with INVALID_ARGUMENT', async () => {
    await expect(startEmbeddedPostgres({ port: 70000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
