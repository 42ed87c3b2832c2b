// CI check of every packed package as npm will publish it: publint (package.json, exports, files) and
// @arethetypeswrong/cli (types resolve under node10, node16 from CJS and from ESM, and bundler).
// Run after `npm run build`: `npm run check:packages`. Exits 1 when either tool reports an error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { PACKAGES, packAll } from './pack-packages.mjs';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'rk-pack-'));
let failed = 0;
try {
  const tarballs = packAll(out);
  for (const name of PACKAGES) {
    const pkgDir = resolve(root, 'packages', name);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const tarball = readFileSync(tarballs[name]);
    const { messages } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
    });
    const errors = messages.filter((m) => m.type === 'error');
    for (const m of messages) console.log(`  publint ${m.type} ${pkg.name}: ${formatMessage(m, pkg)}`);
    let attw = 'ok';
    try {
      execFileSync(resolve(root, 'node_modules/.bin/attw'), [tarballs[name], '--format', 'ascii', '--no-color'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      attw = `errors:\n${e.stdout}`;
    }
    const ok = errors.length === 0 && attw === 'ok';
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${pkg.name}: publint ${errors.length} errors, ${messages.length - errors.length} other; attw ${attw}`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
