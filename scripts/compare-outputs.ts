/**
 * Compare the JSON outputs of two `retailkit` runs, value by value, to the digit.
 *
 *   npx tsx --tsconfig tsconfig.json scripts/compare-outputs.ts <before-out> <after-out> [--max 40]
 *
 * Every `*.json` under the two folders (outside `warehouse/` and `lake/`, which hold data, not outputs) is read
 * and compared recursively; numbers must be equal exactly (`Object.is`). Volatile fields are skipped: times and
 * memory (`ms`, `totalMs`, `peakRssMB`, `detail` of run steps), paths of the machine (`source.file`, `lake.uri`,
 * `warehouse.target`, `ingest.source`). Prints each difference as `file: path: before → after` and a count per
 * file; exits 1 when anything differs, 0 otherwise. Used to check that a refactor keeps the CLI's outputs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const VOLATILE_KEYS = new Set(['ms', 'totalMs', 'peakRssMB']);
/** Paths (file + JSON path, dotted) whose values depend on the machine or the run. */
const VOLATILE_PATHS: RegExp[] = [
  /^run\.json:steps\.\d+\.detail$/,
  /^ingest\.json:source$/,
  /^quality\.json:source\.file$/,
  /^load\.json:lake\.uri$/,
  /^load\.json:warehouse\.target$/,
];

function jsonFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const rel = relative(root, p);
    if (rel === 'warehouse' || rel === 'lake') continue;
    if (statSync(p).isDirectory()) out.push(...jsonFiles(root, p));
    else if (name.endsWith('.json')) out.push(rel);
  }
  return out.sort();
}

type Diff = { path: string; before: unknown; after: unknown };

function show(v: unknown): string {
  const s = v === undefined ? 'absent' : JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function compare(file: string, path: string, a: unknown, b: unknown, diffs: Diff[]): void {
  const where = `${file}:${path}`;
  if (VOLATILE_PATHS.some((r) => r.test(where))) return;
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b)) diffs.push({ path, before: a, after: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) diffs.push({ path: `${path}.length`, before: a.length, after: b.length });
    for (let i = 0; i < Math.min(a.length, b.length); i++) compare(file, join2(path, String(i)), a[i], b[i], diffs);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (VOLATILE_KEYS.has(k)) continue;
      compare(file, join2(path, k), (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], diffs);
    }
    return;
  }
  if (a !== b) diffs.push({ path, before: a, after: b });
}

const join2 = (p: string, k: string) => (p === '' ? k : `${p}.${k}`);

function main(): number {
  const args = process.argv.slice(2);
  const maxAt = args.indexOf('--max');
  const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 40;
  const [before, after] = args;
  if (!before || !after) {
    process.stderr.write('usage: compare-outputs.ts <before-out> <after-out> [--max N]\n');
    return 2;
  }
  const a = new Set(jsonFiles(before));
  const b = new Set(jsonFiles(after));
  let total = 0;
  for (const f of [...new Set([...a, ...b])].sort()) {
    if (!a.has(f) || !b.has(f)) {
      process.stdout.write(`${f}: only in ${a.has(f) ? 'before' : 'after'}\n`);
      total++;
      continue;
    }
    const diffs: Diff[] = [];
    const fileKey = f.replaceAll('\\', '/');
    compare(
      fileKey,
      '',
      JSON.parse(readFileSync(join(before, f), 'utf8')),
      JSON.parse(readFileSync(join(after, f), 'utf8')),
      diffs,
    );
    total += diffs.length;
    process.stdout.write(`${f}: ${diffs.length === 0 ? 'identical' : `${diffs.length} differences`}\n`);
    for (const d of diffs.slice(0, max)) process.stdout.write(`  ${d.path}: ${show(d.before)} → ${show(d.after)}\n`);
    if (diffs.length > max) process.stdout.write(`  … ${diffs.length - max} more\n`);
  }
  process.stdout.write(total === 0 ? 'all outputs identical\n' : `${total} differences\n`);
  return total === 0 ? 0 : 1;
}

process.exit(main());
