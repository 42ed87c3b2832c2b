import {
  compareKeys,
  dayNumber,
  type Frame,
  fingerprint,
  invalidArgument,
  MS_PER_DAY,
  numberColumn,
  numbers,
  stringColumn,
  strings,
} from '@retailkit/core';
import type { CustomerTables } from '../customer-events-sql.js';
import type { PurchaseUnit } from '../evaluate-customer-value.js';
import { ExactSum } from './exact-sum.js';
import { cancelledInvoiceCodes, transactionArrays } from './transactions.js';
import { defaultAsOf, PURCHASE_COLUMNS, parseAsOf, requireColumns } from './validate.js';

/** One customer's purchase events (day number and revenue), in time order. */
export interface CustomerEvents {
  readonly id: string;
  readonly day: Float64Array;
  readonly revenue: Float64Array;
}

/**
 * Every identified customer's purchase events: purchase lines (quantity > 0, not on a "C" invoice) grouped by
 * calendar day (`days`) or by invoice (`invoices`, dated by the invoice's first line), each with its revenue (an
 * `ExactSum`: the same bits in any order, and in SQL), in day order (same-day invoices by revenue).
 * Lines at or after `endMs` are ignored.
 */
export function customerEventLists(frame: Frame, unit: PurchaseUnit, endMs: number): CustomerEvents[] {
  const t = transactionArrays(frame);
  const cancel = cancelledInvoiceCodes(t.invoice);
  const byCustomer = new Map<number, Map<number, { day: number; sum: ExactSum }>>();
  for (let i = 0; i < frame.length; i++) {
    const c = t.customer.codes[i];
    const inv = t.invoice.codes[i];
    if (c < 0 || inv < 0 || cancel[inv] || !(t.quantity[i] > 0) || !(t.date[i] < endMs)) continue;
    const day = dayNumber(t.date[i]);
    const key = unit === 'days' ? day : inv;
    let events = byCustomer.get(c);
    if (!events) byCustomer.set(c, (events = new Map()));
    let e = events.get(key);
    if (!e) events.set(key, (e = { day, sum: new ExactSum() }));
    else if (day < e.day) e.day = day;
    e.sum.add(Number.isFinite(t.revenue[i]) ? t.revenue[i] : 0);
  }
  const out: CustomerEvents[] = [];
  for (const [c, events] of byCustomer) {
    const list = [...events.values()].map((e) => ({ day: e.day, revenue: e.sum.value() }));
    // same-day events (invoices) by revenue: an order an engine without the file's line order can reproduce
    list.sort((a, b) => a.day - b.day || a.revenue - b.revenue);
    out.push({
      id: t.customer.values[c],
      day: Float64Array.from(list, (e) => e.day),
      revenue: Float64Array.from(list, (e) => e.revenue),
    });
  }
  return out.sort(byId);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Event lists as one row per event (`customerEvents`' table): `customerId`, `day`, `revenue`. */
export function eventsFrame(lists: readonly CustomerEvents[]): Frame {
  let n = 0;
  for (const e of lists) n += e.day.length;
  const ids = new Array<string>(n);
  const day = new Float64Array(n);
  const revenue = new Float64Array(n);
  let k = 0;
  for (const e of lists)
    for (let j = 0; j < e.day.length; j++, k++) {
      ids[k] = e.id;
      day[k] = e.day[j];
      revenue[k] = e.revenue[j];
    }
  return {
    length: n,
    columns: { customerId: stringColumn(ids), day: numberColumn(day), revenue: numberColumn(revenue) },
  };
}

/**
 * The event lists of an events table (`customerEvents`' or `customerEventsSql`'s rows, in any order), events on or
 * after `endDay` dropped: grouped by customer in id order, each customer's events in day order (same-day events by
 * revenue), as `customerEventLists` makes them from lines.
 *
 * @throws RetailKitError `MISSING_COLUMN`; `INVALID_ARGUMENT` for a missing id or a day that is not a whole number.
 */
export function eventListsOf(fn: string, events: Frame, endDay: number): CustomerEvents[] {
  const ids = strings(events, 'customerId', fn);
  const day = numbers(events, 'day', fn);
  const revenue = numbers(events, 'revenue', fn);
  const rows = new Map<number, number[]>();
  for (let i = 0; i < events.length; i++) {
    const c = ids.codes[i];
    if (c < 0) throw invalidArgument(fn, 'events.customerId', null, 'an id on every event row');
    if (!Number.isInteger(day[i]))
      throw invalidArgument(fn, 'events.day', day[i], 'a day number (whole days since 1970-01-01 UTC)');
    if (!(day[i] < endDay)) continue;
    let r = rows.get(c);
    if (!r) rows.set(c, (r = []));
    r.push(i);
  }
  const rev = (i: number) => (Number.isFinite(revenue[i]) ? revenue[i] : 0);
  const out: CustomerEvents[] = [];
  for (const [c, r] of rows) {
    r.sort((a, b) => day[a] - day[b] || rev(a) - rev(b) || a - b);
    out.push({
      id: ids.values[c],
      day: Float64Array.from(r, (i) => day[i]),
      revenue: Float64Array.from(r, rev),
    });
  }
  return out.sort(byId);
}

/**
 * The training fingerprint of the churn and value models: the events they read (their revenue is an `ExactSum`, so
 * a warehouse's `customerEventsSql` rows give the same fingerprint as the lines).
 */
export function eventsFingerprint(lists: readonly CustomerEvents[]): string {
  return fingerprint(eventsFrame(lists));
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

/** Is the fits' input per-customer tables rather than lines? */
export function isCustomerTables(input: Frame | CustomerTables): input is CustomerTables {
  return typeof input === 'object' && input !== null && 'events' in input && !('columns' in input);
}

/**
 * The purchase events a churn or value fit reads and its asOf day: from lines (`customerEventLists`; default asOf
 * midnight after the last line) or from an events table (`eventListsOf`; default the day after the last event).
 */
export function purchaseEvents(
  fn: string,
  input: Frame | CustomerTables,
  unit: PurchaseUnit,
  asOf: number | string | Date | undefined,
): { events: CustomerEvents[]; asOfDay: number } {
  const given = parseAsOf(fn, asOf);
  if (isCustomerTables(input)) {
    let asOfDay: number;
    if (given !== undefined) asOfDay = dayNumber(given);
    else {
      asOfDay = Number.NEGATIVE_INFINITY;
      for (const d of numbers(input.events, 'day', fn)) if (d + 1 > asOfDay) asOfDay = d + 1;
    }
    return { events: Number.isFinite(asOfDay) ? eventListsOf(fn, input.events, asOfDay) : [], asOfDay };
  }
  requireColumns(fn, input, PURCHASE_COLUMNS);
  const asOfDay = dayNumber(given ?? defaultAsOf((input.columns.invoiceDate as { data: Float64Array }).data));
  return { events: customerEventLists(input, unit, asOfDay * MS_PER_DAY), asOfDay };
}

/**
 * `purchaseSummary`'s table (`customerId`, `x`, `tx`, `T`, `monetaryValue`, customers in `compareKeys` order) from
 * event lists: the calibration part of the window at `asOfDay`.
 */
export function summaryOfEvents(events: readonly CustomerEvents[], asOfDay: number): Frame {
  const w = cutoffWindow(events, asOfDay, 0);
  const order = w.ids.map((_, i) => i).sort((a, b) => compareKeys(w.ids[a], w.ids[b]));
  const col = (a: Float64Array) => numberColumn(Float64Array.from(order, (i) => a[i]));
  return {
    length: order.length,
    columns: {
      customerId: stringColumn(order.map((i) => w.ids[i])),
      x: col(w.x),
      tx: col(w.tx),
      T: col(w.T),
      monetaryValue: col(w.m),
    },
  };
}
