/**
 * @retailkit/forecast benchmarks (issue #7): the reference daily series, product demand, and the 4,000-series
 * timing. Run from /work/main: npx tsx --tsconfig tsconfig.json packages/forecast/bench/index.ts
 */
import { readOnlineRetail } from './data.js';
import { productBenchmark, timingBenchmark } from './product.js';
import { referenceBenchmark } from './reference.js';

async function main(): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const frame = await readOnlineRetail('forecast bench');
  if (!frame) {
    clearInterval(timer);
    return;
  }
  console.log(`read ${frame.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const only = process.argv[2];
  if (!only || only === 'reference')
    console.log(`\n== 1. reference daily series ==\n${referenceBenchmark(frame).lines.join('\n')}`);
  if (!only || only === 'product')
    console.log(`\n== 2. product demand ==\n${productBenchmark(frame).lines.join('\n')}`);
  if (!only || only === 'timing') console.log(`\n== timing ==\n${timingBenchmark(frame).lines.join('\n')}`);
  clearInterval(timer);
  console.log(
    `\npeak RSS ${(peak / 1e6).toFixed(0)} MB (sampled every 50 ms); timings are noisy when other sessions load the 2 cores.`,
  );
}

await main();
