/**
 * The whole `retailkit run` on the real UCI data, as a user starts it (`node bin/retailkit.js run`, which is what
 * `npm start -- run` runs), in a child process with a fresh `--out` each time: wall time including start-up, the
 * run's own `totalMs` from run.json, the time and peak RSS of every step, and the process's peak RSS (GNU time's
 * maximum resident set size when /usr/bin/time is there, else the largest `peakRssMB` in run.json), against the
 * targets: `totalMs` ≤ 10 s, wall ≤ 12 s, peak RSS ≤ 600 MB. Steps that overlap (lake and load run beside the
 * analyses) show their own time and their start offset; their sum exceeds `totalMs`. Then the lake's Parquet
 * writer against DuckDB's `COPY … TO` of the same rows in this process (Snappy, 100,000-row groups; target ≤ 2×),
 * from connectors' Parquet bench. Each run alternates with the same run under `--engine warehouse` on a fresh DuckDB
 * file (issue 20: the whole run no more than 1.5× the memory run's wall time at ×1).
 *
 * With `--copies k` (k > 1) both runs read k copies of the file instead, made as the scale bench makes them (copy
 * j > 0: invoice numbers and customer ids suffixed `-j`, timestamps j minutes later), one pair of runs by default:
 * issue 20's target at ×10 is the DuckDB run faster than the memory run (ratio < 1). Long (minutes): run it alone.
 *
 *   npm run bench -- end-to-end            (3 runs)
 *   npx tsx --tsconfig tsconfig.json examples/end-to-end/bench/index.ts [runs] [--keep] [--copies 10]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { quantileSorted, sortedFinite } from '@retailkit/core';
import { repeatedLines } from '../../../packages/connectors/bench/repeat-lines.js';

// the real data beside the checkout (../shared), or at its shared location when run from a worktree elsewhere
const DATA =
  [
    fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url)),
    '/work/shared/data/online-retail/online_retail.csv.gz',
  ].find((p) => existsSync(p)) ??
  fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));
const TIME = '/usr/bin/time';
const TARGET = { totalMs: 10_000, wallMs: 12_000, rssMB: 600 };

interface StepRecord {
  step: string;
  ms: number;
  peakRssMB: number;
  startMs?: number;
}

interface Measured {
  wallMs: number;
  totalMs: number;
  rssMB: number;
  steps: StepRecord[];
}

const median = (xs: number[]) => quantileSorted(sortedFinite(xs), 0.5);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The fields of one CSV line (quoted fields may hold commas and doubled quotes; the file has no quoted newlines). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let j = i + 1;
      for (;;) {
        j = line.indexOf('"', j);
        if (j < 0 || line[j + 1] !== '"') break;
        j += 2;
      }
      out.push(line.slice(i, j + 1));
      i = j + 2;
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j < 0 ? undefined : j));
      i = j < 0 ? line.length + 1 : j + 1;
    }
    if (i > line.length) return out;
  }
}

/** `YYYY-MM-DD HH:MM:SS` `minutes` later (the file's timestamp format); anything else unchanged. */
function later(text: string, minutes: number): string {
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? text : new Date(ms + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * `k` copies of the raw file in one CSV: copy j > 0 with InvoiceNo and a present CustomerID suffixed `-j` and
 * InvoiceDate j minutes later (the scale bench's rule, on the raw lines: customers grow with the data, the calendar
 * does not change).
 */
async function copies(k: number, dest: string): Promise<void> {
  const copy = (line: string, j: number) => {
    if (line === '') return line;
    const f = csvFields(line);
    f[0] = `${f[0]}-${j}`;
    f[4] = later(f[4], j);
    if (f[6] !== '') f[6] = `${f[6]}-${j}`;
    return f.join(',');
  };
  await pipeline(Readable.from(repeatedLines(DATA, k, copy)), createWriteStream(dest));
}

/** One `run` in a child process with a fresh `--out`; `warehouse`: `--engine warehouse` on a fresh DuckDB file there. */
async function once(keep: boolean, warehouse = false, data = DATA): Promise<Measured> {
  const out = await mkdtemp(join(tmpdir(), 'retailkit-e2e-bench-'));
  try {
    const useTime = existsSync(TIME);
    const engine = warehouse ? ['--engine', 'warehouse', '--warehouse', `duckdb:${join(out, 'shop.duckdb')}`] : [];
    const args = [BIN, 'run', '--data', data, '--out', out, '--quiet', ...engine];
    const t0 = performance.now();
    const r = useTime
      ? spawnSync(TIME, ['-f', 'RK_MAXRSS_KB=%M', process.execPath, ...args], { encoding: 'utf8' })
      : spawnSync(process.execPath, args, { encoding: 'utf8' });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`run exited with ${r.status}: ${r.stderr}`);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { steps: StepRecord[]; totalMs: number };
    const timed = /RK_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
    const rssMB = timed ? Number(timed[1]) / 1024 : Math.max(...run.steps.map((x) => x.peakRssMB));
    return { wallMs, totalMs: run.totalMs, rssMB, steps: run.steps };
  } finally {
    if (!keep) await rm(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`end-to-end: skipped (${DATA} not found)`);
    return;
  }
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--copies');
  const k = at >= 0 ? Number(argv[at + 1]) : 1;
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`--copies takes an integer >= 1, not ${argv[at + 1]}`);
  const runs = Number(argv.find((a, i) => /^\d+$/.test(a) && i !== at + 1) ?? (k > 1 ? 1 : 3));
  const keep = argv.includes('--keep');
  if (k > 1) return scaled(k, runs, keep);
  const load0 = loadavg()[0];
  const all: Measured[] = [];
  const duck: Measured[] = [];
  // the memory run and `--engine warehouse` on DuckDB alternate, so that the machine's swings touch both
  for (let i = 0; i < runs; i++) {
    const m = await once(keep);
    all.push(m);
    console.log(`  run ${i + 1}: wall ${s(m.wallMs)}, totalMs ${s(m.totalMs)}, peak RSS ${m.rssMB.toFixed(0)} MB`);
    const d = await once(keep, true);
    duck.push(d);
    console.log(
      `  run ${i + 1} --engine warehouse (DuckDB): wall ${s(d.wallMs)}, totalMs ${s(d.totalMs)}, peak RSS ${d.rssMB.toFixed(0)} MB`,
    );
  }
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const table = (label: string, ms: Measured[]) => {
    console.log(`${label}, median of ${runs} runs (fresh --out each)`);
    console.log('  step        start      time   peak RSS MB');
    for (const name of ms[0].steps.map((x) => x.step)) {
      const of = ms.map((m) => m.steps.find((x) => x.step === name)).filter((x): x is StepRecord => !!x);
      const start = median(of.map((x) => x.startMs ?? Number.NaN));
      console.log(
        `  ${name.padEnd(9)} ${Number.isNaN(start) ? '       ' : s(start).padStart(7)}  ${s(median(of.map((x) => x.ms))).padStart(8)}  ${median(
          of.map((x) => x.peakRssMB),
        )
          .toFixed(0)
          .padStart(11)}`,
      );
    }
  };
  const wall = median(all.map((m) => m.wallMs));
  const total = median(all.map((m) => m.totalMs));
  const rss = median(all.map((m) => m.rssMB));
  table(`end-to-end \`retailkit run\` on ${DATA.split('/').pop()}`, all);
  console.log(
    `  totalMs (run.json)       ${s(total)}  target ≤ ${s(TARGET.totalMs)}  ${mark(total <= TARGET.totalMs)}`,
  );
  console.log(`  wall incl. start-up      ${s(wall)}  target ≤ ${s(TARGET.wallMs)}  ${mark(wall <= TARGET.wallMs)}`);
  console.log(
    `  peak RSS (${existsSync(TIME) ? 'GNU time %M' : 'run.json'})   ${rss.toFixed(0)} MB  target ≤ ${TARGET.rssMB} MB  ${mark(rss <= TARGET.rssMB)}`,
  );
  const duckWall = median(duck.map((m) => m.wallMs));
  table('the same with --engine warehouse --warehouse duckdb:<fresh file> (issue 20)', duck);
  console.log(
    `  wall incl. start-up      ${s(duckWall)} vs memory ${s(wall)}: ratio ${(duckWall / wall).toFixed(2)}  target ≤ 1.5 at ×1  ${mark(duckWall / wall <= 1.5)}`,
  );
  console.log(
    `  peak RSS                 ${median(duck.map((m) => m.rssMB)).toFixed(0)} MB vs memory ${rss.toFixed(0)} MB`,
  );
  const { readCsv } = await import('@retailkit/connectors');
  const { parquetVsDuckDb } = await import('../../../packages/connectors/bench/parquet.js');
  const p = await parquetVsDuckDb((await readCsv(DATA)).frame, 3);
  console.log(
    `  Parquet write of the ${p.rows} raw rows: retailkit ${p.oursMs.toFixed(0)} ms, DuckDB COPY TO ${p.duckMs.toFixed(0)} ms (threads ${p.threads}), ratio ${p.ratio.toFixed(2)}  target ≤ 2  ${mark(p.ratio <= 2)}`,
  );
  console.log(
    `  machine load average (1 min) at start ${load0.toFixed(2)}, at end ${loadavg()[0].toFixed(2)} (2 cores: above ~1 the figures are under load)`,
  );
}

/** `--copies k`: the memory run and the DuckDB run alternated on k copies of the file (see the file's comment). */
async function scaled(k: number, runs: number, keep: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'retailkit-e2e-copies-'));
  try {
    const data = join(dir, `online_retail_x${k}.csv`);
    const t0 = performance.now();
    await copies(k, data);
    console.log(`  ${k} copies of ${DATA.split('/').pop()} written in ${s(performance.now() - t0)}`);
    const load0 = loadavg()[0];
    const pairs: [Measured, Measured][] = [];
    for (let i = 0; i < runs; i++) {
      const m = await once(keep, false, data);
      const d = await once(keep, true, data);
      pairs.push([m, d]);
      console.log(
        `  run ${i + 1} at ×${k}: memory wall ${s(m.wallMs)}, peak RSS ${m.rssMB.toFixed(0)} MB; --engine warehouse (DuckDB) wall ${s(d.wallMs)}, peak RSS ${d.rssMB.toFixed(0)} MB`,
      );
    }
    console.log(
      `whole \`retailkit run\` at ×${k} (${runs === 1 ? 'one run' : `median of ${runs} runs`} each, fresh --out)`,
    );
    console.log('  step         memory start   time  | DuckDB start   time');
    const names = [...new Set(pairs.flatMap(([m, d]) => [...m.steps, ...d.steps].map((x) => x.step)))];
    const cell = (ms: Measured[], name: string) => {
      const of = ms.map((m) => m.steps.find((x) => x.step === name)).filter((x): x is StepRecord => !!x);
      if (of.length === 0) return '          —         ';
      return `${s(median(of.map((x) => x.startMs ?? Number.NaN))).padStart(9)} ${s(median(of.map((x) => x.ms))).padStart(9)}`;
    };
    for (const name of names)
      console.log(
        `  ${name.padEnd(9)} ${cell(
          pairs.map((p) => p[0]),
          name,
        )}  | ${cell(
          pairs.map((p) => p[1]),
          name,
        )}`,
      );
    const wall = median(pairs.map((p) => p[0].wallMs));
    const duckWall = median(pairs.map((p) => p[1].wallMs));
    const ratio = duckWall / wall;
    console.log(
      `  wall incl. start-up      DuckDB ${s(duckWall)} vs memory ${s(wall)}: ratio ${ratio.toFixed(2)}  target < 1 at ×10  ${ratio < 1 ? 'ok' : 'MISSED'}`,
    );
    console.log(
      `  peak RSS                 DuckDB ${median(pairs.map((p) => p[1].rssMB)).toFixed(0)} MB vs memory ${median(pairs.map((p) => p[0].rssMB)).toFixed(0)} MB`,
    );
    console.log(
      `  machine load average (1 min) at start ${load0.toFixed(2)}, at end ${loadavg()[0].toFixed(2)} (2 cores: above ~1 the figures are under load)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
