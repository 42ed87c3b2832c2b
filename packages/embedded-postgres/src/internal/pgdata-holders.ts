import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Data folders of `startEmbeddedPostgres` that live under the temp folder ("holders"): `<base>/retailkit-pgdata-*`,
 * each with the cluster in `data/` and a marker saying why it exists, so that a later start can tell garbage from
 * data someone still uses:
 *
 * - `relocated`: the stand-in for a data folder the `postgres` user cannot reach (`<base>/retailkit-pgdata-<16 hex
 *   of sha256(origin)>`). It lives exactly as long as its origin folder: the origin is created and holds a pointer
 *   file naming the holder, and once the origin is gone (the user deleted it, or the `mktemp -d` around it) the
 *   holder is removed by the next start — as the data would have gone with the folder had it been stored there.
 * - `temporary`: the throw-away folder of a start without `dataDir`; removed by `stop()`, at process exit, or by a
 *   later start once the process that made it has exited.
 *
 * A holder is never removed while a postmaster runs on it (the pid in `data/postmaster.pid` is alive), nor when
 * another host or container made it. Holders without a marker (made by older versions, or half made) are left
 * alone; a relocated one gets its marker when its path is used again.
 */

export const HOLDER_PREFIX = 'retailkit-pgdata-';
/** Marker file inside a holder. */
export const HOLDER_MARKER = 'retailkit-holder.json';
/** Pointer file written into the origin folder of a relocated holder. */
export const LOCATION_FILE = 'retailkit-data-location.json';
const TRASH = /\.removing-(\d+)$/;

/**
 * What a holder's marker records. `host` is the machine (or container) that made it: pids and paths mean nothing
 * elsewhere, so a temp folder shared between hosts or containers is only swept of its own holders.
 */
export type HolderMarker =
  | { version: 1; kind: 'relocated'; host: string; origin: string }
  | { version: 1; kind: 'temporary'; host: string; ownerPid: number };

/** The stable holder of the data asked for at `origin` (an absolute path). */
export function relocatedHolder(base: string, origin: string): string {
  return join(base, `${HOLDER_PREFIX}${createHash('sha256').update(origin).digest('hex').slice(0, 16)}`);
}

export async function writeHolderMarker(holder: string, marker: HolderMarker): Promise<void> {
  await writeFile(join(holder, HOLDER_MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o644 });
}

export async function readHolderMarker(holder: string): Promise<HolderMarker | undefined> {
  try {
    const m = JSON.parse(await readFile(join(holder, HOLDER_MARKER), 'utf8'));
    if (m?.version !== 1 || typeof m.host !== 'string') return undefined;
    if (m.kind === 'relocated' && typeof m.origin === 'string' && m.origin) return m;
    if (m.kind === 'temporary' && Number.isInteger(m.ownerPid)) return m;
  } catch {
    // missing or half written: treated as unmarked
  }
  return undefined;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a PostgreSQL server may be running on `dataDir`: `postmaster.pid` exists and its pid is alive, or it
 * exists but cannot be read or parsed (being written, or not ours to read) — when in doubt, in use.
 */
export function postmasterAlive(dataDir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  const pid = Number.parseInt(text.split('\n')[0], 10);
  return Number.isInteger(pid) && pid > 0 ? processAlive(pid) : true;
}

/** Where {@link removeHolder} moves a holder before deleting it: a name the sweep deletes once this process is gone. */
function trashOf(holder: string): string {
  return `${holder}.removing-${process.pid}`;
}

/** Remove a holder: renamed first (so a half-removed one is never mistaken for data), then deleted. */
export async function removeHolder(holder: string): Promise<void> {
  const trash = trashOf(holder);
  try {
    await rename(holder, trash);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  await rm(trash, { recursive: true, force: true });
}

/** Synchronous {@link removeHolder} for exit handlers; never throws (a later start sweeps what is left). */
export function removeHolderSync(holder: string): void {
  const trash = trashOf(holder);
  try {
    renameSync(holder, trash);
    rmSync(trash, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // already gone, or left for the next start's sweep: a trash folder of an exited process, or (not renamed) a
    // holder whose marker names an exited owner
  }
}

/**
 * Why a holder may be removed now, or `undefined` to keep it. `postmaster.pid` is read last: only for a holder
 * that would otherwise go (most holders are kept by a live owner or an existing origin).
 */
function staleReason(holder: string, marker: HolderMarker): string | undefined {
  if (marker.host !== hostname()) return undefined;
  let reason: string;
  if (marker.kind === 'temporary') {
    if (processAlive(marker.ownerPid)) return undefined;
    reason = `temporary data of process ${marker.ownerPid}, which has exited`;
  } else {
    if (existsSync(marker.origin)) return undefined;
    reason = `data of ${marker.origin}, which no longer exists`;
  }
  return postmasterAlive(join(holder, 'data')) ? undefined : reason;
}

/**
 * Remove the holders under `base` that nobody can use any more (see the file comment), and the leftovers of
 * interrupted removals. As a non-root user, only holders that user owns are considered. Errors on one holder are
 * logged and do not stop the sweep.
 *
 * @returns the holders removed.
 */
export async function sweepHolders(base: string, log: (line: string) => void): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(base)).filter((n) => n.startsWith(HOLDER_PREFIX));
  } catch {
    return [];
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const removed: string[] = [];
  for (const name of names) {
    const path = join(base, name);
    try {
      if (uid !== undefined && uid !== 0 && statSync(path).uid !== uid) continue;
      const trash = TRASH.exec(name);
      if (trash) {
        if (!processAlive(Number(trash[1]))) await rm(path, { recursive: true, force: true });
        continue;
      }
      const marker = await readHolderMarker(path);
      const reason = marker && staleReason(path, marker);
      if (!reason) continue;
      await removeHolder(path);
      removed.push(path);
      log(`startEmbeddedPostgres: removed ${path} (${reason})`);
    } catch (e) {
      log(`startEmbeddedPostgres: could not sweep ${path}: ${(e as Error).message}`);
    }
  }
  return removed;
}
