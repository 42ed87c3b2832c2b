import { dayNumber, isoDayOfWeek, MS_PER_DAY, monthIndex, parseIsoDate } from '@retailkit/core';
import type { Freq, TradingCalendar } from '../series-data.js';

/** Every day is a trading day. */
export const ALL_DAYS: TradingCalendar = { closedWeekdays: [], holidays: [] };
/** Closed on Saturdays (`buildSeries`' `calendar: 'business'`). */
export const NO_SATURDAYS: TradingCalendar = { closedWeekdays: [6], holidays: [] };

/** A fast membership test for closed days (by day number). */
export function closedTest(calendar: TradingCalendar): (dayNo: number) => boolean {
  const closed = new Uint8Array(8);
  for (const w of calendar.closedWeekdays) closed[w] = 1;
  const hol = new Set<number>();
  for (const h of calendar.holidays) {
    const t = parseIsoDate(h);
    if (!Number.isNaN(t)) hol.add(dayNumber(t));
  }
  return (d) => closed[isoDayOfWeek(d * MS_PER_DAY)] === 1 || hol.has(d);
}

/** The period start after `ds` (skipping closed days for daily series). */
export function nextPeriod(ds: number, freq: Freq, isClosed?: (dayNo: number) => boolean): number {
  if (freq === 'W') return ds + 7 * MS_PER_DAY;
  if (freq === 'M') {
    const m = monthIndex(ds) + 1;
    return Date.UTC(1970 + Math.floor(m / 12), m % 12, 1);
  }
  let d = dayNumber(ds) + 1;
  if (isClosed) for (let guard = 0; isClosed(d) && guard < 366; guard++) d++;
  return d * MS_PER_DAY;
}

/** `horizon` period starts after `lastDs`. */
export function futureDates(
  lastDs: number,
  horizon: number,
  freq: Freq,
  calendar: TradingCalendar = ALL_DAYS,
): Float64Array {
  const isClosed = freq === 'D' ? closedTest(calendar) : undefined;
  const out = new Float64Array(horizon);
  let d = lastDs;
  for (let i = 0; i < horizon; i++) {
    d = nextPeriod(d, freq, isClosed);
    out[i] = d;
  }
  return out;
}
