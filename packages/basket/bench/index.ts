/**
 * Basket bench: frequent itemsets on the real UCI Online Retail data, beside `node-fpgrowth` in the same run.
 *
 *   npx tsx --tsconfig tsconfig.json packages/basket/bench/index.ts [--runs 5] [--peer-runs 3] [--supports 0.02,0.01,0.005]
 *
 * Input: non-cancelled invoices, product lines (stock code starting with a digit), quantity > 0 and price > 0,
 * baskets with ≥ 2 distinct stock codes. Every (miner, minSupport) runs in its own child process, so the peak RSS
 * printed (`process.resourceUsage().maxRSS`) is that miner's alone (plus Node and the transactions).
 */
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { apriori, basketsFromArrays, buildBaskets, fpgrowth } from '@retailkit/basket';
import { readCsv } from '@retailkit/connectors';
import { type Frame, filter, numbers, strings } from '@retailkit/core';
import { FPGrowth } from 'node-fpgrowth';

const DATA = new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url);
const TX_FILE = join(tmpdir(), 'retailkit-basket-bench-transactions.json');

type Miner = 'fpgrowth' | 'apriori' | 'node-fpgrowth';
interface ChildResult {
  miner: Miner;
  minSupport: number;
  ms: number[];
  cpuMs: number[];
  itemsets: number;
  maxRssMb: number;
}

/**
 * The bench's input lines: invoices not starting with `C`, stock codes starting with a digit (products), quantity > 0
 * and unit price > 0. Kept here so the mined baskets stay those of every earlier run in bench/RESULTS.md.
 */
function productLines(frame: Frame): Frame {
  const inv = strings(frame, 'invoiceNo');
  const code = strings(frame, 'stockCode');
  const q = numbers(frame, 'quantity');
  const p = numbers(frame, 'unitPrice');
  const cancelled = inv.values.map((v) => v.startsWith('C'));
  const product = code.values.map((v) => v.length > 0 && v.charCodeAt(0) >= 48 && v.charCodeAt(0) <= 57);
  return filter(frame, (i) => {
    const ic = inv.codes[i];
    const sc = code.codes[i];
    return ic >= 0 && sc >= 0 && !cancelled[ic] && product[sc] && q[i] > 0 && p[i] > 0;
  });
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function child(miner: Miner, minSupport: number, runs: number): Promise<void> {
  const arrays = JSON.parse(readFileSync(TX_FILE, 'utf8')) as string[][];
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let itemsets = 0;
  const timed = async (f: () => Promise<number> | number): Promise<void> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    itemsets = await f();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  };
  if (miner === 'node-fpgrowth') {
    // integer items: node-fpgrowth's fastest input (it keys items by JSON.stringify)
    const baskets = basketsFromArrays(arrays);
    const tx: number[][] = [];
    for (let b = 0; b < baskets.length; b++)
      tx.push(Array.from(baskets.items.subarray(baskets.offsets[b], baskets.offsets[b + 1])));
    for (let r = 0; r < runs; r++) await timed(async () => (await new FPGrowth<number>(minSupport).exec(tx)).length);
  } else {
    const baskets = basketsFromArrays(arrays);
    const mine = miner === 'fpgrowth' ? fpgrowth : apriori;
    for (let r = 0; r < runs; r++) await timed(() => mine(baskets, { minSupport }).itemsets.length);
  }
  const result: ChildResult = {
    miner,
    minSupport,
    ms,
    cpuMs,
    itemsets,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result);
}

function runChild(miner: Miner, minSupport: number, runs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const cp = fork(new URL(import.meta.url).pathname, ['--child', miner, String(minSupport), String(runs)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let got: ChildResult | null = null;
    cp.on('message', (m) => {
      got = m as ChildResult;
    });
    cp.on('exit', (code) => (got ? resolve(got) : reject(new Error(`${miner} @ ${minSupport} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const ci = process.argv.indexOf('--child');
  if (ci >= 0) {
    await child(process.argv[ci + 1] as Miner, Number(process.argv[ci + 2]), Number(process.argv[ci + 3]));
    return;
  }
  if (!existsSync(DATA)) {
    console.log(`basket bench: ${DATA.pathname} is absent; skipped.`);
    return;
  }
  const runs = Number(arg('runs', '5'));
  const peerRuns = Number(arg('peer-runs', '3'));
  const supports = arg('supports', '0.02,0.01,0.005').split(',').map(Number);
  const t0 = performance.now();
  const { frame } = await readCsv(DATA.pathname);
  const tRead = performance.now() - t0;
  const t1 = performance.now();
  const products = productLines(frame);
  const baskets = buildBaskets(products, { item: 'stockCode', minItems: 2 });
  const tBuild = performance.now() - t1;
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  console.log(
    `data: ${frame.length} rows read in ${(tRead / 1000).toFixed(2)} s; ${products.length} product lines → ${baskets.length} baskets × ${baskets.itemLabels.length} items (mean ${(baskets.items.length / baskets.length).toFixed(1)} items/basket) in ${tBuild.toFixed(0)} ms`,
  );
  const arrays: string[][] = [];
  for (let b = 0; b < baskets.length; b++)
    arrays.push(
      Array.from(baskets.items.subarray(baskets.offsets[b], baskets.offsets[b + 1]), (i) => baskets.itemLabels[i]),
    );
  writeFileSync(TX_FILE, JSON.stringify(arrays));
  console.log(
    `median of ${runs} runs per cell, each (miner, minSupport) in its own process; peak RSS = maxRSS of that process`,
  );
  console.log(
    'minSupport | miner         | itemsets | median ms | median CPU ms | peak RSS MB | vs node-fpgrowth (wall, CPU)',
  );
  for (const s of supports) {
    const peer = await runChild('node-fpgrowth', s, peerRuns);
    const rows: ChildResult[] = [await runChild('fpgrowth', s, runs), await runChild('apriori', s, runs), peer];
    if (rows[0].itemsets !== peer.itemsets || rows[1].itemsets !== peer.itemsets)
      console.log(`  itemset counts differ at ${s}: ${rows.map((r) => `${r.miner} ${r.itemsets}`).join(', ')}`);
    for (const r of rows) {
      const ratio = median(peer.ms) / median(r.ms);
      const cpuRatio = median(peer.cpuMs) / median(r.cpuMs);
      console.log(
        `${String(s).padEnd(10)} | ${r.miner.padEnd(13)} | ${String(r.itemsets).padStart(8)} | ${median(r.ms).toFixed(1).padStart(9)} | ${median(r.cpuMs).toFixed(1).padStart(13)} | ${r.maxRssMb.toFixed(0).padStart(11)} | ${r.miner === 'node-fpgrowth' ? '1.0×' : `${ratio.toFixed(1)}×, ${cpuRatio.toFixed(1)}× faster`}`,
      );
    }
  }
}

await main();
