import { type ArimaOrder, arima, autoArima, minimumLength } from '../models/arima.js';
import { arimax } from '../models/arimax.js';
import { historicAverage, naive, seasonalNaive, windowAverage } from '../models/baselines.js';
import { ensemble } from '../models/ensemble.js';
import { holt, holtWinters, ses } from '../models/ets.js';
import type { ForecastModel } from '../models/model.js';
import { ridge } from '../models/ridge.js';
import { theta } from '../models/theta.js';

/**
 * The candidate models of `fitForecaster`, in order; SeasonalNaive (first) is the reference of the selection score.
 * Besides the classical models (positional season t mod m) there are calendar-aware Holt-Winters variants whose
 * season is the weekday of each date (a holiday gap does not shift the pattern; multiplicative, additive and
 * additive on log1p), and fixed mean/median combinations. Which one is used is decided by the backtest only.
 */
export function forecasterCandidates(seasonLength: number): ForecastModel[] {
  const m = seasonLength;
  const trendMembers: ForecastModel[] = [];
  for (const w of [42, 60, 72, 90, 120])
    for (const target of ['identity', 'log1p'] as const) trendMembers.push(ridge({ windowSize: w, target }));
  const hw = holtWinters({ seasonLength: m, damped: true });
  const sarima = arima({ order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: m } });
  const trend = ensemble({ models: trendMembers, alias: 'LocalTrendEnsemble' });
  const th = theta({ seasonLength: m });
  const dowMul = holtWinters({ seasonLength: m, seasonal: 'multiplicative', damped: true, seasonIndex: 'dayOfWeek' });
  const dowAdd = holtWinters({ seasonLength: m, damped: true, seasonIndex: 'dayOfWeek' });
  const dowLog = holtWinters({ seasonLength: m, damped: true, seasonIndex: 'dayOfWeek', target: 'log1p' });
  const dow = [dowMul, dowAdd, dowLog];
  return [
    seasonalNaive({ seasonLength: m }),
    naive(),
    historicAverage(),
    windowAverage({ windowSize: m }),
    ses(),
    holt({ damped: true }),
    hw,
    th,
    sarima,
    autoArima({ seasonLength: m }),
    ridge({ windowSize: 90 }),
    trend,
    ...dow,
    ensemble({ models: [hw, sarima, trend], alias: 'Combo(HW,SARIMA,Trend)' }),
    ensemble({ models: [hw, sarima, th, trend], alias: 'Combo(HW,SARIMA,Theta,Trend)' }),
    ensemble({ models: [hw, sarima, th, trend], statistic: 'median', alias: 'ComboMedian' }),
    ensemble({ models: dow, alias: 'Combo(DowHW)' }),
    ensemble({ models: [...dow, sarima, trend], alias: 'Combo(DowHW,SARIMA,Trend)' }),
    ensemble({ models: [...dow, sarima, trend], statistic: 'median', alias: 'ComboMedian(DowHW,SARIMA,Trend)' }),
  ];
}

/**
 * The price-aware candidates `fitForecaster` adds when the series carries a usable `exog.price`: regressions on log
 * price with AR(1) errors around a level, and with the seasonal ARIMA errors of the SARIMA candidate. Their
 * backtest forecasts hold the last price before each cutoff, as a served forecast does without a planned path.
 * Only those whose ARIMA can be fitted on `shortest` values (the earliest backtest cutoff) are offered.
 */
export function priceCandidates(seasonLength: number, shortest: number): ForecastModel[] {
  const orders: ArimaOrder[] = [
    { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, s: 1 },
    { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: seasonLength },
  ];
  return orders.filter((o) => minimumLength(o) <= shortest).map((order) => arimax({ order, regressors: ['price'] }));
}
