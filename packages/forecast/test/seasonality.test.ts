import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { acf, buildSeries, pacf, periodogram, stlDecomposition } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { classicalDecomposition } from '../src/decompose.js';

// Expected values computed with statsmodels 0.13.5 (/usr/bin/python3): acf(y, nlags=5, fft=False, alpha=0.05),
// pacf(y, nlags=4, method='ldb'), seasonal_decompose(y, period=4), printed by test/oracles/statsmodels_oracle.py;
// committed so tests never need python.
const Y = [12, 15, 14, 20, 13, 16, 18, 22, 15, 19, 17, 24, 16, 21, 20, 26, 18, 22, 21, 28];

describe('ACF / PACF', () => {
  it('match statsmodels, with Bartlett bands', () => {
    const a = acf(Y, { maxLag: 5 });
    const exp = [
      1.0, 0.09819968440682829, 0.3973748386171281, -0.043659446277435066, 0.6362358341701333, -0.07290919523741211,
    ];
    exp.forEach((v, k) => {
      expect(a.values[k]).toBeCloseTo(v, 12);
    });
    const band = [
      0.0, 0.4382612702882907, 0.44246731874820977, 0.5063956562551042, 0.507118131494483, 0.6423935941927881,
    ];
    band.forEach((v, k) => {
      expect(a.band[k]).toBeCloseTo(v, 6);
    });
    expect(a.significant).toEqual([4]);
    const p = pacf(Y, { maxLag: 4 });
    const pexp = [1.0, 0.09819968440682829, 0.3915070326101295, -0.12622869752162727, 0.5996462495074862];
    pexp.forEach((v, k) => {
      expect(p.values[k]).toBeCloseTo(v, 10);
    });
  });
});

describe('decomposition', () => {
  it('classical additive and multiplicative seasonal indices match statsmodels seasonal_decompose', () => {
    const add = classicalDecomposition(Y, { seasonLength: 4 });
    [-3.515625, 0.015625, -0.921875, 4.421875].forEach((v, k) => {
      expect(add.seasonalIndex[k]).toBeCloseTo(v, 12);
    });
    const mul = classicalDecomposition(Y, { seasonLength: 4, model: 'multiplicative' });
    [0.8136645852663457, 0.9984338615130217, 0.9483170336177408, 1.239584519602892].forEach((v, k) => {
      expect(mul.seasonalIndex[k]).toBeCloseTo(v, 12);
    });
  });
  it('STL-style decomposition recovers a planted season and adds up', () => {
    const season = [3, -1, -2, 0];
    const y = Array.from({ length: 48 }, (_, t) => 50 + 0.5 * t + season[t % 4]);
    const d = stlDecomposition(y, { seasonLength: 4 });
    for (let k = 0; k < 4; k++) expect(d.seasonalIndex[k]).toBeCloseTo(season[k], 0);
    for (let t = 0; t < y.length; t++) expect(d.trend[t] + d.seasonal[t] + d.remainder[t]).toBeCloseTo(y[t], 9);
  });
});

describe('periodogram (fft.js)', () => {
  it('finds the period of a pure sinusoid and of a weekly pulse', () => {
    const y = Array.from({ length: 64 }, (_, t) => Math.sin((2 * Math.PI * t) / 8));
    expect(periodogram(y).dominant[0].period).toBe(8);
    const weekly = Array.from(
      { length: 256 },
      (_, t) => 10 + 3 * Math.cos((2 * Math.PI * t) / 7) + Math.sin((2 * Math.PI * t) / 64),
    );
    expect(Math.abs(periodogram(weekly, { maxPeriod: 30 }).dominant[0].period - 7)).toBeLessThan(0.1);
  });
});

const SEEDS = new URL('../../../seeds/online-retail.csv.gz', import.meta.url);
const MANIFEST = new URL('../../../seeds/manifest.json', import.meta.url);

describe.skipIf(!existsSync(SEEDS) || !existsSync(MANIFEST))('planted seasonality of the seeds', () => {
  it('ACF and FFT find the weekly period the manifest plants (6 trading days, 7 calendar days)', async () => {
    const { readCsv } = await import('@retailkit/connectors');
    const manifest = JSON.parse(await readFile(MANIFEST, 'utf8'));
    expect(manifest.weeklyPeriod.tradingDaysPerWeek).toBe(6);
    const { frame } = await readCsv(SEEDS.pathname);
    // calendar days with Saturdays (closed) as zero: period 7
    const cal = buildSeries(frame, { freq: 'D', fill: 'zero' });
    const yCal = cal.y.subarray(cal.offsets[0], cal.offsets[1]);
    const pg = periodogram(yCal, { detrend: 'linear' });
    expect(Math.abs(pg.dominant[0].period - manifest.weeklyPeriod.calendarDays)).toBeLessThan(0.2);
    const aCal = acf(yCal, { maxLag: 14 });
    expect(aCal.significant).toContain(7);
    // trading days only: period 6, seen in the number of lines per trading day (quantity is dominated by
    // wholesale orders there); the ACF peaks at lag 6 above lags 2–5 and FFT's strongest sub-monthly period is ≈ 6
    const lines = {
      ...frame,
      columns: {
        ...frame.columns,
        quantity: { type: 'number' as const, data: new Float64Array(frame.length).fill(1) },
      },
    };
    const trd = buildSeries(lines, { freq: 'D', calendar: 'business', fill: 'absent' });
    const y = trd.y.subarray(trd.offsets[0], trd.offsets[1]);
    const a = acf(y, { maxLag: 12 });
    expect(a.significant).toContain(6);
    for (let k = 2; k <= 5; k++) expect(a.values[6]).toBeGreaterThan(a.values[k]);
    const pt = periodogram(y, { detrend: 'linear', maxPeriod: 30 });
    expect(Math.abs(pt.dominant[0].period - manifest.weeklyPeriod.tradingDaysPerWeek)).toBeLessThan(0.2);
  });
});
