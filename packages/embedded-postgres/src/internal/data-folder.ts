import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { canTraverse } from './permissions.js';
import {
  HOLDER_PREFIX,
  LOCATION_FILE,
  readHolderMarker,
  relocatedHolder,
  removeHolder,
  writeHolderMarker,
} from './pgdata-holders.js';
import { removeTemporaryHolder, trackTemporaryHolder } from './server-process.js';

/** Where a server keeps its cluster, and how to delete it. */
export interface DataFolder {
  /** The cluster folder (`PG_VERSION`, `postmaster.pid`, …). */
  dataDir: string;
  /** True for the throw-away folder of a start without `dataDir`. */
  temporary: boolean;
  /** Delete a temporary folder (now rather than at exit); no-op for a given one. */
  discardTemporary(): Promise<void>;
  /**
   * Delete the data for good: a given folder, or (relocated) the data under the temp folder, the pointer file,
   * and the folder asked for when that leaves it empty.
   */
  removeData(): Promise<void>;
}

const fn = 'startEmbeddedPostgres';

/**
 * The data folder of a start (see `EmbeddedPostgresOptions.dataDir`): a fresh temporary holder under `base`;
 * the folder asked for; or, when the server's user (`ids`, as root) cannot traverse its parents or it was
 * relocated before, a stable holder named after it under `base` (see pgdata-holders.ts), with a pointer file in
 * the folder asked for. Creates the folders with modes the server's user can use.
 */
export async function prepareDataFolder(
  requested: string | undefined,
  ids: { uid: number; gid: number } | undefined,
  base: string,
  user: string,
  log: (line: string) => void,
): Promise<DataFolder> {
  if (requested === undefined) {
    const holder = await mkdtemp(join(base, HOLDER_PREFIX));
    await chmod(holder, 0o755);
    await writeHolderMarker(holder, { version: 1, kind: 'temporary', host: hostname(), ownerPid: process.pid });
    trackTemporaryHolder(holder);
    const discard = () => removeTemporaryHolder(holder);
    return { dataDir: join(holder, 'data'), temporary: true, discardTemporary: discard, removeData: discard };
  }
  // (Not normalised when absolute: the holder's name is derived from this exact string, which must stay stable.)
  const asked = isAbsolute(requested) ? requested : resolve(requested);
  const unreachable = ids !== undefined && !canTraverse(dirname(asked), ids.uid, ids.gid);
  if (!unreachable && !existsSync(join(asked, LOCATION_FILE))) {
    // Missing parents traversable (as canTraverse assumed), only the data folder itself private.
    await mkdir(dirname(asked), { recursive: true, mode: 0o755 });
    return {
      dataDir: asked,
      temporary: false,
      discardTemporary: async () => undefined,
      removeData: () => rm(asked, { recursive: true, force: true }),
    };
  }
  // Relocated (and stays relocated once it was, so the data is not split between two places). The asked folder is
  // created first and names the holder; the holder lives as long as that folder does.
  const holder = relocatedHolder(base, asked);
  const dataDir = join(holder, 'data');
  const reason = unreachable ? `the ${user} user cannot reach ${asked}` : `${asked} points there`;
  log(`${fn}: data in ${dataDir} (${reason}); deleting ${asked} deletes it at the next start`);
  await mkdir(asked, { recursive: true, mode: 0o755 });
  if (!existsSync(join(asked, 'PG_VERSION')))
    await writeFile(
      join(asked, LOCATION_FILE),
      `${JSON.stringify(
        {
          dataDir,
          why: `The ${user} user that runs PostgreSQL cannot reach this folder, so startEmbeddedPostgres keeps the data in dataDir.`,
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
  return {
    dataDir,
    temporary: false,
    discardTemporary: async () => undefined,
    // The asked folder only points at the data (it may hold other files: those stay). The data goes first: should
    // this be interrupted, a start with that path begins with an empty cluster.
    async removeData() {
      await removeHolder(holder);
      await rm(join(asked, LOCATION_FILE), { force: true });
      await rmdir(asked).catch(() => undefined); // not empty: someone else's files, kept
      log(`${fn}: removed the data of ${asked} in ${holder}`);
    },
  };
}
