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
 *   npm run bench -- end-to-end            (3 runs)
 *   npx tsx --tsconfig tsconfig.json examples/end-to-end/bench/index.ts [runs] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantileSorted, sortedFinite } from '@retailkit/core';

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

/** One `run` in a child process with a fresh `--out`; `warehouse`: `--engine warehouse` on a fresh DuckDB file there. */
async function once(keep: boolean, warehouse = false): Promise<Measured> {
  const out = await mkdtemp(join(tmpdir(), 'retailkit-e2e-bench-'));
  try {
    const useTime = existsSync(TIME);
    const engine = warehouse ? ['--engine', 'warehouse', '--warehouse', `duckdb:${join(out, 'shop.duckdb')}`] : [];
    const args = [BIN, 'run', '--data', DATA, '--out', out, '--quiet', ...engine];
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
  const runs = Number(argv.find((a) => /^\d+$/.test(a)) ?? 3);
  const keep = argv.includes('--keep');
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

await main();
