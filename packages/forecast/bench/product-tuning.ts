/**
 * Backtest-only tuning of the product-demand candidates: prints the backtest WAPE (5 windows, horizon 8, step 4,
 * inside the 44 training weeks) of the candidates of bench/product.ts and never reads the held-out weeks. This is
 * how the GBT's features and the ensembles were chosen. Run from /work/main:
 * npx tsx --tsconfig tsconfig.json packages/forecast/bench/product-tuning.ts [alias … | grid | pooled | wide | static | cap | intermittent]
 */
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
  tsb,
  windowAverage,
} from '@retailkit/forecast';
import { readOnlineRetail } from './data.js';
import {
  decemberAndSpring,
  extraProductSeries,
  fromHistory,
  holdOut,
  PRODUCT_BACKTEST,
  PRODUCT_GBT_OPTIONS,
  productCandidates,
  productHistory,
  productLineFrame,
  productSeries,
  withExtraTrainingSeries,
} from './product.js';

const frame = await readOnlineRetail('product tuning');
if (!frame) process.exit(0);
const H = 8;
// the held-out weeks are cut off first; nothing below sees them
const lines = productLineFrame(frame);
const data = productSeries(lines);
const { train } = holdOut(data, H);
const only = process.argv.slice(2);
const perStep = { ...PRODUCT_GBT_OPTIONS(H), multiModels: true };
const pooled = PRODUCT_GBT_OPTIONS(H);

/** The pooled GBT's Christmas-affinity static features per code (see decemberAndSpring). */
function christmasFeatures(k: number): { names: string[]; values: Record<string, number[]> } {
  const values: Record<string, number[]> = {};
  for (let i = 0; i < train.ids.length; i++) {
    const { december, spring } = decemberAndSpring(train.y.subarray(train.offsets[i], train.offsets[i + 1]));
    values[train.ids[i]] = [Math.log((december + 1) / (spring + 1)), Math.log1p(december), Math.log1p(spring)].slice(
      0,
      k,
    );
  }
  return { names: ['xmas', 'dec', 'spring'].slice(0, k), values };
}

/** The model sets, built only when asked for (some build extra series). */
const modes: Record<string, () => ForecastModel[]> = {
  // hyper-parameter variants of the GBT with one model per step
  grid: () => [
    gradientBoosting({ ...perStep, alias: 'GBT' }),
    gradientBoosting({ ...perStep, minSamplesLeaf: 100, alias: 'GBT_leaf100' }),
    gradientBoosting({ ...perStep, minSamplesLeaf: 15, alias: 'GBT_leaf15' }),
    gradientBoosting({ ...perStep, maxDepth: 3, alias: 'GBT_depth3' }),
    gradientBoosting({ ...perStep, maxDepth: 6, alias: 'GBT_depth6' }),
    gradientBoosting({ ...perStep, nTrees: 400, learningRate: 0.025, alias: 'GBT_400x0.025' }),
    gradientBoosting({ ...perStep, nTrees: 100, alias: 'GBT_100' }),
    gradientBoosting({ ...perStep, scaleWindow: 13, alias: 'GBT_scale13' }),
  ],
  // one model for all 8 steps (h as a feature, Darts' multi_models=False) instead of one per step
  pooled: () => [
    gradientBoosting({ ...perStep, alias: 'GBTPerStep' }),
    gradientBoosting({ ...perStep, multiModels: false, alias: 'GBTPooled' }),
    gradientBoosting({ ...perStep, multiModels: false, nTrees: 400, alias: 'GBTPooled_400' }),
    gradientBoosting({ ...perStep, multiModels: false, minSamplesLeaf: 200, alias: 'GBTPooled_leaf200' }),
  ],
  // the GBT trained on 1,000 codes (the 200 plus 800 ranked by training-week quantity), scored on the 200
  wide: () => [
    withExtraTrainingSeries(
      gradientBoosting({ ...perStep, alias: 'GBT' }),
      extraProductSeries(lines, data.ids, train.offsets[1] - train.offsets[0]),
      'GBT1000',
    ),
  ],
  // the pooled GBT with Christmas-affinity static features: the log ratio alone, with the two logs, with the ISO
  // week of the target date, and the week alone
  static: () => [
    gradientBoosting({ ...pooled, alias: 'GBT' }),
    gradientBoosting({ ...pooled, staticFeatures: christmasFeatures(1), alias: 'GBT_xmas' }),
    gradientBoosting({ ...pooled, staticFeatures: christmasFeatures(3), alias: 'GBT_xmas3' }),
    gradientBoosting({
      ...pooled,
      staticFeatures: christmasFeatures(1),
      dateFeatures: ['week'],
      alias: 'GBT_xmas_week',
    }),
    gradientBoosting({ ...pooled, dateFeatures: ['week'], alias: 'GBT_week' }),
  ],
  // line caps at other quantiles (buildSeries `cap`): means of 4, 6, 8 weeks and the median of 6
  cap: () =>
    [0.75, 0.85, 0.9, 0.95, 0.98].flatMap((quantile) => {
      const h = productHistory(lines, data.ids, { cap: { quantile, minLines: 20 } });
      return [
        ...[4, 6, 8].map((w) => fromHistory(windowAverage({ windowSize: w }), h, `Cap${quantile}Mean${w}`)),
        fromHistory(windowAverage({ windowSize: 6, statistic: 'median' }), h, `Cap${quantile}Median6`),
      ];
    }),
  // the intermittent-demand models against MeanLast8
  intermittent: () => [
    crostonClassic(),
    crostonSba(),
    crostonOptimized(),
    tsb({ alphaD: 0.2, alphaP: 0.2 }),
    adida(),
    imapa(),
    windowAverage({ windowSize: 8, alias: 'MeanLast8' }),
  ],
};
const candidates = () => productCandidates(H, { lines, ids: data.ids }).candidates;
const models =
  only[0] in modes ? modes[only[0]]() : only.length ? candidates().filter((m) => only.includes(m.alias)) : candidates();
const t0 = performance.now();
const cv = crossValidation(train, models, { horizon: H, ...PRODUCT_BACKTEST });
for (const s of scoreBacktest(cv)) console.log(`${s.model.padEnd(32)} backtest WAPE ${s.wape.toFixed(4)}`);
console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
