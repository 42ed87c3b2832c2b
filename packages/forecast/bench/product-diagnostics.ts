/**
 * Diagnostics of the product benchmark's held-out weeks — read after the choice, never used to make one: how far
 * an oracle gets, whether the shortfall is the level of all codes together (forecasts scaled to the actual
 * held-out total), which codes carry the error, and the benchmark with the 200 codes ranked on the training weeks
 * only (the issue ranks them on all 52 weeks, the held-out ones included). Run from /work/main:
 * npx tsx --tsconfig tsconfig.json packages/forecast/bench/product-diagnostics.ts
 */
import { strings } from '@retailkit/core';
import { wape } from '@retailkit/forecast';
import { readOnlineRetail } from './data.js';
import {
  bestBaseline,
  decemberAndSpring,
  evaluateProducts,
  holdOut,
  productCandidates,
  productLineFrame,
  productSeries,
} from './product.js';

const frame = await readOnlineRetail('product diagnostics');
if (!frame) process.exit(0);
const H = 8;
const lines = productLineFrame(frame);
const data = productSeries(lines);
const S = data.ids.length;
const { train, actual } = holdOut(data, H);
const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k];
  return s;
};
const actualTotal = sum(actual);

// 1. an oracle that knows each series' held-out median (the best constant forecast under absolute error)
const median = new Float64Array(S * H);
for (let i = 0; i < S; i++) {
  const a = Array.from(actual.subarray(i * H, (i + 1) * H)).sort((x, y) => x - y);
  median.fill((a[H / 2 - 1] + a[H / 2]) / 2, i * H, (i + 1) * H);
}
console.log(`oracle (each series' held-out median as a constant forecast): WAPE ${wape(actual, median).toFixed(4)}`);

// 2. forecasts scaled so that their 8-week total equals the actual held-out total
const { candidates } = productCandidates(H, { lines, ids: data.ids });
const shown = [
  'MeanLast8',
  'Q40Last4',
  'CappedMeanLast4',
  'GBT',
  'Mean(GBT,GBTSinceFirstSale,Q40Last7SFS,CappedMeanLast7)',
];
const forecasts = new Map<string, Float64Array>();
for (const m of candidates.filter((c) => shown.includes(c.alias))) {
  const p = m.forecast(train, H);
  forecasts.set(m.alias, p);
  const ratio = sum(p) / actualTotal;
  const scaled = p.map((v) => v / ratio);
  console.log(
    `${m.alias.padEnd(56)} WAPE ${wape(actual, p).toFixed(4)}; forecast total / actual ${ratio.toFixed(3)}; scaled to the actual total: WAPE ${wape(actual, scaled).toFixed(4)}`,
  );
}

// 3. where the error of CappedMeanLast4 sits: the largest codes by absolute error, and Christmas-like codes
const code = strings(lines, 'stockCode');
const description = strings(lines, 'description');
const names = new Map<string, string>();
for (let r = 0; r < code.codes.length; r++)
  if (code.codes[r] >= 0 && description.codes[r] >= 0 && !names.has(code.values[code.codes[r]]))
    names.set(code.values[code.codes[r]], description.values[description.codes[r]].trim());
const p = forecasts.get('CappedMeanLast4') as Float64Array;
const rows = data.ids.map((id, i) => {
  let e = 0;
  for (let h = 0; h < H; h++) e += Math.abs(actual[i * H + h] - p[i * H + h]);
  const y = train.y.subarray(train.offsets[i], train.offsets[i + 1]);
  const { december, spring } = decemberAndSpring(y);
  const christmas =
    /CHRISTMAS|XMAS|ADVENT|SANTA|REINDEER|SNOW/i.test(names.get(id) ?? '') || december > 3 * (spring + 1);
  return {
    id,
    e,
    heldOut: sum(actual.subarray(i * H, (i + 1) * H)),
    train: sum(y),
    last8: sum(y.subarray(-8)),
    christmas,
  };
});
const E = sum(rows.map((r) => r.e));
console.log('CappedMeanLast4, the 10 codes with the largest absolute error on the held-out weeks:');
let cumulative = 0;
for (const r of [...rows].sort((a, b) => b.e - a.e).slice(0, 10)) {
  cumulative += r.e;
  console.log(
    `  ${r.id.padEnd(7)} ${(names.get(r.id) ?? '').padEnd(36)} share of error ${(r.e / E).toFixed(3)} (cumulative ${(cumulative / E).toFixed(3)}); mean per week: held-out ${Math.round(r.heldOut / H)}, last 8 training weeks ${Math.round(r.last8 / 8)}${r.christmas ? '; Christmas-like' : ''}`,
  );
}
const xmas = rows.filter((r) => r.christmas);
const share = (f: (r: (typeof rows)[number]) => number, of: typeof rows) => sum(of.map(f)) / sum(rows.map(f));
const rest = rows.filter((r) => !r.christmas);
console.log(
  `Christmas-like codes (description, or December 2010 mean > 3 × the mean of weeks 5–20): ${xmas.length} of ${S}; share of training quantity ${share((r) => r.train, xmas).toFixed(3)}, of held-out quantity ${share((r) => r.heldOut, xmas).toFixed(3)}, of CappedMeanLast4's held-out absolute error ${share((r) => r.e, xmas).toFixed(3)}; its WAPE on them ${(sum(xmas.map((r) => r.e)) / sum(xmas.map((r) => r.heldOut))).toFixed(4)}, on the other codes ${(sum(rest.map((r) => r.e)) / sum(rest.map((r) => r.heldOut))).toFixed(4)}`,
);

// 4. the issue ranks the 200 codes by quantity over all 52 weeks, so codes can enter the 200 through their held-out
// sales (selection on the outcome); the same benchmark with the codes ranked on the 44 training weeks only
const n = data.offsets[1] - data.offsets[0];
const byTraining = productSeries(lines, n - H);
const entered = data.ids.filter((id) => !byTraining.ids.includes(id)).length;
const { selection, test } = evaluateProducts(lines, byTraining, H);
const chosen = (test.get(selection.model) as { wape: number }).wape;
const base = bestBaseline(test);
console.log(
  `ranked on the 44 training weeks instead: ${entered} of the 200 codes differ (they enter the issue's 200 through the held-out weeks); selected by the same backtest ${selection.model}: held-out WAPE ${chosen.toFixed(4)} vs best baseline ${base.name} ${base.wape.toFixed(4)}, ${((1 - chosen / base.wape) * 100).toFixed(1)} % lower; best candidate on the held-out weeks ${Math.min(...[...test.values()].map((t) => t.wape)).toFixed(4)}`,
);
