import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  const password = randomBytes(18).toString('base64url');
  const pwDir = await mkdtemp(join(setup.base, 'retailkit-pgpw-'));
  const pwFile = join(pwDir, 'pw');
  try {
    await chmod(pwDir, 0o711);
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (ids) await chown(pwFile, ids.uid, ids.gid);
    const args = [
      `--pgdata=${dataDir}`,
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
        { details: { dataDir, exitCode: code } },
      );
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
  await writeFile(pwPath, `${password}\n`, { mode: 0o600 });
  if (ids) await chown(pwPath, ids.uid, ids.gid);
  return password;
}
