import { dayNumber, type Frame } from '@retailkit/core';
import type { PurchaseUnit } from '../evaluate-customer-value.js';
import { cancelledInvoiceCodes, transactionArrays } from './transactions.js';

/** One customer's purchase events (day number and revenue), in time order. */
export interface CustomerEvents {
  readonly id: string;
  readonly day: Float64Array;
  readonly revenue: Float64Array;
}

/**
 * Every identified customer's purchase events: purchase lines (quantity > 0, not on a "C" invoice) grouped by
 * calendar day (`days`) or by invoice (`invoices`, dated by the invoice's first line), each with its revenue.
 * Lines at or after `endMs` are ignored.
 */
export function customerEvents(frame: Frame, unit: PurchaseUnit, endMs: number): CustomerEvents[] {
  const t = transactionArrays(frame);
  const cancel = cancelledInvoiceCodes(t.invoice);
  const byCustomer = new Map<number, Map<number, { day: number; revenue: number }>>();
  for (let i = 0; i < frame.length; i++) {
    const c = t.customer.codes[i];
    const inv = t.invoice.codes[i];
    if (c < 0 || inv < 0 || cancel[inv] || !(t.quantity[i] > 0) || !(t.date[i] < endMs)) continue;
    const day = dayNumber(t.date[i]);
    const key = unit === 'days' ? day : inv;
    let events = byCustomer.get(c);
    if (!events) byCustomer.set(c, (events = new Map()));
    const e = events.get(key);
    const v = Number.isFinite(t.revenue[i]) ? t.revenue[i] : 0;
    if (e) {
      e.revenue += v;
      if (day < e.day) e.day = day;
    } else events.set(key, { day, revenue: v });
  }
  const out: CustomerEvents[] = [];
  for (const [c, events] of byCustomer) {
    const list = [...events.values()].sort((a, b) => a.day - b.day);
    out.push({
      id: t.customer.values[c],
      day: Float64Array.from(list, (e) => e.day),
      revenue: Float64Array.from(list, (e) => e.revenue),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The calibration summary and the targets of one cut-off, one entry per customer who bought before it. */
export interface CutoffWindow {
  readonly ids: string[];
  /** Repeat purchases before the cut-off, days from first to last purchase, days from first purchase to cut-off. */
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Mean revenue of the repeat purchases (Gamma-Gamma's m; 0 when x = 0) and of all purchases before the cut-off. */
  readonly m: Float64Array;
  readonly meanRevenue: Float64Array;
  /** Purchases and revenue in [cut-off − horizon, cut-off) (the last-horizon baseline). */
  readonly lastCount: Float64Array;
  readonly lastRevenue: Float64Array;
  /** Purchases and revenue in the last 30, 90 and 180 days before the cut-off, and in [cut-off − 180, cut-off − 90). */
  readonly count30: Float64Array;
  readonly revenue30: Float64Array;
  readonly count90: Float64Array;
  readonly revenue90: Float64Array;
  readonly count180: Float64Array;
  readonly revenue180: Float64Array;
  readonly countPrior90: Float64Array;
  /** The cut-off (day number since 1970-01-01 UTC). */
  readonly cutoffDay: number;
  /** Targets: purchases and revenue in [cut-off, cut-off + horizon). */
  readonly count: Float64Array;
  readonly revenue: Float64Array;
}

/**
 * Features from events before `cutoffDay` only, targets from [cutoffDay, cutoffDay + horizon): nothing at or after
 * the cut-off reaches a feature, nothing outside the horizon reaches a target.
 */
export function cutoffWindow(events: readonly CustomerEvents[], cutoffDay: number, horizon: number): CutoffWindow {
  const rows = events.filter((e) => e.day.length > 0 && e.day[0] < cutoffDay);
  const n = rows.length;
  const w = {
    ids: rows.map((e) => e.id),
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    m: new Float64Array(n),
    meanRevenue: new Float64Array(n),
    lastCount: new Float64Array(n),
    lastRevenue: new Float64Array(n),
    count30: new Float64Array(n),
    revenue30: new Float64Array(n),
    count90: new Float64Array(n),
    revenue90: new Float64Array(n),
    count180: new Float64Array(n),
    revenue180: new Float64Array(n),
    countPrior90: new Float64Array(n),
    cutoffDay,
    count: new Float64Array(n),
    revenue: new Float64Array(n),
  };
  const end = cutoffDay + horizon;
  const start = cutoffDay - horizon;
  for (let i = 0; i < n; i++) {
    const { day, revenue } = rows[i];
    let k = 0;
    let total = 0;
    let repeat = 0;
    for (; k < day.length && day[k] < cutoffDay; k++) {
      total += revenue[k];
      if (k > 0) repeat += revenue[k];
      if (day[k] >= start) {
        w.lastCount[i]++;
        w.lastRevenue[i] += revenue[k];
      }
      const age = cutoffDay - day[k];
      if (age <= 30) {
        w.count30[i]++;
        w.revenue30[i] += revenue[k];
      }
      if (age <= 90) {
        w.count90[i]++;
        w.revenue90[i] += revenue[k];
      } else if (age <= 180) w.countPrior90[i]++;
      if (age <= 180) {
        w.count180[i]++;
        w.revenue180[i] += revenue[k];
      }
    }
    w.x[i] = k - 1;
    w.tx[i] = day[k - 1] - day[0];
    w.T[i] = cutoffDay - day[0];
    w.m[i] = k > 1 ? repeat / (k - 1) : 0;
    w.meanRevenue[i] = total / k;
    for (; k < day.length && day[k] < end; k++) {
      w.count[i]++;
      w.revenue[i] += revenue[k];
    }
  }
  return w;
}
