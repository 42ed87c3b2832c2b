import { chart } from './charts.js';
import { arr, dayName, esc, finite, num, pct, table } from './format.js';

/** The baseline models of the forecaster's candidates (and the leaky test-window mean), by name. */
const BASELINE = /^(SeasonalNaive|Naive|HistoricAverage|WindowAverage)/;

/** Forecast points summed per week (weeks start on Monday, UTC), in date order. */
export function weeklyTotals(points: { ds: string; yhat: number }[]): { week: string; days: number; total: number }[] {
  const weeks = new Map<string, { week: string; days: number; total: number }>();
  for (const p of points) {
    const d = new Date(`${p.ds}T00:00:00Z`);
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    const w = weeks.get(monday) ?? { week: monday, days: 0, total: 0 };
    w.days++;
    w.total += p.yhat;
    weeks.set(monday, w);
  }
  return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
}

/** Section 4, "What will we sell": the forecast with its interval, the backtest against baselines, next weeks. */
export async function forecastSection(
  fc: Record<string, unknown>,
  actuals: { ds: string; y: number }[],
): Promise<string> {
  const selected = (fc.selected ?? {}) as Record<string, unknown>;
  const forecasts = arr(fc.forecasts).filter((f) => selected.series === undefined || f.series === selected.series);
  const evals = arr(fc.evaluations).filter((e) => selected.series === undefined || e.series === selected.series);
  const intervals = (fc.intervals ?? {}) as Record<string, unknown>;
  const series = arr(fc.series)[0] ?? {};
  const level = finite(intervals.level) ?? finite(forecasts[0]?.level);
  const points = [
    ...actuals.map((a) => ({ ds: a.ds, value: a.y, kind: 'actual' })),
    ...forecasts.map((f) => ({ ds: f.ds, value: f.yhat, lo: f.lo, hi: f.hi, kind: 'forecast' })),
  ];
  const score = (model: unknown, window: string) => evals.find((e) => e.model === model && e.window === window);
  const models = [
    ...new Set([selected.model, ...evals.map((e) => e.model).filter((m) => BASELINE.test(String(m))), 'LeakyTestMean']),
  ].filter((m) => score(m, 'test'));
  const rows = models.map((m) => {
    const test = score(m, 'test') ?? {};
    const back = score(m, 'backtest');
    const role = m === selected.model ? 'selected' : test.leaky ? 'leaky baseline (sees the test window)' : 'baseline';
    return [String(m), role, back ? num(back.rmse, 1) : '–', num(test.rmse, 1), pct(test.mape), pct(test.wape)];
  });
  const weeks = weeklyTotals(
    forecasts.map((f) => ({ ds: String(f.ds), yhat: Number(f.yhat) })).filter((f) => Number.isFinite(f.yhat)),
  );
  const first = forecasts[0]?.ds;
  const last = forecasts.at(-1)?.ds;
  return `<section id="what-will-we-sell" aria-labelledby="h-will"><h2 id="h-will">What will we sell?</h2>
<p class="lead">Units sold per trading day (products only), forecast${first ? ` from ${esc(dayName(String(first)))} to ${esc(dayName(String(last)))}` : ''} with
<b>${esc(selected.model)}</b>, the model with the best backtest (${esc(selected.reason)}).${
    level !== undefined
      ? ` The band is a ${pct(level)} prediction interval (${esc(intervals.method ?? 'conformal')}); on the held-out test window it covered ${pct(intervals.testCoverage)} of the days.`
      : ''
  }</p>
${await chart(
  'forecast',
  'Daily units: the last weeks and the forecast',
  `Line chart of daily units sold and the forecast${level !== undefined ? ` with its ${pct(level)} interval` : ''}.`,
  (_w, narrow) => ({
    height: narrow ? 200 : 240,
    data: { values: points },
    layer: [
      {
        mark: { type: 'area', opacity: 0.25, color: '#e07b39' },
        transform: [{ filter: "datum.kind === 'forecast' && isValid(datum.lo)" }],
        encoding: {
          x: { field: 'ds', type: 'temporal' },
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'ds', type: 'temporal', axis: { title: null, format: '%d %b', tickCount: narrow ? 4 : 8 } },
          y: {
            field: 'value',
            type: 'quantitative',
            axis: {
              title: 'units per day',
              labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')",
              tickCount: 5,
            },
          },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['actual', 'forecast'], range: ['#2f6db5', '#e07b39'] },
            legend: { orient: 'top', direction: 'horizontal' },
          },
        },
      },
    ],
  }),
)}
${
  weeks.length
    ? table(
        'Next weeks: forecast units (sum of the daily point forecasts)',
        ['week starting', 'trading days', 'units'],
        weeks.slice(0, 6).map((w) => [dayName(w.week), num(w.days), num(w.total)]),
      )
    : ''
}
<p class="note">The forecast is one series: total units of all products. Forecasts per product are not part of this run.</p>
${table(
  `Accuracy: backtest inside the training days, and the last ${num(series.test)} days held out`,
  ['model', 'role', 'backtest RMSE', 'test RMSE', 'test MAPE', 'test WAPE'],
  rows,
  { numeric: [2, 3, 4, 5] },
)}
<p class="note">RMSE is in units per day; MAPE and WAPE are percentage errors. The leaky baseline is the original project's, which averages the test window itself; it is shown for comparison only.</p>
</section>`;
}
