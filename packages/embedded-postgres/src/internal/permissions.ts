import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** True when this process runs as root (PostgreSQL then has to run as another user). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((res, rej) => {
    execFile(cmd, args, { encoding: 'utf8' }, (err, stdout) => (err ? rej(err) : res(stdout)));
  });
}

/** uid/gid of a system user, or `undefined` when it does not exist. */
export async function userIds(name: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [u, g] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number.parseInt(u, 10), gid: Number.parseInt(g, 10) };
  } catch {
    return undefined;
  }
}

/** uid/gid of `name`, creating the system group and user when missing (the `createPostgresUser` behaviour). */
export async function ensureUser(name: string): Promise<{ uid: number; gid: number }> {
  const ids = await userIds(name);
  if (ids) return ids;
  await run('groupadd', ['--system', name]).catch(() => undefined);
  await run('useradd', ['--system', '-g', name, '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  const created = await userIds(name);
  if (!created) throw new Error(`user ${name} could not be created`);
  return created;
}

/**
 * Whether a user (uid/gid, no supplementary groups, ACLs ignored) can traverse every directory from `/`
 * down to `dir` (inclusive when it exists). Conservative: a `false` may be a false alarm, never the reverse
 * for plain POSIX modes.
 */
export function canTraverse(dir: string, uid: number, gid: number): boolean {
  let p = resolve(dir);
  const chain: string[] = [];
  for (;;) {
    chain.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const d of chain) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(d);
    } catch {
      continue; // not created yet: it will be created with a traversable mode
    }
    if (uid === 0) continue;
    const mode = st.mode;
    const ok = st.uid === uid ? (mode & 0o100) !== 0 : st.gid === gid ? (mode & 0o010) !== 0 : (mode & 0o001) !== 0;
    if (!ok) return false;
  }
  return true;
}
