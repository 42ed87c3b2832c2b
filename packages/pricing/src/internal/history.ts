import {
  compareKeys,
  type Frame,
  invalidArgument,
  MS_PER_DAY,
  numbers,
  startOfDay,
  startOfWeek,
  strings,
  typedColumn,
} from '@retailkit/core';

/** Milliseconds in a week. */
export const MS_PER_WEEK = 7 * MS_PER_DAY;

/** Options of the list-price rule (shared by every public function that reads lines). */
export interface HistoryOptions {
  /**
   * Only lines with quantity ≤ this set the list price (and tier points are the quantities above it). Default
   * Infinity: every line with a customer id; lower it when tier-priced lines outnumber the others.
   */
  readonly smallQuantity?: number;
  /** A new modal price becomes the list price only when it is the mode of this many consecutive observed weeks. Default 2. */
  readonly confirmWeeks?: number;
}

/** One dated list-price change. */
export interface RawChange {
  /** Week index (0 = the data's first week). */
  readonly week: number;
  /** Midnight of the first day in that week a small-quantity line was sold at the new price. */
  readonly day: number;
  readonly oldPrice: number;
  readonly newPrice: number;
}

/** One point of a tier curve: the lines of one quantity. */
export interface RawTier {
  readonly quantity: number;
  readonly lines: number;
  /** Lines sold below the week's list price. */
  readonly below: number;
  readonly meanUnitPrice: number;
  /** Mean of unit price / the week's list price. */
  readonly meanRatio: number;
}

/** Everything the public functions derive from one product's lines. */
export interface ProductHistory {
  readonly stockCode: string;
  readonly description: string | null;
  /** Selling weeks (indices, ascending) and per selling week: quantity, revenue, lines, list price, observed. */
  readonly weeks: Int32Array;
  readonly quantity: Float64Array;
  readonly revenue: Float64Array;
  readonly lines: Int32Array;
  readonly listPrice: Float64Array;
  readonly observed: Uint8Array;
  readonly changes: readonly RawChange[];
  readonly tiers: readonly RawTier[];
  /** Within-product sums of the line-level tier regression of log quantity on log(unit price / list price). */
  readonly tier: TierSums;
}

/** Sums of a within-product simple regression (x = log price ratio, y = log quantity). */
export interface TierSums {
  readonly n: number;
  readonly below: number;
  readonly sxx: number;
  readonly sxy: number;
  readonly syy: number;
}

/** The price history of every product on one weekly grid. */
export interface RawHistory {
  /** Midnight of the Monday of the data's first week (epoch ms). */
  readonly firstWeek: number;
  /** Weeks on the grid, first to last week of the data. */
  readonly nWeeks: number;
  /** Products in `compareKeys` order of their stock codes. */
  readonly products: readonly ProductHistory[];
}

/** Resolved history options. */
export interface ResolvedHistory {
  readonly smallQuantity: number;
  readonly confirmWeeks: number;
}

/** Validate the list-price options once at a public entry. */
export function resolveHistory(fn: string, o: HistoryOptions): ResolvedHistory {
  const smallQuantity = o.smallQuantity ?? Number.POSITIVE_INFINITY;
  const confirmWeeks = o.confirmWeeks ?? 2;
  if (!(smallQuantity >= 1)) throw invalidArgument(fn, 'smallQuantity', smallQuantity, 'a number ≥ 1 (or Infinity)');
  if (!(Number.isInteger(confirmWeeks) && confirmWeeks >= 1))
    throw invalidArgument(fn, 'confirmWeeks', confirmWeeks, 'an integer ≥ 1');
  return { smallQuantity, confirmWeeks };
}

/**
 * Weekly list prices, tiers and changes of every product. Lines must be sales (quantity > 0, unit price > 0): the
 * caller passes a cleaned view. O(n log n) for the sort by time within product.
 */
export function buildHistory(lines: Frame, fn: string, o: ResolvedHistory): RawHistory {
  const code = strings(lines, 'stockCode', fn);
  const date = typedColumn(lines, 'invoiceDate', 'timestamp', fn).data;
  const qty = numbers(lines, 'quantity', fn);
  const price = numbers(lines, 'unitPrice', fn);
  const desc = Object.hasOwn(lines.columns, 'description') ? strings(lines, 'description', fn) : null;
  const customer = Object.hasOwn(lines.columns, 'customerId') ? strings(lines, 'customerId', fn).codes : null;
  const n = lines.length;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (!(qty[i] > 0) || !(price[i] > 0) || !Number.isFinite(date[i]) || code.codes[i] < 0)
      throw invalidArgument(
        fn,
        `line ${i}`,
        { stockCode: code.codes[i] < 0 ? null : code.values[code.codes[i]], quantity: qty[i], unitPrice: price[i] },
        'a sale with a stock code, a date, quantity > 0 and unit price > 0',
        'Pass the modeling view of clean(raw) from @retailkit/cleaning.',
      );
    if (date[i] < first) first = date[i];
    if (date[i] > last) last = date[i];
  }
  const firstWeek = n === 0 ? 0 : startOfWeek(first);
  const nWeeks = n === 0 ? 0 : Math.round((startOfWeek(last) - firstWeek) / MS_PER_WEEK) + 1;
  // each line's week (0 = the first), computed once
  const week = new Int32Array(n);
  for (let i = 0; i < n; i++) week[i] = Math.round((startOfWeek(date[i]) - firstWeek) / MS_PER_WEEK);
  // rows by product code (CSR), each product's rows in time order
  const nCodes = code.values.length;
  const count = new Int32Array(nCodes + 1);
  for (let i = 0; i < n; i++) count[code.codes[i] + 1]++;
  for (let c = 0; c < nCodes; c++) count[c + 1] += count[c];
  const order = new Int32Array(n);
  const fill = count.slice(0, nCodes);
  for (let i = 0; i < n; i++) order[fill[code.codes[i]]++] = i;
  const byCode = [...new Set(code.values)].sort(compareKeys);
  const codeOf = new Map<string, number[]>();
  code.values.forEach((v, c) => {
    const list = codeOf.get(v);
    if (list) list.push(c);
    else codeOf.set(v, [c]);
  });
  const products: ProductHistory[] = [];
  for (const stockCode of byCode) {
    const rows: number[] = [];
    for (const c of codeOf.get(stockCode) ?? []) for (let k = count[c]; k < count[c + 1]; k++) rows.push(order[k]);
    if (rows.length === 0) continue;
    rows.sort((a, b) => date[a] - date[b] || a - b);
    products.push(productHistory(stockCode, rows, { date, week, qty, price, desc, customer }, o));
  }
  return { firstWeek, nWeeks, products };
}

interface LineColumns {
  readonly date: Float64Array;
  /** Each line's week index from the first week. */
  readonly week: Int32Array;
  readonly qty: Float64Array;
  readonly price: Float64Array;
  readonly desc: { readonly codes: Int32Array; readonly values: readonly string[] } | null;
  /** Customer id codes (−1 = anonymous) when the column exists. */
  readonly customer: Int32Array | null;
}

/** One product's weekly aggregates, list prices (modal customer price, confirmed, carried forward), tiers. */
function productHistory(
  stockCode: string,
  rows: readonly number[],
  c: LineColumns,
  o: ResolvedHistory,
): ProductHistory {
  const week = c.week;
  const small = o.smallQuantity;
  const weeks: number[] = [];
  const quantity: number[] = [];
  const revenue: number[] = [];
  const lineCount: number[] = [];
  const mode: number[] = []; // NaN when no small-quantity line that week
  const modeDay: number[] = [];
  // a product has few distinct prices: parallel arrays searched linearly beat Maps keyed by doubles
  const allPrices = new PriceCounts();
  const prices = new PriceCounts();
  let description: string | null = null;
  let k = 0;
  while (k < rows.length) {
    const w = week[rows[k]];
    prices.clear();
    let q = 0;
    let r = 0;
    let l = 0;
    for (; k < rows.length && week[rows[k]] === w; k++) {
      const i = rows[k];
      q += c.qty[i];
      r += c.qty[i] * c.price[i];
      l++;
      allPrices.add(c.price[i], 0);
      if (c.desc && c.desc.codes[i] >= 0 && description === null) description = c.desc.values[c.desc.codes[i]];
      if (c.qty[i] <= small && (c.customer === null || c.customer[i] >= 0)) prices.add(c.price[i], c.date[i]);
    }
    const m = prices.mode();
    weeks.push(w);
    quantity.push(q);
    revenue.push(r);
    lineCount.push(l);
    mode.push(m < 0 ? Number.NaN : prices.price[m]);
    modeDay.push(m < 0 ? Number.NaN : startOfDay(prices.firstAt[m]));
  }
  const { listPrice, changes } = listPrices(weeks, mode, modeDay, allPrices, o.confirmWeeks);
  const { tiers, tier } = tierCurve(rows, c, weeks, listPrice);
  return {
    stockCode,
    description,
    weeks: Int32Array.from(weeks),
    quantity: Float64Array.from(quantity),
    revenue: Float64Array.from(revenue),
    lines: Int32Array.from(lineCount),
    listPrice,
    observed: Uint8Array.from(mode, (m) => (Number.isNaN(m) ? 0 : 1)),
    changes,
    tiers,
    tier,
  };
}

/** Line counts by distinct price, with the time each price was first seen (in the order lines are added). */
class PriceCounts {
  readonly price: number[] = [];
  readonly n: number[] = [];
  readonly firstAt: number[] = [];

  clear(): void {
    this.price.length = 0;
    this.n.length = 0;
    this.firstAt.length = 0;
  }

  add(price: number, at: number): void {
    const j = this.price.indexOf(price);
    if (j >= 0) this.n[j]++;
    else {
      this.price.push(price);
      this.n.push(1);
      this.firstAt.push(at);
    }
  }

  /** The index of the modal price (most lines; ties → the higher price), or −1 when empty. */
  mode(): number {
    let best = -1;
    for (let j = 0; j < this.price.length; j++)
      if (best < 0 || this.n[j] > this.n[best] || (this.n[j] === this.n[best] && this.price[j] > this.price[best]))
        best = j;
    return best;
  }
}

/**
 * The list price of each selling week: the first observed weekly mode, then a new mode once it holds for
 * `confirm` consecutive observed weeks (a dated change at the first of them), carried forward over weeks without
 * small-quantity lines and back over the weeks before the first observation. A product never sold in small
 * quantities gets its modal price over all lines and no change.
 */
function listPrices(
  weeks: readonly number[],
  mode: readonly number[],
  modeDay: readonly number[],
  allPrices: PriceCounts,
  confirm: number,
): { listPrice: Float64Array; changes: RawChange[] } {
  const obs: number[] = [];
  for (let j = 0; j < weeks.length; j++) if (!Number.isNaN(mode[j])) obs.push(j);
  const listPrice = new Float64Array(weeks.length);
  const changes: RawChange[] = [];
  if (obs.length === 0) {
    const best = allPrices.mode();
    listPrice.fill(best < 0 ? 0 : allPrices.price[best]);
    return { listPrice, changes };
  }
  let current = mode[obs[0]];
  const startAt = new Map<number, number>(); // selling-week position → new list price
  for (let a = 1; a < obs.length; a++) {
    const m = mode[obs[a]];
    if (m === current || a + confirm - 1 >= obs.length) continue;
    let held = true;
    for (let b = a + 1; b < a + confirm; b++) if (mode[obs[b]] !== m) held = false;
    if (!held) continue;
    changes.push({ week: weeks[obs[a]], day: modeDay[obs[a]], oldPrice: current, newPrice: m });
    startAt.set(obs[a], m);
    current = m;
  }
  let p = mode[obs[0]];
  for (let j = 0; j < weeks.length; j++) {
    const next = startAt.get(j);
    if (next !== undefined) p = next;
    listPrice[j] = p;
  }
  return { listPrice, changes };
}

/** Tier points by quantity (every line), and the line-level sums of the tier regression. */
function tierCurve(
  rows: readonly number[],
  c: LineColumns,
  weeks: readonly number[],
  listPrice: Float64Array,
): { tiers: RawTier[]; tier: TierSums } {
  const byQty = new Map<number, { lines: number; below: number; price: number; ratio: number }>();
  let j = 0;
  let n = 0;
  let below = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const i of rows) {
    while (weeks[j] !== c.week[i]) j++;
    const ratio = c.price[i] / listPrice[j];
    const isBelow = ratio < 0.995 ? 1 : 0;
    const x = Math.log(ratio);
    const y = Math.log(c.qty[i]);
    n++;
    below += isBelow;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    const e = byQty.get(c.qty[i]);
    if (e) {
      e.lines++;
      e.below += isBelow;
      e.price += c.price[i];
      e.ratio += ratio;
    } else byQty.set(c.qty[i], { lines: 1, below: isBelow, price: c.price[i], ratio });
  }
  const tiers = [...byQty.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([quantity, e]) => ({
      quantity,
      lines: e.lines,
      below: e.below,
      meanUnitPrice: e.price / e.lines,
      meanRatio: e.ratio / e.lines,
    }));
  const tier = { n, below, sxx: sxx - (sx * sx) / n, sxy: sxy - (sx * sy) / n, syy: syy - (sy * sy) / n };
  return { tiers, tier };
}
