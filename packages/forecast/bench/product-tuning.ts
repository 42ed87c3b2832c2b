/**
 * Backtest-only tuning of the product-demand candidates: prints the backtest WAPE (5 windows, horizon 8, step 4,
 * inside the 44 training weeks) of the candidates of bench/product.ts and never reads the held-out weeks. This is
 * how the GBT's features and the ensembles were chosen. Run from /work/main:
 * npx tsx --tsconfig tsconfig.json packages/forecast/bench/product-tuning.ts [alias … | grid | pooled | wide | static | cap | intermittent]
 */
import { readCsv } from '@retailkit/connectors';
import {
  adida,
  crossValidation,
  crostonClassic,
  crostonOptimized,
  crostonSba,
  type ForecastModel,
  gradientBoosting,
  imapa,
  scoreBacktest,
  truncateSeries,
  tsb,
  windowAverage,
} from '@retailkit/forecast';
import {
  extraProductSeries,
  fromHistory,
  PRODUCT_GBT_OPTIONS,
  productCandidates,
  productHistory,
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
// the pooled GBT with a Christmas-affinity static feature per code: log of the mean of weeks 1–3 (December 2010)
// over the mean of weeks 5–20 (week 4 was closed), both before the first backtest cutoff (week 20), alone or with
// the two logs, and with the ISO week of the target date (`static`)
const xmas: Record<string, number[]> = {};
for (let i = 0; i < train.ids.length; i++) {
  const y = train.y.subarray(train.offsets[i], train.offsets[i + 1]);
  const dec = (y[0] + y[1] + y[2]) / 3;
  let spring = 0;
  for (let t = 4; t < 20; t++) spring += y[t] / 16;
  xmas[train.ids[i]] = [Math.log((dec + 1) / (spring + 1)), Math.log1p(dec), Math.log1p(spring)];
}
const pick = (k: number) => Object.fromEntries(Object.entries(xmas).map(([id, v]) => [id, v.slice(0, k)]));
const pooledBase = PRODUCT_GBT_OPTIONS(H);
const statics: ForecastModel[] = [
  gradientBoosting({ ...pooledBase, alias: 'GBT' }),
  gradientBoosting({ ...pooledBase, staticFeatures: { names: ['xmas'], values: pick(1) }, alias: 'GBT_xmas' }),
  gradientBoosting({
    ...pooledBase,
    staticFeatures: { names: ['xmas', 'dec', 'spring'], values: pick(3) },
    alias: 'GBT_xmas3',
  }),
  gradientBoosting({
    ...pooledBase,
    staticFeatures: { names: ['xmas'], values: pick(1) },
    dateFeatures: ['week'],
    alias: 'GBT_xmas_week',
  }),
  gradientBoosting({ ...pooledBase, dateFeatures: ['week'], alias: 'GBT_week' }),
];
// line caps at other quantiles (buildSeries `cap`), means of 4, 6, 8 weeks and the median of 6 (`cap`)
const caps: ForecastModel[] = [];
if (only[0] === 'cap')
  for (const quantile of [0.75, 0.85, 0.9, 0.95, 0.98]) {
    const h = productHistory(lines, data.ids, { cap: { quantile, minLines: 20 } });
    for (const w of [4, 6, 8]) caps.push(fromHistory(windowAverage({ windowSize: w }), h, `Cap${quantile}Mean${w}`));
    caps.push(fromHistory(windowAverage({ windowSize: 6, statistic: 'median' }), h, `Cap${quantile}Median6`));
  }
// the intermittent-demand models against MeanLast8 (`intermittent`)
const intermittent: ForecastModel[] = [
  crostonClassic(),
  crostonSba(),
  crostonOptimized(),
  tsb({ alphaD: 0.2, alphaP: 0.2 }),
  adida(),
  imapa(),
  windowAverage({ windowSize: 8, alias: 'MeanLast8' }),
];
const modes: Record<string, ForecastModel[]> = { grid, pooled, wide, static: statics, cap: caps, intermittent };
const models =
  only[0] in modes ? modes[only[0]] : only.length ? candidates.filter((m) => only.includes(m.alias)) : candidates;
const t0 = performance.now();
const cv = crossValidation(train, models, { horizon: H, windows: 5, step: 4 });
for (const s of scoreBacktest(cv)) console.log(`${s.model.padEnd(32)} backtest WAPE ${s.wape.toFixed(4)}`);
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
