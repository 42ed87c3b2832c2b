import { createHash, randomBytes } from 'node:crypto';
import { chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { embeddedError, hideSecrets } from '../errors.js';
import { runToEnd, spawnAs } from './server-process.js';

/** The password of a cluster, kept (0600, owned by the server's user) inside its data folder. */
const PASSWORD_FILE = 'retailkit.password';

/** What {@link ensureCluster} needs to run `initdb`. */
export interface ClusterSetup {
  dataDir: string;
  initdb: string;
  /** The superuser of the cluster (also the system user that runs it as root). */
  user: string;
  /** The system user that runs the server, when not this process's. */
  ids: { uid: number; gid: number } | undefined;
  /** A folder every user can traverse, for the short-lived password file `initdb` reads. */
  base: string;
  /** `initdb --no-sync` (throw-away data). */
  noSync: boolean;
}

/**
 * The password of the cluster in `dataDir`: the one kept there, or, for an empty folder, a fresh random one with
 * which `initdb` creates the cluster (SCRAM, UTF-8, C locale). The folder is made private to the server's user.
 *
 * @throws RetailKitError `PG_START_FAILED` when initdb fails, or the folder holds a cluster made elsewhere.
 */
export async function ensureCluster(setup: ClusterSetup): Promise<string> {
  const { dataDir, ids } = setup;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids) await chown(dataDir, ids.uid, ids.gid);
  await chmod(dataDir, 0o700);
  const pwPath = join(dataDir, PASSWORD_FILE);
  if (existsSync(join(dataDir, 'PG_VERSION'))) {
    try {
      return (await readFile(pwPath, 'utf8')).trim();
    } catch {
      throw embeddedError(
        'PG_START_FAILED',
        `startEmbeddedPostgres: ${dataDir} holds a PostgreSQL cluster that was not created by startEmbeddedPostgres (no ${PASSWORD_FILE}). Pass an empty or new dataDir.`,
        { details: { dataDir } },
      );
    }
  }
  if (setup.noSync) {
    try {
      return await fromTemplate(setup);
    } catch {
      // a template removed or unreadable mid-copy: make this cluster with initdb after all
      for (const name of await readdir(dataDir)) await rm(join(dataDir, name), { recursive: true, force: true });
    }
  }
  return initCluster(setup, dataDir);
}

/**
 * Throw-away clusters (`noSync`) are copies of one template cluster per initdb binary, superuser and system user,
 * made by initdb once under `base` (`retailkit-pgtemplate-<hash>`, private to the server's user, published by an
 * atomic rename so that concurrent starts agree): initdb costs about a second of CPU, a copy tens of milliseconds.
 * The copies share the template's password, each keeping it in its own folder (0600).
 */
async function fromTemplate(setup: ClusterSetup): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify([setup.initdb, setup.user, setup.ids?.uid ?? null]))
    .digest('hex')
    .slice(0, 16);
  const template = join(setup.base, `retailkit-pgtemplate-${key}`);
  if (!existsSync(join(template, PASSWORD_FILE))) {
    const tmp = await mkdtemp(`${template}.tmp-`);
    try {
      await chmod(tmp, 0o700);
      if (setup.ids) await chown(tmp, setup.ids.uid, setup.ids.gid);
      await initCluster(setup, tmp);
      // another start may have published one first: theirs is as good
      await rename(tmp, template).catch(() => undefined);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  copyTree(template, setup.dataDir, setup.ids);
  return (await readFile(join(setup.dataDir, PASSWORD_FILE), 'utf8')).trim();
}

/**
 * Copy a folder's content into an existing folder (modes kept), owned by `ids` when given. Synchronous on purpose:
 * about a thousand small files, and an asynchronous copy would wait for the caller's event loop between each of
 * them (the CLI starts the server beside its CPU-bound ingest); this blocks it for tens of milliseconds instead.
 */
function copyTree(src: string, dst: string, ids: ClusterSetup['ids']): void {
  for (const ent of readdirSync(src, { withFileTypes: true })) {
    const from = join(src, ent.name);
    const to = join(dst, ent.name);
    if (ent.isDirectory()) {
      mkdirSync(to, { mode: 0o700 });
      copyTree(from, to, ids);
    } else if (ent.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to);
    if (ids && !ent.isSymbolicLink()) chownSync(to, ids.uid, ids.gid);
  }
}

/** A new cluster in the empty folder `dir` by initdb, with a fresh random password kept in it; the password. */
async function initCluster(setup: ClusterSetup, dir: string): Promise<string> {
  const { ids } = setup;
  const password = randomBytes(18).toString('base64url');
  const pwDir = await mkdtemp(join(setup.base, 'retailkit-pgpw-'));
  const pwFile = join(pwDir, 'pw');
  try {
    await chmod(pwDir, 0o711);
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (ids) await chown(pwFile, ids.uid, ids.gid);
    const args = [
      `--pgdata=${dir}`,
      '--auth=scram-sha-256',
      `--username=${setup.user}`,
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ];
    if (setup.noSync) args.push('--no-sync');
    const { code, output } = await runToEnd(spawnAs(setup.initdb, args, ids));
    if (code !== 0)
      throw embeddedError(
        'PG_START_FAILED',
        `startEmbeddedPostgres: initdb failed (exit ${code}): ${hideSecrets(output, [password]).slice(-2000)}`,
        { details: { dataDir: dir, exitCode: code } },
      );
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
  const pwPath = join(dir, PASSWORD_FILE);
  await writeFile(pwPath, `${password}\n`, { mode: 0o600 });
  if (ids) await chown(pwPath, ids.uid, ids.gid);
  return password;
}
