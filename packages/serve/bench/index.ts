/**
 * Bench of @retailkit/serve: HTTP predictions on loopback, measured with `wrk` (Debian package) when installed,
 * else `autocannon` (npm). Scenarios, each at 50 connections:
 *   - `segments` single: one customer's features → rfm segmenter (the real `rfm.segmenter` Predictor fitted on
 *     the UCI Online Retail data: scaling, nearest centroid, decision-tree path, BG/NBD churn);
 *   - `segments` batch: `{ instances: [100 customers] }`;
 *   - `centroid` single and batch: the bench's nearest-centroid predictor with the segmenter's scaler and
 *     centroids — the same work the FastAPI + uvicorn peer does (bench/peer_fastapi.py), measured in the same run
 *     when Debian's python3-fastapi and python3-uvicorn are installed.
 * Node runs 1 and 2 processes (node:cluster); uvicorn 1 and 2 workers. Every scenario's p99/p50 is checked against
 * 3. A hostile run (one process) measures `/health/live` p99 and single segment predictions/s unloaded, then while
 * clients flood the most expensive valid forecast request (served off the event loop on serve's worker threads). Median of RK_BENCH_RUNS runs (default 3)
 * of RK_BENCH_SECONDS seconds (default 5); RK_BENCH_ONLY=hostile runs only the hostile run. Peak RSS of the server processes is read from /proc/<pid>/status.
 * Dated runs are kept in bench/RESULTS.md.
 *
 * Run: npx tsx --tsconfig tsconfig.json packages/serve/bench/index.ts
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sealArtifact } from '@retailkit/core';
import { fitForecaster, seriesFromArrays } from '@retailkit/forecast';
import { segmenterFromJSON } from '@retailkit/rfm';
import { createHandler, serveModels } from '@retailkit/serve';
import { ENGINES } from '../src/internal/engine.js';
import { type CentroidParams, centroidFromJSON } from './loaders.js';

const DATA = '/work/shared/data/online-retail/online_retail.csv.gz';
const RUNS = Number(process.env.RK_BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.RK_BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const execFileAsync = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------- worker
async function worker(): Promise<void> {
  await serveModels(serveOptions());
  process.send?.('ready');
}

/**
 * What each server process serves, from the environment (RK_DIR, RK_PORT, RK_FORECAST), which cluster workers
 * inherit. Loaders named by URL: heavy predictions (the hostile run's forecasts) run on serve's worker threads.
 */
function serveOptions(workers = 1): Parameters<typeof serveModels>[0] {
  const dir = process.env.RK_DIR as string;
  return {
    store: { get: (key) => readFile(join(dir, key)) },
    keys: ['segments.json', 'centroid.json', ...(process.env.RK_FORECAST ? ['forecast.json'] : [])],
    loaders: new URL('./loaders.ts', import.meta.url).href,
    port: Number(process.env.RK_PORT),
    host: '127.0.0.1',
    workers,
  };
}

// ---------------------------------------------------------------------------------------------- primary
interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function parseWrkTime(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s.trim());
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** One wrk run: POST `body` (GET when null) at `connections` connections. */
async function wrk(
  url: string,
  body: string | null,
  seconds: number,
  dir: string,
  connections = CONNECTIONS,
): Promise<Measure> {
  const script = join(dir, `${body === null ? 'get' : 'post'}-${connections}.lua`);
  await writeFile(
    script,
    (body === null
      ? ''
      : `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(body)}\n`) +
      'done = function(summary, latency, requests)\n  io.write(string.format("ERRORS %d %d\\n", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n',
  );
  // asynchronous on purpose: in cluster mode the primary's event loop hands connections to the workers
  const { stdout: out } = await execFileAsync(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', '-s', script, url],
    { encoding: 'utf8' },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = parseWrkTime(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = parseWrkTime(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const e = /ERRORS (\d+) (\d+)/.exec(out);
  if (!(rps > 0) || process.env.RK_BENCH_DEBUG) console.log(out);
  return { rps, p50, p99, errors: e ? Number(e[1]) + Number(e[2]) : 0 };
}

async function autocannonRun(
  url: string,
  body: string | null,
  seconds: number,
  connections = CONNECTIONS,
): Promise<Measure> {
  type Result = {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    non2xx: number;
  };
  const name = 'autocannon'; // untyped package: imported by name
  const { default: autocannon } = (await import(name)) as { default: (o: object) => Promise<Result> };
  const r = await autocannon(
    body === null
      ? { url, connections, duration: seconds }
      : { url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds },
  );
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Summed RSS of the server processes, from /proc/<pid>/status (a file read: spawning `ps` every 500 ms would put
 * extra processes on the two cores the measurement uses); `ps` where /proc is absent. Asynchronous so the
 * cluster primary's event loop never stalls.
 */
async function rssKb(pids: number[]): Promise<number> {
  if (pids.length === 0) return 0;
  if (existsSync('/proc/self/status')) {
    let total = 0;
    for (const pid of pids) {
      try {
        const m = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
        if (m) total += Number(m[1]);
      } catch {
        // exited
      }
    }
    return total;
  }
  try {
    const { stdout: out } = await execFileAsync('ps', ['-o', 'rss=', '-p', pids.join(',')], { encoding: 'utf8' });
    return out
      .split('\n')
      .filter(Boolean)
      .reduce((s, x) => s + Number(x), 0);
  } catch {
    return 0;
  }
}

/** Child processes of `pid` (uvicorn's workers): from /proc when present, else `ps`. */
function childPids(pid: number): number[] {
  try {
    const children = `/proc/${pid}/task/${pid}/children`;
    if (existsSync(children)) return readFileSync(children, 'utf8').split(' ').filter(Boolean).map(Number);
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function waitHttp(url: string, body: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      if (r.ok) return;
      throw new Error(`HTTP ${r.status}: ${await r.text()}`);
    } catch (e) {
      if (Date.now() - t0 > timeoutMs) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

interface Scenario {
  label: string;
  path: string;
  body: string;
  instances: number;
}

async function measure(
  server: string,
  base: string,
  scenarios: Scenario[],
  pids: () => number[],
  tool: 'wrk' | 'autocannon',
  dir: string,
  rows: string[][],
) {
  for (const s of scenarios) {
    await waitHttp(base + s.path, s.body);
    // warm-up
    if (tool === 'wrk') await wrk(base + s.path, s.body, 3, dir);
    else await autocannonRun(base + s.path, s.body, 3);
    const runs: Measure[] = [];
    let peak = 0;
    const sampler = setInterval(() => {
      rssKb(pids()).then((kb) => {
        peak = Math.max(peak, kb);
      });
    }, 500);
    for (let i = 0; i < RUNS; i++)
      runs.push(
        tool === 'wrk'
          ? await wrk(base + s.path, s.body, SECONDS, dir)
          : await autocannonRun(base + s.path, s.body, SECONDS),
      );
    clearInterval(sampler);
    const rps = median(runs.map((r) => r.rps));
    rows.push([
      server,
      s.label,
      rps.toFixed(0),
      (rps * s.instances).toFixed(0),
      median(runs.map((r) => r.p50)).toFixed(2),
      median(runs.map((r) => r.p99)).toFixed(2),
      String(runs.reduce((a, r) => a + r.errors, 0)),
      (peak / 1024).toFixed(0),
    ]);
    console.log(`  ${server} ${s.label}: ${rows[rows.length - 1].slice(2).join(' | ')}`);
  }
}

async function primary(): Promise<void> {
  process.once('SIGINT', () => process.exit(130)); // runs the 'exit' hooks that stop the peer
  if (!existsSync(DATA)) {
    console.log(
      `serve bench: skipped, ${DATA} is absent (the real UCI Online Retail data is needed to fit the model).`,
    );
    return;
  }
  const tool: 'wrk' | 'autocannon' = existsSync('/usr/bin/wrk') ? 'wrk' : 'autocannon';
  const load = execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim();
  console.log(`serve bench — load generator: ${tool}; ${CONNECTIONS} connections; median of ${RUNS} × ${SECONDS} s`);
  console.log(
    `machine: ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, load average at start ${load} (shared with other jobs: timings are noisy)`,
  );

  const { readCsv } = await import('@retailkit/connectors');
  const { fitSegmenter } = await import('@retailkit/rfm');
  let t = performance.now();
  const { frame } = await readCsv(DATA);
  console.log(`read ${frame.length} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const model = fitSegmenter(frame, {
    seed: 42,
    k: 4,
    restarts: 2,
    candidates: 5,
    importanceRepeats: 2,
  }).model.toJSON();
  console.log(
    `fitted rfm segmenter (k = 4, ${model.params.inputFeatures.length} input features) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const p = model.params;
  const centroidParams: CentroidParams = {
    inputFeatures: [...p.inputFeatures],
    features: [...p.features],
    log: [...p.scaler.log],
    center: [...p.scaler.center],
    scale: [...p.scaler.scale],
    k: p.k,
    centroids: [...p.centroids],
    names: [...p.names].slice(0, p.k),
  };
  const centroid = sealArtifact({
    kind: 'bench.centroid',
    name: 'centroid',
    version: 'bench',
    createdAt: model.createdAt,
    trainingFingerprint: model.trainingFingerprint,
    inputSchema: model.inputSchema.properties?.features
      ? {
          type: 'object',
          properties: { features: model.inputSchema.properties.features },
          required: ['features'],
          additionalProperties: false,
        }
      : model.inputSchema,
    outputSchema: {
      type: 'object',
      properties: { segment: { type: 'integer' }, name: { type: 'string' }, distance: { type: 'number' } },
    },
    params: centroidParams,
    reference: model.reference,
  });
  const dir = await mkdtemp(join(tmpdir(), 'serve-bench-'));
  await writeFile(join(dir, 'segments.json'), JSON.stringify(model));
  await writeFile(join(dir, 'centroid.json'), JSON.stringify(centroid));
  await writeFile(join(dir, 'params.json'), JSON.stringify(centroidParams));
  t = performance.now();
  await writeFile(join(dir, 'forecast.json'), JSON.stringify(benchForecast().toJSON()));
  console.log(`fitted the forecast model (synthetic daily series) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // real customers' features from the reference samples (the training distribution)
  const ref = model.reference ?? {};
  const nRef = Math.min(...p.inputFeatures.map((f) => ref[f]?.length ?? 0));
  const customer = (i: number) => ({
    features: Object.fromEntries(p.inputFeatures.map((f) => [f, ref[f]?.[i % Math.max(1, nRef)] ?? 1])),
  });
  const single = JSON.stringify(customer(7));
  const batch = JSON.stringify({ instances: Array.from({ length: 100 }, (_, i) => customer(i)) });
  const rows: string[][] = [];

  // in-process cost of one predict() call, without HTTP (median of 5 × 2,000 calls)
  const inProcess = {
    segments: segmenterFromJSON(JSON.parse(JSON.stringify(model))),
    centroid: centroidFromJSON(JSON.parse(JSON.stringify(centroid))),
  };
  const inputs = Array.from({ length: 2000 }, (_, i) => customer(i));
  for (const [name, pred] of Object.entries(inProcess)) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (const x of inputs) pred.predict(x);
      times.push(((performance.now() - t0) * 1000) / inputs.length);
    }
    console.log(`in-process predict(), ${name}: ${median(times).toFixed(1)} µs per call`);
  }
  // the handler's own cost per request without sockets: route, content type, UTF-8, JSON.parse, validation,
  // predict, serialisation, metrics and monitoring (centroid model, so predict itself is ~0.5 µs)
  {
    const engine = ENGINES.get(createHandler({ predictors: [inProcess.centroid] }))!;
    const bytes = Buffer.from(single);
    const req = {
      method: 'POST',
      path: '/v1/models/centroid/predict',
      contentType: 'application/json',
      contentLength: bytes.length,
      readBody: async () => bytes,
    };
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 20_000; i++) await engine.handle(req);
      times.push(((performance.now() - t0) * 1000) / 20_000);
    }
    console.log(`in-process handler cost per request (no sockets), centroid: ${median(times).toFixed(1)} µs`);
  }

  const onlyHostile = process.env.RK_BENCH_ONLY === 'hostile';
  for (const workers of onlyHostile ? [] : [1, 2]) {
    const port = 18_000 + workers;
    // one process: a forked server; more: serveModels' own cluster (workers: 2), as an app runs it
    process.env.RK_DIR = dir;
    process.env.RK_PORT = String(port);
    cluster.setupPrimary({ execArgv: process.execArgv });
    let pids: number[];
    let stop: () => Promise<void>;
    if (workers === 1) {
      const w = cluster.fork({ RK_BENCH_WORKER: '1' });
      await new Promise((r) => w.once('message', r));
      pids = [w.process.pid as number];
      stop = async () => void w.kill();
    } else {
      const served = await serveModels(serveOptions(workers));
      pids = [...served.workerPids];
      stop = served.close;
    }
    const base = `http://127.0.0.1:${port}`;
    await measure(
      `node ×${workers}`,
      base,
      [
        { label: 'segments single', path: '/v1/models/segments/predict', body: single, instances: 1 },
        { label: 'segments batch 100', path: '/v1/models/segments/predict', body: batch, instances: 100 },
        { label: 'centroid single', path: '/v1/models/centroid/predict', body: single, instances: 1 },
        { label: 'centroid batch 100', path: '/v1/models/centroid/predict', body: batch, instances: 100 },
      ],
      () => pids,
      tool,
      dir,
      rows,
    );
    await stop();
    await new Promise((r) => setTimeout(r, 300));
  }

  const hostileLines = await hostile(dir, single, tool);
  if (onlyHostile) {
    for (const line of hostileLines) console.log(line);
    await rm(dir, { recursive: true, force: true });
    return;
  }

  let peer = 'FastAPI + uvicorn: not measured (install Debian python3-fastapi and python3-uvicorn)';
  let hasPeer = false;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import fastapi, uvicorn'], { stdio: 'ignore' });
    hasPeer = true;
  } catch {
    // peer missing
  }
  if (hasPeer) {
    const versions = execFileSync(
      '/usr/bin/python3',
      ['-c', 'import fastapi, uvicorn, pydantic; print(fastapi.__version__, uvicorn.__version__, pydantic.VERSION)'],
      { encoding: 'utf8' },
    ).trim();
    let loop = 'asyncio';
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import uvloop'], { stdio: 'ignore' });
      loop = 'uvloop';
    } catch {
      // asyncio
    }
    peer = `FastAPI ${versions.split(' ')[0]} + uvicorn ${versions.split(' ')[1]} (pydantic ${versions.split(' ')[2]}, ${loop} loop)`;
    for (const workers of [1, 2]) {
      const port = 18_100 + workers;
      const child = spawn(
        '/usr/bin/python3',
        [
          '-m',
          'uvicorn',
          'peer_fastapi:app',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--workers',
          String(workers),
          '--log-level',
          'warning',
          '--no-access-log',
        ],
        {
          cwd: HERE,
          env: { ...process.env, RK_PARAMS: join(dir, 'params.json') },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      const base = `http://127.0.0.1:${port}`;
      const killChild = () => child.kill('SIGTERM');
      process.once('exit', killChild);
      try {
        await measure(
          `uvicorn ×${workers}`,
          base,
          [
            { label: 'centroid single', path: '/v1/models/centroid/predict', body: single, instances: 1 },
            { label: 'centroid batch 100', path: '/v1/models/centroid/predict_batch', body: batch, instances: 100 },
          ],
          () => [child.pid as number, ...childPids(child.pid as number)],
          tool,
          dir,
          rows,
        );
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        process.off('exit', killChild);
      }
    }
  }

  console.log('');
  console.log(`| server | scenario | requests/s | predictions/s | p50 ms | p99 ms | errors | peak RSS MB |`);
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  const get = (server: string, label: string) => rows.find((r) => r[0] === server && r[1] === label);
  console.log('');
  console.log(`peer: ${peer}`);
  // ratios against the peer's best configuration in this run (STYLE rule 13): a uvicorn configuration slower than
  // another one of this run is never the base
  for (const [label, column] of [
    ['centroid single', 2],
    ['centroid batch 100', 3],
  ] as const) {
    const base = rows
      .filter((r) => r[0].startsWith('uvicorn') && r[1] === label)
      .sort((x, y) => Number(y[column]) - Number(x[column]))[0];
    if (!base) continue;
    for (const w of [1, 2]) {
      const n = get(`node ×${w}`, label);
      if (n)
        console.log(
          `ratio node ×${w} / ${base[0]} (the peer's best here), ${label}: ${(Number(n[column]) / Number(base[column])).toFixed(2)}×`,
        );
    }
  }
  const best = rows.filter((r) => r[1] === 'segments single').sort((a, b) => Number(b[2]) - Number(a[2]))[0];
  if (best)
    console.log(
      `target (≥ 12,000 single segment predictions/s, p99 < 10 ms at ${CONNECTIONS} connections): ${best[0]} ${best[2]}/s, p99 ${best[5]} ms → ${
        Number(best[2]) >= 12_000 && Number(best[5]) < 10 ? 'met' : 'not met on this run'
      }`,
    );
  console.log('');
  for (const r of rows) {
    const ratio = Number(r[5]) / Number(r[4]);
    console.log(`p99/p50 ${r[0]} ${r[1]}: ${ratio.toFixed(1)} (target ≤ 3: ${ratio <= 3 ? 'met' : 'not met'})`);
  }
  for (const line of hostileLines) console.log(line);
  console.log(`load average at end: ${execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim()}`);
  await rm(dir, { recursive: true, force: true });
}

/** The forecast model of the hostile run: fitted on a synthetic daily series (its cost depends on the request). */
function benchForecast() {
  const ds = Array.from({ length: 120 }, (_, t) => Date.UTC(2011, 0, 3) + t * 86_400_000);
  const y = ds.map((_, t) => 100 + t + [10, 5, 0, -5, -10, 0, 3][t % 7]);
  return fitForecaster(seriesFromArrays([{ id: 'total', y, ds }], { freq: 'D' }), { seed: 1, windows: 3, step: 8 })
    .model;
}

/**
 * The hostile run, one server process: `/health/live` p99 and single segment predictions/s, first unloaded, then
 * while `FLOOD` clients send the most expensive valid forecast request (the longest history and horizon its
 * published input schema allows) back to back. Returns the summary lines.
 */
async function hostile(dir: string, single: string, tool: 'wrk' | 'autocannon'): Promise<string[]> {
  const FLOOD = 4;
  const port = 18_050;
  cluster.setupPrimary({ execArgv: process.execArgv });
  const w = cluster.fork({ RK_BENCH_WORKER: '1', RK_DIR: dir, RK_PORT: String(port), RK_FORECAST: '1' });
  await new Promise((r) => w.once('message', r));
  const base = `http://127.0.0.1:${port}`;
  const run = (path: string, body: string | null, seconds: number) =>
    tool === 'wrk' ? wrk(base + path, body, seconds, dir) : autocannonRun(base + path, body, seconds);
  try {
    const info = (await (await fetch(`${base}/v1/models/forecast`)).json()) as {
      inputSchema: {
        properties: Record<string, { maximum?: number; properties?: Record<string, { maxItems?: number }> }>;
      };
    };
    const props = info.inputSchema.properties;
    const n = props.history?.properties?.y?.maxItems ?? 10_000;
    const horizon = props.horizon?.maximum ?? 366;
    const heavy = JSON.stringify({
      horizon,
      history: { y: Array.from({ length: n }, (_, t) => 100 + (t % 7) * 3 + t / 100) },
    });
    console.log(
      `hostile run: flood of ${FLOOD} clients, forecast { horizon: ${horizon}, history.y: ${n} numbers } (${heavy.length} bytes)`,
    );
    const segs = '/v1/models/segments/predict';
    await waitHttp(base + segs, single);
    await run(segs, single, 2); // warm-up
    const liveBefore = await run('/health/live', null, SECONDS);
    const segsBefore = await run(segs, single, SECONDS);
    const statuses = new Map<number, number>();
    let stop = false;
    const flood = Array.from({ length: FLOOD }, async () => {
      while (!stop) {
        try {
          const r = await fetch(`${base}/v1/models/forecast/predict`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: heavy,
          });
          await r.arrayBuffer();
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        } catch {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1000));
    const liveDuring = await run('/health/live', null, SECONDS);
    const segsDuring = await run(segs, single, SECONDS);
    stop = true;
    await Promise.all(flood);
    const share = segsDuring.rps / segsBefore.rps;
    return [
      '',
      `hostile run (node ×1, flood of ${FLOOD} × forecast horizon ${horizon}, history ${n}; answers ${[...statuses].map(([s, c]) => `${s}: ${c}`).join(', ')}):`,
      `  /health/live p50/p99 ms: unloaded ${liveBefore.p50.toFixed(2)}/${liveBefore.p99.toFixed(2)}, flooded ${liveDuring.p50.toFixed(2)}/${liveDuring.p99.toFixed(2)} (target p99 < 100: ${liveDuring.p99 < 100 ? 'met' : 'not met'})`,
      `  segments single/s: unloaded ${segsBefore.rps.toFixed(0)}, flooded ${segsDuring.rps.toFixed(0)} = ${(share * 100).toFixed(0)} % (target ≥ 50 %: ${share >= 0.5 ? 'met' : 'not met'}); p99 ms ${segsBefore.p99.toFixed(2)} → ${segsDuring.p99.toFixed(2)}`,
    ];
  } finally {
    w.kill();
    await new Promise((r) => setTimeout(r, 300));
  }
}

if (cluster.isPrimary && !process.env.RK_BENCH_WORKER) await primary();
else await worker();
