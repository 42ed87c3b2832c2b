// The consumer test: what a team gets from `npm install` of our packages, checked on packed tarballs in a folder
// outside the repository (third-party dependencies come from the registry, as for a user).
//
//   npm run build && npm run test:consumer        (run by .ci/run)
//
// 1. Footprint budgets: the eight analytics and serving packages (core, learn, cleaning, rfm, basket, forecast, pricing, serve)
//    installed alone ≤ 8 MB of node_modules; connectors without its optional peers ≤ 20 MB; everything with every
//    optional peer is printed; seeds ≤ 1 MB on top of core. A budget exceeded fails the test.
// 2. One program (scripts/consumer/app.ts) run four ways: an ESM script, a CommonJS script, and TypeScript
//    compiled by tsc under `module: nodenext` and under `moduleResolution: bundler`. It reads and cleans the seed
//    data, round-trips Parquet, loads PostgreSQL (embedded), segments, mines rules, forecasts, serves the three
//    models over HTTP on loopback and queries them with good and bad inputs, and checks that @retailkit/seeds'
//    `generateTransactions()` gives the seed file's rows (same CSV SHA-256, same frame fingerprint). The four runs
//    must print the same JSON (CJS and ESM get the same statuses and bodies), and the bad inputs their documented
//    statuses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { packAll } from './pack-packages.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const MB = 1e6;
const BUDGETS = { analytics: 8 * MB, connectors: 20 * MB, seeds: 1 * MB };
const ANALYTICS = ['core', 'learn', 'cleaning', 'rfm', 'basket', 'forecast', 'pricing', 'serve'];
const PEERS = [
  'pg',
  'pg-copy-streams',
  '@aws-sdk/client-s3',
  '@google-cloud/storage',
  '@google-cloud/bigquery',
  '@duckdb/node-api',
];
const keep = process.argv.includes('--keep');

/** Bytes of every file under `dir` (symlinks not followed), as `du --apparent-size` counts them. */
function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else total += lstatSync(path).size;
  }
  return total;
}

function npm(cwd, args) {
  execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CI: 'true' } });
}

/** A fresh app folder with a package.json, and `npm install` of `specs` into it. */
function app(work, name, specs) {
  const dir = join(work, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: `rk-consumer-${name}`, private: true, type: 'module' }),
  );
  npm(dir, ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs]);
  return dir;
}

const work = mkdtempSync(join(tmpdir(), 'rk-consumer-'));
let failed = false;
try {
  const tgz = packAll(join(work, 'tarballs'));
  const fmt = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

  const analytics = app(
    work,
    'analytics',
    ANALYTICS.map((n) => tgz[n]),
  );
  const analyticsSize = sizeOf(join(analytics, 'node_modules'));
  const seeds = app(work, 'seeds', [tgz.core, tgz.seeds]);
  const seedsSize = sizeOf(join(seeds, 'node_modules')) - sizeOf(join(seeds, 'node_modules/@retailkit/core'));
  const connectors = app(work, 'connectors', [tgz.core, tgz.connectors]);
  const connectorsSize = sizeOf(join(connectors, 'node_modules'));
  const tsVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/typescript/package.json'), 'utf8')).version;
  const full = app(work, 'full', [...Object.values(tgz), ...PEERS, `typescript@${tsVersion}`, '@types/node@^20.19.0']);
  const fullSize = sizeOf(join(full, 'node_modules'));
  const peersInstalled = PEERS.filter((p) => {
    try {
      lstatSync(join(connectors, 'node_modules', p));
      return true;
    } catch {
      return false;
    }
  });
  console.log('install footprint (node_modules, apparent size):');
  for (const name of Object.keys(tgz))
    console.log(`  @retailkit/${name}: ${fmt(sizeOf(join(full, 'node_modules/@retailkit', name)))} unpacked`);
  console.log(
    `  core + learn + cleaning + rfm + basket + forecast + pricing + serve: ${fmt(analyticsSize)} (budget ${fmt(BUDGETS.analytics)})`,
  );
  console.log(
    `  connectors (+ core), no optional peers:           ${fmt(connectorsSize)} (budget ${fmt(BUDGETS.connectors)})`,
  );
  console.log(`  seeds on top of core:                              ${fmt(seedsSize)} (budget ${fmt(BUDGETS.seeds)})`);
  console.log(`  every package + every optional peer + typescript: ${fmt(fullSize)}`);
  assert.deepEqual(peersInstalled, [], 'connectors pulled an optional peer');
  assert.ok(analyticsSize <= BUDGETS.analytics, `analytics packages ${fmt(analyticsSize)} over budget`);
  assert.ok(connectorsSize <= BUDGETS.connectors, `connectors ${fmt(connectorsSize)} over budget`);
  assert.ok(seedsSize <= BUDGETS.seeds, `seeds ${fmt(seedsSize)} on top of core, over budget`);

  // The program, four ways.
  const source = readFileSync(join(ROOT, 'scripts/consumer/app.ts'), 'utf8');
  writeFileSync(join(full, 'app.ts'), source);
  const transpile = (module) =>
    ts.transpileModule(source, { compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true } })
      .outputText;
  writeFileSync(join(full, 'app.mjs'), transpile(ts.ModuleKind.ESNext));
  writeFileSync(join(full, 'app.cjs'), transpile(ts.ModuleKind.CommonJS));
  const common = { strict: true, target: 'es2022', skipLibCheck: false, types: ['node'], rootDir: '.' };
  const configs = {
    nodenext: { ...common, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out-nodenext' },
    bundler: { ...common, module: 'esnext', moduleResolution: 'bundler', outDir: 'out-bundler' },
  };
  for (const [name, compilerOptions] of Object.entries(configs)) {
    writeFileSync(join(full, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
    execFileSync(join(full, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${name}.json`], { cwd: full, stdio: 'inherit' });
  }
  const data = join(full, 'online-retail.csv.gz');
  copyFileSync(join(ROOT, 'seeds/online-retail.csv.gz'), data);
  const runs = {
    esm: 'app.mjs',
    cjs: 'app.cjs',
    'tsc nodenext': 'out-nodenext/app.js',
    'tsc bundler': 'out-bundler/app.js',
  };
  const outputs = {};
  for (const [name, file] of Object.entries(runs)) {
    const stdout = execFileSync(process.execPath, [file, data], {
      cwd: full,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    outputs[name] = JSON.parse(stdout.trim().split('\n').at(-1));
    console.log(`ok ${name}: ${JSON.stringify(outputs[name].rules)} ${JSON.stringify(outputs[name].segments)}`);
  }
  for (const name of Object.keys(runs)) assert.deepEqual(outputs[name], outputs.esm, `${name} differs from esm`);
  const bad = outputs.esm.badInputs;
  assert.equal(bad.badDate.status, 422);
  assert.equal(bad.badDate.body.code, 'RFM_BAD_INPUT');
  assert.equal(bad.missingField.status, 422);
  assert.equal(bad.wrongType.status, 422);
  assert.equal(bad.unknownModel.status, 404);
  for (const b of Object.values(bad)) assert.match(b.type, /^application\/problem\+json/);
  assert.equal(outputs.esm.errorCode, 'MISSING_COLUMN');
  assert.equal(outputs.esm.seeds.rows, 100_000);
  console.log('ok: ESM, CommonJS and both tsc builds print the same results; bad inputs get the same problems');
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
