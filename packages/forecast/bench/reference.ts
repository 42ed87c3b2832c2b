/**
 * The original notebook's daily series (replayed by the example, `examples/end-to-end/src/reference/forecast.ts`):
 * `fitForecaster` against the candidates and statsmodels SARIMAX. Imported by bench/index.ts.
 */
import type { Frame } from '@retailkit/core';
import {
  conformalIntervals,
  coverage,
  crossValidation,
  intervalScore,
  mape,
  rmse,
  type SeriesData,
} from '@retailkit/forecast';
import { cleanReference, referenceNoFreeLines } from '../../../examples/end-to-end/src/reference/cleaning.js';
import { referenceDailySeries, referenceForecast } from '../../../examples/end-to-end/src/reference/forecast.js';
import { calibrateIntervals } from '../src/internal/calibrate-intervals.js';
import { forecasterCandidates } from '../src/internal/forecaster-candidates.js';
import { intervalHalfWidths } from '../src/internal/interval-half-widths.js';
import { truncateSeries } from '../src/internal/series-subsets.js';
import { fitArima } from '../src/models/arima.js';
import { pythonAvailable, runPython } from './python.js';

/** The reference cleaning's output and the reference data without the free-lines step, as the CLI builds them. */
function referenceInputs(raw: Frame): { cleaned: Frame; noFree: Frame } {
  return { cleaned: cleanReference(raw).frame, noFree: referenceNoFreeLines(raw) };
}

export function referenceBenchmark(raw: Frame): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const t0 = performance.now();
  const { cleaned, noFree } = referenceInputs(raw);
  const series = referenceDailySeries(cleaned, noFree);
  const tSeries = performance.now() - t0;
  lines.push(`reference daily series: ${series.y.length} trading days (built in ${tSeries.toFixed(0)} ms)`);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const { report: summary } = referenceForecast(cleaned, noFree, 42);
  const tReport = performance.now() - t1;
  const cpu = process.cpuUsage(c1);
  const cpuReport = (cpu.user + cpu.system) / 1e6;
  const s = summary.series[0];
  lines.push(
    `train ${s.train} rows, test ${s.test} rows, season ${s.seasonLength}; report in ${(tReport / 1000).toFixed(1)} s wall, ${cpuReport.toFixed(1)} s CPU (wall grows with the machine's load)`,
  );
  lines.push('model                       | backtest RMSE  MAPE  | test RMSE   MAE     MAPE');
  const bt = new Map(summary.evaluations.filter((e) => e.window === 'backtest').map((e) => [e.model, e]));
  for (const e of summary.evaluations.filter((r) => r.window === 'test')) {
    const b = bt.get(e.model);
    lines.push(
      `${(e.model + (e.leaky ? ' (LEAKY)' : '')).padEnd(28)}| ${b ? `${b.rmse.toFixed(0).padStart(8)} ${b.mape.toFixed(3)}` : '       -     - '} | ${e.rmse.toFixed(0).padStart(8)} ${e.mae.toFixed(0).padStart(7)} ${e.mape.toFixed(4)}`,
    );
  }
  const sel = summary.selected.model;
  lines.push(`selected: ${sel} — ${summary.selected.reason}`);
  lines.push(
    `conformal ${summary.intervals.level} interval coverage on test: ${summary.intervals.testCoverage.toFixed(3)} (${summary.intervals.method})`,
  );
  const selBacktest = bt.get(sel);
  if (selBacktest) lines.push(intervalComparison(series, sel, summary.intervals.level, selBacktest.horizon));
  const test = (m: string) => summary.evaluations.find((e) => e.window === 'test' && e.model === m);
  const back = (m: string) => bt.get(m);
  const selB = back(sel);
  const selT = test(sel);
  let ok = true;
  const score = (m: string) => {
    const b = back(m);
    const ref = back('SeasonalNaive');
    return b && ref ? (b.rmse / ref.rmse + b.mape / ref.mape) / 2 : Number.NaN;
  };
  for (const peer of ['SeasonalNaive', 'HoltWintersDamped', 'ARIMA(1,1,1)(1,0,1)[6]', 'AutoARIMA']) {
    const win = score(sel) <= score(peer);
    ok &&= win;
    lines.push(
      `backtest (inside training): ${sel} score ${score(sel).toFixed(4)} vs ${peer} ${score(peer).toFixed(4)} → ${win ? 'beats' : 'LOSES'}`,
    );
  }
  const leaky = test('LeakyTestMean');
  const sar = test('ARIMA(1,1,1)(1,0,1)[6]');
  for (const [name, peer] of [
    ['leaky test mean', leaky],
    ['SARIMA(1,1,1)(1,0,1)[6] ML', sar],
  ] as const) {
    if (!peer || !selT) continue;
    const win = selT.rmse < peer.rmse && selT.mape < peer.mape;
    ok &&= win;
    lines.push(
      `test: ${sel} RMSE ${selT.rmse.toFixed(0)} / MAPE ${selT.mape.toFixed(4)} vs ${name} ${peer.rmse.toFixed(0)} / ${peer.mape.toFixed(4)} → ${win ? 'beats on both' : 'DOES NOT beat on both'} (RMSE ratio ${(selT.rmse / peer.rmse).toFixed(3)}, MAPE ratio ${(selT.mape / peer.mape).toFixed(3)})`,
    );
  }
  void selB;
  // our SARIMA vs statsmodels SARIMAX on the same training rows
  const train = Array.from(series.y.subarray(0, s.train));
  const testY = series.y.subarray(s.train);
  const ours = fitArima(train, { order: { p: 1, d: 1, q: 1, P: 1, D: 0, Q: 1, s: 6 } });
  const oursF = ours.forecast(s.test);
  lines.push(
    `our SARIMA(1,1,1)(1,0,1)[6]: ar ${ours.coefficients.ar[0].toFixed(4)} ma ${ours.coefficients.ma[0].toFixed(4)} sar ${ours.coefficients.sar[0].toFixed(4)} sma ${ours.coefficients.sma[0].toFixed(4)} loglik ${ours.loglik.toFixed(3)}; test RMSE ${rmse(testY, oursF).toFixed(1)} MAPE ${mape(testY, oursF).toFixed(4)}`,
  );
  if (pythonAvailable('statsmodels')) {
    const out = runPython(
      `import json,sys,warnings\nwarnings.filterwarnings('ignore')\nimport numpy as np\nfrom statsmodels.tsa.statespace.sarimax import SARIMAX\nd=json.load(sys.stdin)\nr=SARIMAX(np.array(d['y']),order=(1,1,1),seasonal_order=(1,0,1,6)).fit(disp=False)\nprint(json.dumps({'params':r.params.tolist(),'llf':r.llf,'fc':r.forecast(d['h']).tolist()}))`,
      JSON.stringify({ y: train, h: s.test }),
    );
    const sm = JSON.parse(out) as { params: number[]; llf: number; fc: number[] };
    lines.push(
      `statsmodels SARIMAX (same run): ar ${sm.params[0].toFixed(4)} ma ${sm.params[1].toFixed(4)} sar ${sm.params[2].toFixed(4)} sma ${sm.params[3].toFixed(4)} loglik ${sm.llf.toFixed(3)}; test RMSE ${rmse(testY, sm.fc).toFixed(1)} MAPE ${mape(testY, sm.fc).toFixed(4)}`,
    );
    if (selT) {
      const win = selT.rmse < rmse(testY, sm.fc) && selT.mape < mape(testY, sm.fc);
      ok &&= win;
      lines.push(`test: ${sel} vs statsmodels SARIMAX → ${win ? 'beats on both' : 'DOES NOT beat on both'}`);
    }
  } else lines.push('statsmodels not available (/usr/bin/python3): peer SARIMAX skipped');
  return { ok, lines };
}

/**
 * The 95 % binomial band of an empirical coverage of n values at nominal p: [kLo, kHi] / n with kLo the smallest k
 * with P(X ≤ k) > 2.5 % and kHi the largest with P(X ≥ k) > 2.5 %, X ~ Binomial(n, p) (a two-sided 5 % test
 * rejects outside it).
 */
export function binomialBand(n: number, p: number): [number, number] {
  const pmf: number[] = [];
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log((n - k + 1) / k);
    pmf.push(Math.exp(logC + k * Math.log(p) + (n - k) * Math.log1p(-p)));
  }
  let kLo = 0;
  for (let cdf = pmf[0]; cdf <= 0.025; cdf += pmf[kLo]) kLo++;
  let kHi = n;
  for (let sf = pmf[n]; sf <= 0.025; sf += pmf[kHi]) kHi--;
  return [kLo / n, kHi / n];
}

/**
 * The selected model's test coverage and Winkler score at 80, 90 and 95 % with the report's calibration (a
 * backtest of the chosen model at origins every season, inside the training rows), beside the selection
 * backtest's 4 windows alone (the earlier method), and the 95 % binomial band of the coverage of n test days.
 */
function intervalComparison(series: SeriesData, model: string, _level: number, btHorizon: number): string {
  const n = series.y.length;
  const nTrain = Math.floor(n * 0.8);
  const H = n - nTrain;
  const m = 6;
  const train = truncateSeries(series, () => nTrain);
  const candidates = forecasterCandidates(m).filter((c) => c.alias === model);
  const cv = crossValidation(train, candidates, { horizon: btHorizon, windows: 4, step: 10 });
  const pred = candidates[0].forecast(train, H);
  const testY = series.y.subarray(nTrain, n);
  const out: string[] = [
    `  intervals of ${model} on the ${H} test days (calibrated inside the training rows only):`,
    '  level | 95 % band of coverage | calibration backtest (report)        | selection backtest only, pooled',
  ];
  for (const level of [0.8, 0.9, 0.95]) {
    const cal = calibrateIntervals(train, candidates[0], { level, horizon: btHorizon, seasonLength: m, minWindows: 4 });
    const old = conformalIntervals(cv, model, { level, scale: 'series', data: train, windowSize: 4 * m, pool: 'all' });
    const cell = (ci: typeof old) => {
      const w = intervalHalfWidths(ci, train, H);
      return `coverage ${coverage(testY, pred, w).toFixed(3)}, Winkler ${intervalScore(testY, pred, w, level).toFixed(0)}`;
    };
    const [lo, hi] = binomialBand(H, level);
    const cov = coverage(testY, pred, intervalHalfWidths(cal.intervals, train, H));
    out.push(
      `  ${level.toFixed(2)}  | [${lo.toFixed(3)}, ${hi.toFixed(3)}]        | ${cell(cal.intervals)} (${cal.windows} origins) ${cov >= lo && cov <= hi ? 'inside' : 'OUTSIDE'} | ${cell(old)}`,
    );
  }
  return out.join('\n');
}
