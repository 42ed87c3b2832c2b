import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_POSTGRES_ERROR_CODES } from '../src/errors.js';
import { canTraverse, isRoot, userIds } from '../src/internal/permissions.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/start-embedded-postgres.js';
import { scalar } from './helpers/scalar.js';

describe('startEmbeddedPostgres', () => {
  // One server with the defaults (temporary data folder, free port) for the first tests; the others start their
  // own on purpose (other options).
  let s: EmbeddedPostgres;
  beforeAll(async () => {
    s = await startEmbeddedPostgres();
  });
  afterAll(() => s?.stop());

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

  // Starts its own servers on purpose: throw-away clusters are copies of one template cluster.
  it('starts throw-away clusters as independent copies of one template made by initdb once', async () => {
    const [a, b] = await Promise.all([startEmbeddedPostgres(), startEmbeddedPostgres()]);
    try {
      await scalar(a.connectionString, 'create table only_in_a as select 1 as v');
      expect(
        await scalar(b.connectionString, "select count(*)::int from pg_tables where tablename = 'only_in_a'"),
      ).toBe(0);
      expect(await scalar(b.connectionString, 'select 40 + 2 as v')).toBe(42);
      const base = dirname(dirname(a.dataDir));
      const templates = (await readdir(base)).filter((n) => /^retailkit-pgtemplate-[0-9a-f]{16}$/.test(n));
      expect(templates.length).toBeGreaterThan(0);
      // the template is private to the server's user, like a data folder
      for (const t of templates) expect(statSync(join(base, t)).mode & 0o077).toBe(0);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  // Starts its own servers on purpose: persistence across a stop and a start of the same data folder.
  it('keeps a given data folder between starts (same password, same tables) until stop({ removeData })', async () => {
    const holder = await mkdtemp(join(tmpdir(), 'retailkit-pgtest-'));
    await chmod(holder, 0o755);
    const dataDir = join(holder, 'pgdata');
    try {
      const a = await startEmbeddedPostgres({ dataDir, durability: 'none' });
      await scalar(a.connectionString, 'create table kept as select 7 as v');
      await a.stop();
      expect(existsSync(join(a.dataDir, 'PG_VERSION'))).toBe(true);
      const b = await startEmbeddedPostgres({ dataDir, durability: 'none' });
      expect(await scalar(b.connectionString, 'select v from kept')).toBe(7);
      expect(b.dataDir).toBe(dataDir);
      // Asked for explicitly, the data goes.
      await b.stop({ removeData: true });
      expect(existsSync(dataDir)).toBe(false);
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
          await s.stop({ removeData: true });
          expect(existsSync(dirname(s.dataDir))).toBe(false);
        }
      } finally {
        await rm(secret, { recursive: true, force: true });
        for (const name of await readdir(tmpdir()))
          if (name.startsWith('retailkit-embedded-postgres-custom-'))
            await rm(join(tmpdir(), name), { recursive: true, force: true });
      }
    },
  );

  // Starts its own server on purpose: stopping it is under test.
  it('stop() shuts the server down and deletes its temporary data folder; calling it again is harmless', async () => {
    const own = await startEmbeddedPostgres();
    expect(existsSync(join(own.dataDir, 'PG_VERSION'))).toBe(true);
    await own.stop();
    await own.stop();
    expect(existsSync(dirname(own.dataDir))).toBe(false);
    // The server is gone: its port refuses connections.
    const probe = new pg.Client({ host: '127.0.0.1', port: own.port, user: 'postgres', password: 'x' });
    await expect(probe.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a data folder holding a cluster it did not create, with PG_START_FAILED', async () => {
    const holder = await mkdtemp(join(tmpdir(), 'retailkit-pgtest-'));
    await chmod(holder, 0o755); // reachable by the postgres user (as root), so the folder is used where it is
    try {
      const dataDir = join(holder, 'foreign');
      await mkdir(dataDir, { recursive: true });
      await writeFile(join(dataDir, 'PG_VERSION'), '18\n');
      const err = await startEmbeddedPostgres({ dataDir }).then(
        (started) => started.stop().then(() => started),
        (e) => e,
      );
      expect(err).toMatchObject({ code: EMBEDDED_POSTGRES_ERROR_CODES.startFailed, retryable: false });
      expect(err.message).toContain('was not created by startEmbeddedPostgres');
    } finally {
      await rm(holder, { recursive: true, force: true });
    }
  });

  it('rejects a bad port or data folder with INVALID_ARGUMENT', async () => {
    await expect(startEmbeddedPostgres({ port: 70000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(startEmbeddedPostgres({ dataDir: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
