// Packs every published package (`npm pack`) into one folder and prints the tarball paths as JSON:
//   node scripts/pack-packages.mjs <out-dir>
// Used by check-packages.mjs and the consumer test. The packages must be built first (`npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The published packages, in dependency order. */
export const PACKAGES = [
  'core',
  'seeds',
  'learn',
  'connectors',
  'embedded-postgres',
  'cleaning',
  'rfm',
  'basket',
  'forecast',
  'pricing',
  'serve',
];

/** `npm pack` each package into `outDir`; returns `{ name → absolute tarball path }`. */
export function packAll(outDir) {
  mkdirSync(outDir, { recursive: true });
  const root = resolve(import.meta.dirname, '..');
  const tarballs = {};
  for (const name of PACKAGES) {
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
      cwd: resolve(root, 'packages', name),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tarballs[name] = resolve(outDir, JSON.parse(json)[0].filename);
  }
  return tarballs;
}

if (process.argv[1] === import.meta.filename) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/pack-packages.mjs <out-dir>');
    process.exit(2);
  }
  console.log(JSON.stringify(packAll(resolve(out)), null, 2));
}
