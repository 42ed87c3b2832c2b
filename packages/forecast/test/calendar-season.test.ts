import { createModel, holtWinters, seriesFromArrays } from '@retailkit/forecast';
import { describe, expect, it } from 'vitest';
import { NO_SATURDAYS } from '../src/internal/calendar.js';
import { etsFilter } from '../src/models/ets.js';
import { fc } from './helpers.js';

const DAY = 86_400_000;
// Mon..Fri and Sun (this retailer's calendar), weekday pattern by ISO weekday
const PATTERN: Record<number, number> = { 1: 10, 2: 12, 3: 14, 4: 16, 5: 8, 7: 4 };
const isoDow = (ms: number) => ((((Math.floor(ms / DAY) + 3) % 7) + 7) % 7) + 1;

/** Trading days from Monday 2011-01-03, skipping Saturdays and the given holiday dates. */
function tradingDays(n: number, holidays: number[]): number[] {
  const out: number[] = [];
  for (let d = Date.UTC(2011, 0, 3); out.length < n; d += DAY)
    if (isoDow(d) !== 6 && !holidays.includes(d)) out.push(d);
  return out;
}

describe('Holt-Winters with a calendar (day-of-week) season', () => {
  it('keyed recursions match a hand computation', () => {
    // additive season, no trend, α = γ = 0.5, l0 = 15, s0 = [−5, 5], keys alternate 0,1:
    // t0: ŷ 10, e 0; t1: ŷ 20, e 0; t2: ŷ 10, e 2, l 16, s0 −4; t3: ŷ 21, e 1, l 16.5, s1 5.5 → SSE 5
    const o = { trend: 'none', seasonal: 'additive', seasonLength: 2, damped: false } as const;
    const p = { alpha: 0.5, beta: 0, gamma: 0.5, phi: 1, level0: 15, trend0: 0, season0: [-5, 5] };
    const st = etsFilter([10, 20, 12, 22], o, p, undefined, Int32Array.of(0, 1, 0, 1));
    expect(st.sse).toBeCloseTo(5, 12);
    expect(st.level).toBeCloseTo(16.5, 12);
    expect(Array.from(st.season)).toEqual([-4, 5.5]);
  });

  it('keys equal to t mod m reproduce the positional recursion (statsmodels-checked in models.test.ts)', () => {
    const Y = [12, 15, 14, 20, 13, 16, 18, 22, 15, 19, 17, 24, 16, 21, 20, 26, 18, 22, 21, 28, 19];
    const o = { trend: 'additive', seasonal: 'multiplicative', seasonLength: 4, damped: true } as const;
    const p = { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9, level0: 15, trend0: 0.5, season0: [0.9, 1.0, 0.95, 1.2] };
    const pos = etsFilter(Y, o, p);
    const keyed = etsFilter(
      Y,
      o,
      p,
      undefined,
      Int32Array.from(Y, (_, t) => t % 4),
    );
    expect(keyed.sse).toBeCloseTo(pos.sse, 12);
    expect(keyed.level).toBeCloseTo(pos.level, 12);
    // positional season is rotated so index 0 is the next step (t = 21 → slot 1); keyed stays by slot
    for (let k = 0; k < 4; k++) expect(keyed.season[(21 + k) % 4]).toBeCloseTo(pos.season[k], 12);
  });

  it('a holiday gap does not shift the weekday pattern (exact pattern forecast after the gap)', () => {
    const holiday = Date.UTC(2011, 1, 16); // a Wednesday in week 7
    const ds = tradingDays(60, [holiday]);
    const y = ds.map((d) => PATTERN[isoDow(d)]);
    const data = seriesFromArrays([{ id: 'a', y, ds }], { freq: 'D', calendar: NO_SATURDAYS });
    const last = ds[ds.length - 1];
    const future = tradingDays(60 + 12, [holiday]).slice(60);
    expect(future[0]).toBeGreaterThan(last);
    const expected = future.map((d) => PATTERN[isoDow(d)]);
    const dow = fc(holtWinters({ seasonLength: 6, seasonIndex: 'dayOfWeek', trend: 'none' }), data, 12);
    for (let i = 0; i < 12; i++) expect(dow[i]).toBeCloseTo(expected[i], 3);
    const mul = fc(
      holtWinters({ seasonLength: 6, seasonIndex: 'dayOfWeek', seasonal: 'multiplicative', damped: true }),
      data,
      12,
    );
    for (let i = 0; i < 12; i++) expect(mul[i]).toBeCloseTo(expected[i], 2);
    const log = fc(
      holtWinters({ seasonLength: 6, seasonIndex: 'dayOfWeek', target: 'log1p', trend: 'none' }),
      data,
      12,
    );
    for (let i = 0; i < 12; i++) expect(log[i]).toBeCloseTo(expected[i], 2);
  });

  it('aliases, spec round trip and memoised fits that notice data mutated in place', () => {
    const m = holtWinters({ seasonLength: 6, seasonal: 'multiplicative', damped: true, seasonIndex: 'dayOfWeek' });
    expect(m.alias).toBe('HoltWintersMulDampedDow');
    expect(holtWinters({ seasonLength: 6, seasonIndex: 'dayOfWeek', target: 'log1p' }).alias).toBe(
      'HoltWintersDowLog1p',
    );
    expect(createModel(m.spec).alias).toBe(m.alias);
    const ds = tradingDays(40, []);
    const data = seriesFromArrays([{ id: 'a', y: ds.map((d, t) => PATTERN[isoDow(d)] + t * 0.1), ds }], {
      calendar: NO_SATURDAYS,
    });
    expect(m.fit(data)).toBe(m.fit(data));
    const before = m.forecast(data, 3);
    data.y[39] += 50;
    const after = m.forecast(data, 3);
    const fresh = holtWinters({ seasonLength: 6, seasonal: 'multiplicative', damped: true, seasonIndex: 'dayOfWeek' });
    expect(Array.from(after)).toEqual(Array.from(fresh.forecast({ ...data }, 3)));
    expect(after[0]).not.toBeCloseTo(before[0], 3);
    expect(Array.from(createModel(m.spec).forecast({ ...data }, 3))).toEqual(Array.from(after));
    expect(() =>
      holtWinters({ seasonLength: 6, target: 'log1p' }).forecast(seriesFromArrays([{ id: 'a', y: [1, -2, 3] }]), 1),
    ).toThrow(/log1p/);
  });
});
