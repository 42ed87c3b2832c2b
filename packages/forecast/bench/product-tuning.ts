/**
 * Backtest-only tuning of the product-demand candidates: prints the backtest WAPE (5 windows, horizon 8, step 4,
 * inside the 44 training weeks) of the candidates of bench/product.ts and never reads the held-out weeks. This is
 * how the GBT's features and the ensembles were chosen. Run from /work/main:
 * npx tsx --tsconfig tsconfig.json packages/forecast/bench/product-tuning.ts [alias … | grid | pooled | wide]
 */
import { readCsv } from '@retailkit/connectors';
import {
  crossValidation,
  type ForecastModel,
  gradientBoosting,
  scoreBacktest,
  truncateSeries,
} from '@retailkit/forecast';
import {
  extraProductSeries,
  PRODUCT_GBT_OPTIONS,
  productCandidates,
  productLineFrame,
  productSeries,
  withExtraTrainingSeries,
} from './product.js';

const DATA = new URL('../../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url).pathname;
const { frame } = await readCsv(DATA);
const H = 8;
// the held-out weeks are cut off first; nothing below sees them
const lines = productLineFrame(frame);
const data = productSeries(lines);
const train = truncateSeries(data, (_i, len) => len - H);
const only = process.argv.slice(2);
const { candidates } = productCandidates(H, { lines, ids: data.ids });
// hyper-parameter variants of the GBT with one model per step, compared by backtest only (`grid`)
const base = { ...PRODUCT_GBT_OPTIONS(H), multiModels: true };
const grid: ForecastModel[] = [
  gradientBoosting({ ...base, alias: 'GBT' }),
  gradientBoosting({ ...base, minSamplesLeaf: 100, alias: 'GBT_leaf100' }),
  gradientBoosting({ ...base, minSamplesLeaf: 15, alias: 'GBT_leaf15' }),
  gradientBoosting({ ...base, maxDepth: 3, alias: 'GBT_depth3' }),
  gradientBoosting({ ...base, maxDepth: 6, alias: 'GBT_depth6' }),
  gradientBoosting({ ...base, nTrees: 400, learningRate: 0.025, alias: 'GBT_400x0.025' }),
  gradientBoosting({ ...base, nTrees: 100, alias: 'GBT_100' }),
  gradientBoosting({ ...base, scaleWindow: 13, alias: 'GBT_scale13' }),
];
// one model for all 8 steps (h as a feature, Darts' multi_models=False) instead of one per step (`pooled`)
const pooled: ForecastModel[] = [
  gradientBoosting({ ...base, alias: 'GBTPerStep' }),
  gradientBoosting({ ...base, multiModels: false, alias: 'GBTPooled' }),
  gradientBoosting({ ...base, multiModels: false, nTrees: 400, alias: 'GBTPooled_400' }),
  gradientBoosting({ ...base, multiModels: false, minSamplesLeaf: 200, alias: 'GBTPooled_leaf200' }),
];
// the GBT trained on 1,000 codes (the 200 plus 800 ranked by training-week quantity), scored on the 200
const extra = extraProductSeries(lines, data.ids, train.offsets[1] - train.offsets[0]);
const wide: ForecastModel[] = [withExtraTrainingSeries(gradientBoosting({ ...base, alias: 'GBT' }), extra, 'GBT1000')];
const models =
  only[0] === 'grid'
    ? grid
    : only[0] === 'pooled'
      ? pooled
      : only[0] === 'wide'
        ? wide
        : only.length
          ? candidates.filter((m) => only.includes(m.alias))
          : candidates;
const t0 = performance.now();
const cv = crossValidation(train, models, { horizon: H, windows: 5, step: 4 });
for (const s of scoreBacktest(cv)) console.log(`${s.model.padEnd(32)} backtest WAPE ${s.wape.toFixed(4)}`);
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
