import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTraverse, isRoot, userIds } from '../src/internal/permissions.js';
import {
  HOLDER_MARKER,
  type HolderMarker,
  LOCATION_FILE,
  processAlive,
  relocatedHolder,
  sweepHolders,
} from '../src/internal/pgdata-holders.js';
import { startEmbeddedPostgres } from '../src/start-embedded-postgres.js';
import { scalar } from './helpers/scalar.js';

// Data folders under the temp folder ("holders", src/internal/pgdata-holders.ts). TMPDIR points at a folder of
// this file's own, so the sweeps under test see only the holders made here (and the binaries cache, when root,
// is hard-linked into it and deleted with it).
describe('data folders under the temp folder are deleted once nobody can use them', () => {
  let base: string;
  const savedTmp = process.env.TMPDIR;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'retailkit-sweeptest-'));
    await chmod(base, 0o755);
    process.env.TMPDIR = base;
  });
  afterAll(async () => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    if (base) await rm(base, { recursive: true, force: true });
  });

  /** A pid that no process has: one that just exited. */
  const deadPid = () => spawnSync('true').pid;
  async function fakeHolder(name: string, marker: HolderMarker | undefined, postmasterPid?: number): Promise<string> {
    const holder = join(base, `retailkit-pgdata-${name}`);
    await mkdir(join(holder, 'data'), { recursive: true });
    await writeFile(join(holder, 'data', 'PG_VERSION'), '18\n');
    if (marker) await writeFile(join(holder, HOLDER_MARKER), JSON.stringify(marker));
    if (postmasterPid) await writeFile(join(holder, 'data', 'postmaster.pid'), `${postmasterPid}\n${holder}/data\n`);
    return holder;
  }

  // Starts two servers of its own on purpose: the sweep runs at start-up, and one holder must have a live server.
  it('a start deletes holders whose origin is gone or whose process exited, and keeps the rest', async () => {
    const host = hostname();
    await mkdir(join(base, 'out', 'warehouse'), { recursive: true });
    const gone = await fakeHolder(
      'originGone',
      { version: 1, kind: 'relocated', host, origin: join(base, 'deleted', 'warehouse') },
      deadPid(), // a server that crashed: its postmaster.pid stayed
    );
    const kept = await fakeHolder('originHere', {
      version: 1,
      kind: 'relocated',
      host,
      origin: join(base, 'out', 'warehouse'),
    });
    const deadTemp = await fakeHolder('deadTmp', { version: 1, kind: 'temporary', host, ownerPid: deadPid() });
    const liveTemp = await fakeHolder('liveTmp', { version: 1, kind: 'temporary', host, ownerPid: process.pid });
    const legacy = await fakeHolder('0123456789abcdef', undefined); // made by an earlier version: no marker
    const elsewhere = await fakeHolder('otherHost', {
      version: 1,
      kind: 'relocated',
      host: `not-${host}`,
      origin: join(base, 'deleted', 'x'),
    });
    const trash = `${join(base, 'retailkit-pgdata-half')}.removing-${deadPid()}`;
    await mkdir(join(trash, 'data'), { recursive: true });

    const logs: string[] = [];
    // Not relocated (its parent is traversable): a server of its own running inside a holder-shaped folder.
    const liveHolder = join(base, 'retailkit-pgdata-liveServer');
    const live = await startEmbeddedPostgres({
      dataDir: join(liveHolder, 'data'),
      durability: 'none',
      onLog: (l) => logs.push(l),
    });
    try {
      for (const p of [gone, deadTemp, trash]) expect(existsSync(p), p).toBe(false);
      for (const p of [kept, liveTemp, legacy, elsewhere]) expect(existsSync(p), p).toBe(true);
      const removals = logs.filter((l) => l.includes('removed'));
      expect(removals).toHaveLength(2);
      expect(removals).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`removed ${deadTemp} (temporary data of process`),
          expect.stringContaining(
            `removed ${gone} (data of ${join(base, 'deleted', 'warehouse')}, which no longer exists)`,
          ),
        ]),
      );

      // Its origin is gone too, but its server runs: kept by the next start.
      await writeFile(
        join(liveHolder, HOLDER_MARKER),
        JSON.stringify({ version: 1, kind: 'relocated', host, origin: join(base, 'deleted', 'y') }),
      );
      const pid = Number.parseInt(readFileSync(join(live.dataDir, 'postmaster.pid'), 'utf8'), 10);
      expect(processAlive(pid)).toBe(true);
      const temp = await startEmbeddedPostgres();
      expect(existsSync(liveHolder)).toBe(true);
      expect(await scalar(live.connectionString, 'select 1 as v')).toBe(1);
      // The mkdtemp branch marks its holder too, and stop() deletes it.
      expect(dirname(temp.dataDir).startsWith(join(base, 'retailkit-pgdata-'))).toBe(true);
      expect(JSON.parse(await readFile(join(dirname(temp.dataDir), HOLDER_MARKER), 'utf8'))).toMatchObject({
        kind: 'temporary',
        ownerPid: process.pid,
      });
      await temp.stop();
      expect(existsSync(dirname(temp.dataDir))).toBe(false);
    } finally {
      await live.stop();
    }
    // Server stopped, origin gone: now it goes.
    expect(await sweepHolders(base, () => undefined)).toEqual([liveHolder]);
    for (const p of [kept, liveTemp, legacy, elsewhere]) await rm(p, { recursive: true, force: true });
  });

  // Starts a server of its own in a child process on purpose: the process ends without calling stop().
  it('a forgotten stop(): the exit hook stops the server and deletes its temporary data folder', async () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = fileURLToPath(new URL('./fixtures/forget-stop.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, TMPDIR: base },
    });
    const { dataDir, pid } = JSON.parse(stdout);
    expect(dataDir.startsWith(join(base, 'retailkit-pgdata-'))).toBe(true);
    expect(existsSync(dirname(dataDir))).toBe(false);
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(processAlive(pid)).toBe(false);
  });

  // Starts its own servers on purpose: relocation, persistence through it, and deleting the data.
  it.skipIf(!isRoot())(
    'as root, data asked for under a 0700 folder is relocated, kept across starts, and lives as long as that folder',
    async () => {
      const ids = (await userIds('postgres'))!;
      const out = await mkdtemp(join(base, 'out-')); // like `--out $(mktemp -d)`: 0700, root's
      expect(canTraverse(out, ids.uid, ids.gid)).toBe(false);
      const asked = join(out, 'warehouse');
      const holder = relocatedHolder(base, asked);
      const logs: string[] = [];
      const a = await startEmbeddedPostgres({ dataDir: asked, durability: 'none', onLog: (l) => logs.push(l) });
      try {
        expect(a.dataDir).toBe(join(holder, 'data'));
        expect(logs).toContainEqual(expect.stringContaining(`data in ${a.dataDir} (the postgres user cannot reach`));
        // The folder asked for exists and says where the data is; the holder records where it came from.
        expect(JSON.parse(await readFile(join(asked, LOCATION_FILE), 'utf8'))).toMatchObject({ dataDir: a.dataDir });
        expect(JSON.parse(await readFile(join(holder, HOLDER_MARKER), 'utf8'))).toEqual({
          version: 1,
          kind: 'relocated',
          host: hostname(),
          origin: asked,
        });
        await scalar(a.connectionString, 'create table kept as select 7 as v');
      } finally {
        await a.stop();
      }
      const b = await startEmbeddedPostgres({ dataDir: asked, durability: 'none' });
      try {
        expect(b.dataDir).toBe(a.dataDir);
        expect(await scalar(b.connectionString, 'select v from kept')).toBe(7);
      } finally {
        await b.stop();
      }
      // The user deletes the output folder and runs again with the same path: a fresh, empty warehouse, as if the
      // data had been stored in that folder.
      await rm(out, { recursive: true, force: true });
      await mkdir(out, { mode: 0o700 });
      const c = await startEmbeddedPostgres({ dataDir: asked, durability: 'none' });
      try {
        expect(c.dataDir).toBe(a.dataDir);
        expect(await scalar(c.connectionString, "select to_regclass('kept') is null")).toBe(true);
      } finally {
        await c.stop({ removeData: true });
      }
      expect(existsSync(holder)).toBe(false);
      expect(existsSync(asked)).toBe(false);
      await rm(out, { recursive: true, force: true });
    },
  );
});
