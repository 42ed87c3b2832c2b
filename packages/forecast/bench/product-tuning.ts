/**
 * Backtest-only tuning of the product-demand candidates: prints the backtest WAPE (5 windows, horizon 8, step 4,
 * inside the 44 training weeks) of the candidates of bench/product.ts and never reads the held-out weeks. This is
 * how the GBT's features and the ensembles were chosen. Run from /work/main:
 * npx tsx --tsconfig tsconfig.json packages/forecast/bench/product-tuning.ts [alias …]
 */
import { readCsv } from '@retailkit/connectors';
import { crossValidation, scoreBacktest, truncateSeries } from '@retailkit/forecast';
import { productCandidates, productSeries } from './product.js';

const DATA = new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url).pathname;
const { frame } = await readCsv(DATA);
const H = 8;
// the held-out weeks are cut off first; nothing below sees them
const train = truncateSeries(productSeries(frame), (_i, len) => len - H);
const only = process.argv.slice(2);
const { candidates } = productCandidates(H);
const models = only.length ? candidates.filter((m) => only.includes(m.alias)) : candidates;
const t0 = performance.now();
const cv = crossValidation(train, models, { horizon: H, windows: 5, step: 4 });
for (const s of scoreBacktest(cv)) console.log(`${s.model.padEnd(32)} backtest WAPE ${s.wape.toFixed(4)}`);
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
