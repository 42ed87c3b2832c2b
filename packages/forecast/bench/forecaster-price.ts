/**
 * `fitForecaster` with and without price on the weekly product series (real UCI data): for the 50 stock codes with
 * the most quantity over the 44 training weeks, each code's 52 weeks with its mean unit price as `exog.price`. Prints
 * how often a price-aware candidate was offered and selected by backtest, the slopes on log price of the selected
 * ones, and the test-window WAPE (pooled over the codes) of the selected models with and without price.
 *
 *   npx tsx --tsconfig tsconfig.json packages/forecast/bench/forecaster-price.ts
 */
import { fitForecaster, type SeriesData } from '@retailkit/forecast';
import { selectSeries } from '../src/internal/series-subsets.js';
import { readOnlineRetail } from './data.js';
import { productLineFrame, productSeries } from './product.js';

const CODES = 50;

function main(raw: Awaited<ReturnType<typeof readOnlineRetail>>): void {
  if (!raw) return;
  const t0 = performance.now();
  const all = productSeries(productLineFrame(raw), 44);
  let offered = 0;
  const betas: number[] = [];
  const err = { with: 0, without: 0, sum: 0 };
  for (let i = 0; i < CODES; i++) {
    const one = selectSeries(all, [i]);
    const { exog: _exog, ...plain } = one;
    const withPrice = fitForecaster(one, { seed: 42 }).report;
    const without = fitForecaster(plain as SeriesData, { seed: 42 }).report;
    if ((withPrice.price?.candidates.length ?? 0) > 0) offered++;
    if (withPrice.price?.selected) betas.push(withPrice.price.beta as number);
    const testAbs = (r: typeof withPrice) => {
      const row = r.evaluations.find((e) => e.window === 'test' && e.model === r.selected.model);
      return row ? row.mae * row.horizon : Number.NaN;
    };
    const n = withPrice.series[0].test;
    const testY = one.y.subarray(one.offsets[1] - n, one.offsets[1]);
    err.with += testAbs(withPrice);
    err.without += testAbs(without);
    for (const v of testY) err.sum += Math.abs(v);
  }
  betas.sort((a, b) => a - b);
  const q = (p: number) => (betas.length ? betas[Math.floor(p * (betas.length - 1))].toFixed(1) : '–');
  console.log(`fitForecaster with price, ${CODES} weekly product codes (ranked on the 44 training weeks):`);
  console.log(
    `  price candidates offered for ${offered} codes; a price model selected by backtest for ${betas.length}`,
  );
  console.log(`  slopes on log price of the selected: min ${q(0)}, median ${q(0.5)}, max ${q(1)} units a week`);
  console.log(
    `  test WAPE (pooled) of the selected models: ${(err.with / err.sum).toFixed(4)} with price, ${(err.without / err.sum).toFixed(4)} without`,
  );
  console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main(await readOnlineRetail('forecaster-price'));
