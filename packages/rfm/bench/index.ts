/**
 * @retailkit/rfm benchmark on the real UCI Online Retail data, on one thread: features for every identified
 * customer, KMeans k = 2..12 (fitSegmenter's default restarts), silhouette for every k (fitSegmenter's default
 * seeded sample), decision-tree random search (20 candidates × 5-fold CV), permutation importance (10 repeats);
 * stage times (median of RUNS runs), peak RSS, and the scikit-learn peer (bench/peer_sklearn.py through Debian's
 * /usr/bin/python3, the same stages and settings) measured in the same run, with the ratio. Dated results go to
 * bench/RESULTS.md.
 *
 * Run from the repository root: npx tsx --tsconfig tsconfig.json packages/rfm/bench/index.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRng, type Frame, filter } from '@retailkit/core';
import {
  applyScaler,
  customerFeatures,
  DEFAULT_SEGMENT_FEATURES,
  explainSegments,
  fitKMeans,
  fitScaler,
  fitSegmenter,
  type Matrix,
  permutationImportance,
  predictTree,
  silhouetteScores,
  validateChurn,
} from '@retailkit/rfm';

/** The UCI file next to the checkout (`RFM_BENCH_DATA` overrides, e.g. from a worktree elsewhere). */
const DATA =
  process.env.RFM_BENCH_DATA ??
  fileURLToPath(new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
const RUNS = Number(process.env.RFM_BENCH_RUNS ?? 3);
/** fitSegmenter's defaults: KMeans restarts per k, and the silhouette sample. */
const RESTARTS = 2;
const SILHOUETTE_SAMPLE = 2000;
const SEED = 42;

if (!existsSync(DATA)) {
  console.log(`rfm bench: ${DATA} not found; skipped.`);
  process.exit(0);
}

const loadAtStart = loadavg();
let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const timer = setInterval(sample, 20);

const { readCsv } = await import('@retailkit/connectors');
const t0 = performance.now();
const { frame } = await readCsv(DATA);
const readMs = performance.now() - t0;
const clean = cleanFrame(frame);

type Stage = 'features' | 'kmeans' | 'silhouette' | 'tree' | 'importance';
const stages: Record<Stage, number[]> = { features: [], kmeans: [], silhouette: [], tree: [], importance: [] };
const cpu: Record<Stage, number[]> = { features: [], kmeans: [], silhouette: [], tree: [], importance: [] };
let cpuMark = process.cpuUsage();
/** CPU seconds of this process since the previous call (user + system): robust to other processes' load. */
const cpuSince = () => {
  const d = process.cpuUsage(cpuMark);
  cpuMark = process.cpuUsage();
  return (d.user + d.system) / 1000;
};
let last: { k: number; silhouette: number[]; accuracy: number; customers: number } | undefined;
for (let run = 0; run < RUNS; run++) {
  cpuSince();
  let t = performance.now();
  const table = customerFeatures(clean);
  stages.features.push(performance.now() - t);
  cpu.features.push(cpuSince());
  sample();

  t = performance.now();
  const raw = featureMatrix(table);
  const x = applyScaler(fitScaler(raw, DEFAULT_SEGMENT_FEATURES, { log1p: true }), raw);
  const fits = [];
  for (let k = 2; k <= 12; k++) fits.push(fitKMeans(x, { k, seed: SEED + k, restarts: RESTARTS }));
  stages.kmeans.push(performance.now() - t);
  cpu.kmeans.push(cpuSince());
  sample();

  t = performance.now();
  const sil = silhouetteScores(
    x,
    fits.map((f) => f.labels),
    { sampleSize: SILHOUETTE_SAMPLE, seed: SEED },
  );
  stages.silhouette.push(performance.now() - t);
  cpu.silhouette.push(cpuSince());
  sample();

  const labels = fits[3].labels; // k = 5
  t = performance.now();
  const exp = explainSegments(table, labels, { features: DEFAULT_SEGMENT_FEATURES, seed: SEED, importanceRepeats: 0 });
  stages.tree.push(performance.now() - t);
  cpu.tree.push(cpuSince());
  sample();

  cpuSince();
  t = performance.now();
  const rows = createRng(SEED).shuffle(Int32Array.from({ length: table.length }, (_, i) => i));
  const test = rows.subarray(0, Math.round(table.length * 0.2));
  const all = featureMatrix(table);
  const xt = { n: test.length, d: all.d, data: new Float64Array(test.length * all.d) };
  test.forEach((r, i) => {
    xt.data.set(all.data.subarray(r * all.d, (r + 1) * all.d), i * all.d);
  });
  permutationImportance(
    (m) => predictTree(exp.tree, m),
    xt,
    Int32Array.from(test, (r) => labels[r]),
    DEFAULT_SEGMENT_FEATURES,
    { repeats: 10, seed: SEED },
  );
  stages.importance.push(performance.now() - t);
  cpu.importance.push(cpuSince());
  sample();
  last = { k: 5, silhouette: sil.scores, accuracy: exp.accuracy, customers: table.length };
}

// not counted in the target: the full CLI run and the churn model's calibration/holdout check
let t1 = performance.now();
const full = fitSegmenter(clean, { seed: SEED }).report;
const fullMs = performance.now() - t1;
t1 = performance.now();
const churn = validateChurn(clean, { cutoff: '2011-09-10', horizon: 90 });
const churnMs = performance.now() - t1;
const churnSummer = validateChurn(clean, { cutoff: '2011-06-01', horizon: 90 });
clearInterval(timer);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const ours: Record<string, number> = {};
for (const [k, v] of Object.entries(stages)) ours[k] = median(v) / 1000;
ours.total = Object.values(ours).reduce((s, v) => s + v, 0);
const oursCpu: Record<string, number> = {};
for (const [k, v] of Object.entries(cpu)) oursCpu[k] = median(v) / 1000;
oursCpu.total = Object.values(oursCpu).reduce((s, v) => s + v, 0);

console.log(`rfm bench — UCI Online Retail, ${last!.customers} identified customers, median of ${RUNS} runs`);
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
console.log(
  `load average (1, 5, 15 min) at start ${load(loadAtStart)}, after our runs ${load(loadavg())} on ${cpus().length} cores (noisy when other work runs)`,
);
console.log(`read CSV (not counted): ${(readMs / 1000).toFixed(2)} s`);

let peer: { seconds: Record<string, number>; cpuSeconds: Record<string, number>; customers: number } | undefined;
const script = fileURLToPath(new URL('./peer_sklearn.py', import.meta.url));
try {
  execFileSync('/usr/bin/python3', ['-c', 'import sklearn, pandas'], { stdio: 'ignore' });
  const out = execFileSync(
    '/usr/bin/python3',
    [script, DATA, String(RUNS), String(RESTARTS), String(SILHOUETTE_SAMPLE)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  peer = JSON.parse(out.trim().split('\n').at(-1)!);
} catch {
  console.log('peer: /usr/bin/python3 with scikit-learn and pandas not available; peer skipped.');
}
console.log('stage         wall (s): retailkit  scikit-learn  ratio     CPU (s): retailkit  scikit-learn  ratio');
for (const k of [...Object.keys(stages), 'total']) {
  const p = peer?.seconds[k];
  const pc = peer?.cpuSeconds[k];
  const cell = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(3));
  const ratio = (a: number | undefined, b: number) => (a === undefined ? '' : `${(a / b).toFixed(1)}×`);
  console.log(
    `${k.padEnd(13)} ${cell(ours[k]).padStart(19)} ${cell(p).padStart(13)} ${ratio(p, ours[k]).padStart(6)} ${cell(oursCpu[k]).padStart(19)} ${cell(pc).padStart(13)} ${ratio(pc, oursCpu[k]).padStart(6)}`,
  );
}
console.log(
  'ratio = scikit-learn time / retailkit time (> 1: retailkit faster). retailkit runs on one thread; CPU time counts every thread of a process (scikit-learn may use several).',
);
{
  const ratio = peer ? peer.seconds.total / ours.total : undefined;
  console.log(
    `targets: total ≤ 2 s wall → ${ours.total.toFixed(2)} s (${ours.total <= 2 ? 'met' : 'not met'}); ≥ 2× faster than scikit-learn in wall time → ${ratio === undefined ? 'no peer' : `${ratio.toFixed(2)}× (${ratio >= 2 ? 'met' : 'not met'})`}`,
  );
  const first = (Object.keys(stages) as Stage[]).reduce((t, k) => t + stages[k][0], 0) / 1000;
  console.log(`first run alone: ${first.toFixed(2)} s wall`);
}
console.log(`peak RSS (sampled): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(
  `fitSegmenter (all stages + outlier segment, profiles, BG/NBD/Gamma-Gamma, artifact; not counted): ${(fullMs / 1000).toFixed(2)} s wall; k=${full.k}, silhouette ${full.silhouette.toFixed(3)}, tree accuracy ${full.explanation.accuracy.toFixed(3)}, macro-F1 ${full.explanation.macroF1.toFixed(3)}`,
);
console.log(
  `BG/NBD calibration to 2011-09-10, holdout 90 days (${(churnMs / 1000).toFixed(2)} s): predicted ${churn.predictedTotal.toFixed(0)} vs actual ${churn.actualTotal.toFixed(0)} repeat purchase days (${(100 * churn.totalError).toFixed(1)}%), per-customer MAE ${churn.mae.toFixed(3)} (naive rate baseline ${churn.baselineMae.toFixed(3)}), params r=${churn.params.r.toFixed(3)} α=${churn.params.alpha.toFixed(2)} a=${churn.params.a.toFixed(4)} b=${churn.params.b.toFixed(3)}`,
);
console.log(
  `BG/NBD calibration to 2011-06-01, holdout 90 days: predicted ${churnSummer.predictedTotal.toFixed(0)} vs actual ${churnSummer.actualTotal.toFixed(0)} (${(100 * churnSummer.totalError).toFixed(1)}%), per-customer MAE ${churnSummer.mae.toFixed(3)} (naive rate baseline ${churnSummer.baselineMae.toFixed(3)})`,
);
console.log(
  `silhouette k=2..12: ${last!.silhouette.map((s) => s.toFixed(3)).join(' ')}; tree holdout accuracy ${last!.accuracy.toFixed(3)}`,
);

/** The default clustering features of a customerFeatures table as a row-major matrix. */
function featureMatrix(table: Frame): Matrix {
  const d = DEFAULT_SEGMENT_FEATURES.length;
  const data = new Float64Array(table.length * d);
  DEFAULT_SEGMENT_FEATURES.forEach((name, j) => {
    const col = (table.columns[name] as { data: Float64Array }).data;
    for (let i = 0; i < table.length; i++) data[i * d + j] = col[i];
  });
  return { n: table.length, d, data };
}

function cleanFrame(f: Frame): Frame {
  const q = (f.columns.quantity as { data: Float64Array }).data;
  const p = (f.columns.unitPrice as { data: Float64Array }).data;
  const inv = f.columns.invoiceNo as { codes: Int32Array; values: readonly string[] };
  const cu = f.columns.customerId as { codes: Int32Array };
  const cancelled = inv.values.map((v) => v.startsWith('C'));
  return filter(f, (i) => q[i] > 0 && p[i] > 0 && cu.codes[i] >= 0 && !cancelled[inv.codes[i]]);
}
