/**
 * The deterministic generator behind `generateCsv` and `generateTransactions`: plans every row of an
 * Online-Retail-shaped file (customers, baskets, planted one-offs, cancellations) and emits them as CSV fields.
 * Pure: no I/O, no clock, all randomness from core's `createRng`.
 */
import { createRng, invalidArgument, isoDateTime, isoDayOfWeek, RetailKitError, type Rng } from '@retailkit/core';
import type { Archetype } from '../seed-manifest.js';
import {
  ANCHOR_COUNT,
  BUNDLES,
  buildCatalog,
  DAMAGE_NOTES,
  EU_POSTAGE,
  FOREIGN_COUNTRIES,
  NON_PRODUCT,
  type Product,
  pick,
  weightedSampler,
} from './catalog.js';
import { multiplierOn, plannedQuantity, planPrices } from './prices.js';

/** Ranges of the generation options (see `SeedOptions` for their meaning). */
export const DEFAULT_SEED = 20111209;
export const DEFAULT_ROWS = 100_000;
export const MIN_ROWS = 2_000;
export const MAX_ROWS = 2_000_000;
/** Calendar days from 2010-12-01 to 2011-12-09, both included: the full window. */
export const FULL_DAYS = 374;
export const MIN_DAYS = 14;
export const MIN_CUSTOMERS = 8;
export const MAX_PRODUCTS = 10_000;
export const MIN_PRODUCTS = ANCHOR_COUNT + 65;

/** The CSV header, identical to the UCI Online Retail file. */
export const HEADER = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
];

/** Options after defaults and validation; `customers` and `products` undefined = derived from `rows`. */
export interface ResolvedOptions {
  seed: number;
  rows: number;
  days: number;
  customers: number | undefined;
  products: number | undefined;
}

/** What the generator emits: the rows as CSV fields and the archetype of every customer id. */
export interface GeneratedRows {
  header: string[];
  rows: string[][];
  archetypeOf: Map<string, Archetype>;
  /** Planted own-price elasticity of each product whose list price the generator moves. */
  priceElasticity: Record<string, number>;
}

/** Intended generation parameters, recorded in the manifest (the realised values are counted separately). */
export const PLANTED_PARAMETERS = {
  weekdayWeights: { Mon: 1.0, Tue: 1.07, Wed: 1.0, Thu: 1.09, Fri: 0.86, Sat: 0, Sun: 0.68 },
  monthMultipliers: {
    '2010-12': 1.25,
    '2011-01': 1.0,
    '2011-02': 0.9,
    '2011-03': 1.0,
    '2011-04': 0.95,
    '2011-05': 1.0,
    '2011-06': 1.0,
    '2011-07': 1.0,
    '2011-08': 0.95,
    '2011-09': 1.3,
    '2011-10': 1.5,
    '2011-11': 1.9,
    '2011-12': 1.6,
  } as Record<string, number>,
  /** Daily volume multiplier grows linearly from 1 on the first day to 1 + trend on the last. */
  trend: 0.35,
  closedDays: '2010-12-24 to 2011-01-03 (Christmas closure) and every Saturday',
  tradingHours: '07:00-20:59 (last day until 12:50)',
  archetypeShares: { oneTime: 0.3, occasional: 0.5, regular: 0.12, wholesaler: 0.05, bigSpender: 0.03 },
  bundleProbabilityPerBasket: Object.fromEntries(BUNDLES.map((b) => [b.name, b.probability])),
};

interface Line {
  code: string;
  desc: string;
  qty: number;
  price: number;
  /** Index of the product (−1 for non-product lines). */
  product: number;
  /** The main stream's quantity draw, when the line's own quantity is planted (a planted price response). */
  drawn?: number;
}

type InvoiceKind = 'purchase' | 'cancel' | 'adjust';

interface Invoice {
  kind: InvoiceKind;
  day: number;
  minute: number;
  customer: string;
  country: string;
  lines: Line[];
  seq: number;
  guest: boolean;
  /** Planted one-off invoices are never picked for cancellation mirroring or extra lines. */
  planted: boolean;
}

interface Customer {
  id: string;
  archetype: Archetype;
  country: string;
  favourites: number[];
  invoices: Invoice[];
}

interface ArchetypeSpec {
  invoices: (rng: Rng) => number;
  meanLines: number;
}

const ARCHETYPES: Record<Archetype, ArchetypeSpec> = {
  oneTime: { invoices: () => 1, meanLines: 14 },
  occasional: { invoices: (rng) => 2 + rng.int(5), meanLines: 18 },
  regular: { invoices: (rng) => 8 + rng.int(17), meanLines: 16 },
  wholesaler: { invoices: (rng) => 3 + rng.int(10), meanLines: 10 },
  bigSpender: { invoices: (rng) => 12 + rng.int(19), meanLines: 30 },
};
const ARCHETYPE_ORDER: Archetype[] = ['oneTime', 'occasional', 'regular', 'wholesaler', 'bigSpender'];
const GUEST_MEAN_LINES = 45;
const HOUR_WEIGHTS = [383, 8909, 34332, 49037, 57674, 78709, 72259, 67471, 77519, 54516, 28509, 7974, 3705, 871];
const MULTIPLIERS = [
  [1, 55],
  [2, 20],
  [3, 7],
  [4, 8],
  [6, 4],
  [10, 3],
  [12, 3],
] as const;
const WHOLESALE = [12, 24, 24, 36, 48, 48, 72, 96, 96, 100, 120, 144, 144, 192, 200, 240, 288, 480, 600, 960];
const GUEST_QTY = [
  [1, 60],
  [2, 20],
  [3, 8],
  [4, 5],
  [6, 4],
  [12, 3],
] as const;
const FIRST_INVOICE = 536365;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Lognormal line count with the given mean, at least 1. */
function lineCount(rng: Rng, mean: number, cap: number): number {
  const sigma = 0.85;
  const mu = Math.log(mean - 0.5) - (sigma * sigma) / 2;
  return Math.min(cap, 1 + Math.floor(Math.exp(mu + sigma * rng.normal())));
}

const WINDOW_END = Date.UTC(2011, 11, 9);
const FULL_START = Date.UTC(2010, 11, 1);

/**
 * Trading days of the last `days` calendar days up to 2011-12-09 (no Saturdays, Christmas closure), with their
 * volume weights.
 */
function tradingCalendar(days: number): { ms: number[]; weights: number[] } {
  const start = WINDOW_END - (days - 1) * 86_400_000;
  const end = WINDOW_END;
  const closedFrom = Date.UTC(2010, 11, 24);
  const closedTo = Date.UTC(2011, 0, 3);
  const wd = Object.values(PLANTED_PARAMETERS.weekdayWeights);
  const ms: number[] = [];
  const weights: number[] = [];
  for (let t = start; t <= end; t += 86_400_000) {
    const dow = isoDayOfWeek(t);
    if (dow === 6 || (t >= closedFrom && t <= closedTo)) continue;
    const month = isoDateTime(t).slice(0, 7);
    const progress = (t - start) / (end - start);
    ms.push(t);
    weights.push(wd[dow - 1] * PLANTED_PARAMETERS.monthMultipliers[month] * (1 + PLANTED_PARAMETERS.trend * progress));
  }
  return { ms, weights };
}

/**
 * Plan and emit every row. Exactly `o.rows` rows; invoice rows are contiguous and numbered in time order.
 * O(rows); the defaults (100 000 rows) take about a second.
 */
export function generateRows(o: ResolvedOptions, fn: string): GeneratedRows {
  const seed = o.seed;
  const nRows = o.rows;
  const rng = createRng(seed);
  const s = nRows / 541_909;
  const scaled = (realCount: number, min: number): number => Math.max(min, Math.round(realCount * s));

  // ---------------------------------------------------------------- catalogue and calendar
  const catalog: Product[] = buildCatalog(
    o.products === undefined ? Math.round(Math.min(4000, 300 + nRows / 80)) : o.products - ANCHOR_COUNT,
    rng.fork(),
  );
  const codeIndex = new Map(catalog.map((p, i) => [p.code, i]));
  const popularity = weightedSampler(
    catalog.map((p) => p.weight),
    rng,
  );
  const premiumIdx = catalog.map((p, i) => (p.price >= 4.95 && p.weight > 0 ? i : -1)).filter((i) => i >= 0);
  const premium = weightedSampler(
    premiumIdx.map((i) => catalog[i].weight),
    rng,
  );
  const maxLines = Math.floor(catalog.length / 3);
  const cal = tradingCalendar(o.days);
  const nDays = cal.ms.length;
  const daySampler = weightedSampler(cal.weights, rng);
  const hourSampler = weightedSampler(HOUR_WEIGHTS, rng);
  const minuteOn = (day: number): number => {
    if (day === nDays - 1) return 8 * 60 + rng.int(4 * 60 + 51);
    return (7 + hourSampler()) * 60 + rng.int(60);
  };
  // a planted date outside a shortened window moves to the same share of the window
  const dayOf = (y: number, m: number, d: number): number => {
    const t = Date.UTC(y, m - 1, d);
    const i = cal.ms.indexOf(t);
    if (i >= 0) return i;
    return Math.min(nDays - 1, Math.floor(((t - FULL_START) / (WINDOW_END - FULL_START)) * nDays));
  };

  let seq = 0;
  const invoices: Invoice[] = [];
  const newInvoice = (
    kind: InvoiceKind,
    day: number,
    minute: number,
    customer: string,
    country: string,
    extra: Partial<Pick<Invoice, 'guest' | 'planted'>> = {},
  ): Invoice => {
    const inv: Invoice = {
      kind,
      day,
      minute,
      customer,
      country,
      lines: [],
      seq: seq++,
      guest: extra.guest ?? false,
      planted: extra.planted ?? false,
    };
    invoices.push(inv);
    return inv;
  };
  const describe = (p: Product): string => {
    if (p.variants.length === 0) return p.description;
    let u = rng.next();
    for (const v of p.variants) {
      u -= v.p;
      if (u < 0) return v.text;
    }
    return p.description;
  };

  // ---------------------------------------------------------------- budgets (every row is planned)
  const nonProduct = {
    POST: scaled(1256, 2),
    DOT: scaled(710, 1),
    M: scaled(571, 3),
    m: 1,
    C2: scaled(144, 1),
    D: scaled(77, 1),
    S: scaled(63, 1),
    'BANK CHARGES': scaled(37, 1),
    AMAZONFEE: scaled(34, 1),
    CRUK: scaled(16, 1),
    PADS: scaled(4, 1),
  };
  const mCancelled = Math.round((nonProduct.M - 1) * 0.2); // own C invoices; plus the planted 38970 one
  const mInPurchases = nonProduct.M - 1 - mCancelled;
  const plantedRows = 3 /* A invoices */ + 5; /* 74215 pair, 80995 pair, picnic basket */
  const nFree = scaled(1336, 3);
  const nNullDescPositive = scaled(300, 1);
  const nDuplicates = Math.round(nRows * 0.0097);
  const nonProductCancelRows = nonProduct.D + nonProduct.S + nonProduct.AMAZONFEE + nonProduct.CRUK + mCancelled + 1;
  const nProductCancel = Math.max(2, Math.round(nRows * 0.0171) - nonProductCancelRows - 2);
  const nonProductTotal = Object.values(nonProduct).reduce((a, b) => a + b, 0);
  const purchaseBudget =
    nRows - plantedRows - nonProductTotal - nFree - nNullDescPositive - nDuplicates - nProductCancel;
  const guestTarget = Math.round(nRows * 0.243);
  const customerTarget = purchaseBudget - guestTarget;

  // ---------------------------------------------------------------- customers
  const perCustomer = ARCHETYPE_ORDER.reduce((acc, a) => {
    const share = PLANTED_PARAMETERS.archetypeShares[a];
    const meanInvoices =
      a === 'oneTime' ? 1 : a === 'occasional' ? 4 : a === 'regular' ? 16 : a === 'wholesaler' ? 7.5 : 21;
    return acc + share * meanInvoices * ARCHETYPES[a].meanLines;
  }, 0);
  const nCustomers = o.customers ?? Math.max(MIN_CUSTOMERS, Math.round(customerTarget / perCustomer));
  const archetypes: Archetype[] = [];
  for (const a of ARCHETYPE_ORDER) {
    if (a === 'occasional') continue;
    const min = a === 'bigSpender' ? 2 : 1;
    const n = Math.max(min, Math.round(PLANTED_PARAMETERS.archetypeShares[a] * nCustomers));
    for (let i = 0; i < n; i++) archetypes.push(a);
  }
  while (archetypes.length < nCustomers) archetypes.push('occasional');
  rng.shuffle(archetypes);
  // ids: distinct integers in [12347, 18287]; 14096 and 15098 are big spenders, 16446 is occasional
  const reserved = new Set([12346, 14096, 15098, 16446]);
  const idPool: number[] = [];
  for (let id = 12347; id <= 18287; id++) if (!reserved.has(id)) idPool.push(id);
  rng.shuffle(idPool);
  // more customers than the real id range holds: continue above it
  for (let id = 18288; idPool.length < nCustomers; id++) idPool.push(id);
  const ids = idPool.slice(0, nCustomers);
  const firstBig = archetypes.indexOf('bigSpender');
  const secondBig = archetypes.indexOf('bigSpender', firstBig + 1);
  ids[firstBig] = 15098;
  ids[secondBig] = 14096;
  let occ = archetypes.indexOf('occasional');
  if (occ < 0) {
    occ = archetypes.indexOf('regular');
  }
  ids[occ] = 16446;
  const special = new Set([15098, 14096, 16446]);
  const foreignSampler = weightedSampler(
    FOREIGN_COUNTRIES.map(([, w]) => w ** 0.7),
    rng,
  );
  let forcedCountry = 0;
  const customers: Customer[] = ids.map((id, i) => {
    let country = 'United Kingdom';
    const a = archetypes[i];
    const foreignP = a === 'wholesaler' ? 0.3 : 0.12;
    if (!special.has(id) && rng.next() < foreignP) {
      // every country gets a small customer first, so about 38 countries appear in the default file
      const small = a === 'oneTime' || a === 'occasional';
      country =
        small && forcedCountry < FOREIGN_COUNTRIES.length
          ? FOREIGN_COUNTRIES[forcedCountry++][0]
          : FOREIGN_COUNTRIES[foreignSampler()][0];
    }
    const nFav = 8 + rng.int(25);
    const favourites: number[] = [];
    for (let k = 0; k < nFav; k++) favourites.push(popularity());
    return { id: String(id), archetype: archetypes[i], country, favourites, invoices: [] };
  });

  // ---------------------------------------------------------------- purchase invoice skeletons
  const plan: Array<{ inv: Invoice; lines: number; owner: Customer | null }> = [];
  for (const c of customers) {
    const spec = ARCHETYPES[c.archetype];
    const k = spec.invoices(rng);
    const days: number[] = [];
    if (c.archetype === 'regular') {
      const interval = nDays / k;
      const start = rng.next() * interval;
      for (let i = 0; i < k; i++) {
        const d = Math.floor(start + i * interval + (rng.next() - 0.5) * interval * 0.3);
        days.push(Math.max(0, Math.min(nDays - 1, d)));
      }
    } else {
      for (let i = 0; i < k; i++) days.push(daySampler());
      days.sort((a, b) => a - b);
    }
    for (const d of days) {
      const inv = newInvoice('purchase', d, minuteOn(d), c.id, c.country);
      c.invoices.push(inv);
      plan.push({ inv, lines: lineCount(rng, spec.meanLines, maxLines), owner: c });
    }
  }
  // keep the customer share near its target: trim or extend random invoices
  let customerLines = plan.reduce((a, p) => a + p.lines, 0);
  const lo = Math.round(customerTarget * 0.97);
  const hi = Math.round(Math.min(customerTarget * 1.03, purchaseBudget - 1));
  if (plan.length > hi || plan.length * maxLines < lo)
    throw invalidArgument(
      fn,
      'customers',
      nCustomers,
      `a count whose invoices can hold the ${lo}–${hi} customer lines of ${nRows} rows (${plan.length} invoices of 1–${maxLines} lines do not)`,
      plan.length > hi ? 'Pass fewer customers or more rows.' : 'Pass more customers, more products or fewer rows.',
    );
  while (customerLines > hi) {
    const p = plan[rng.int(plan.length)];
    if (p.lines > 1) {
      p.lines--;
      customerLines--;
    }
  }
  while (customerLines < lo) {
    const p = plan[rng.int(plan.length)];
    if (p.lines < maxLines) {
      p.lines++;
      customerLines++;
    }
  }
  let guestLines = purchaseBudget - customerLines;
  while (guestLines > 0) {
    const d = daySampler();
    const n = Math.min(guestLines, lineCount(rng, GUEST_MEAN_LINES, maxLines));
    const country = rng.next() < 0.96 ? 'United Kingdom' : pick(GUEST_COUNTRIES, rng);
    plan.push({ inv: newInvoice('purchase', d, minuteOn(d), '', country, { guest: true }), lines: n, owner: null });
    guestLines -= n;
  }

  // ---------------------------------------------------------------- planted list-price paths (own random stream)
  const pricePlans = planPrices(catalog, cal.ms, seed);
  const responseRng = createRng((seed ^ 0x5eed0021) >>> 0);
  const listPriceOn = (i: number, day: number): Product => {
    const plan = pricePlans.get(i);
    if (plan === undefined) return catalog[i];
    return { ...catalog[i], price: round2(catalog[i].price * multiplierOn(plan, day)) };
  };

  // ---------------------------------------------------------------- basket contents
  const quantityFor = (p: Product, owner: Customer | null): number => {
    if (owner === null) return pick(GUEST_QTY, rng);
    if (owner.archetype === 'wholesaler') return Math.ceil(WHOLESALE[rng.int(WHOLESALE.length)] / p.unit) * p.unit;
    const q = p.unit * pick(MULTIPLIERS, rng);
    return owner.archetype === 'bigSpender' && rng.next() < 0.4 ? 2 * q : q;
  };
  const priceFor = (p: Product, owner: Customer | null, qty: number): number => {
    if (owner === null) return round2(p.price < 3 ? p.price * 1.97 : p.price * 1.1);
    if (qty >= 100 || (owner.archetype === 'wholesaler' && qty >= 48)) return Math.max(0.01, round2(p.price * 0.85));
    return p.price;
  };
  for (const { inv, lines: n, owner } of plan) {
    const chosen: number[] = [];
    const seen = new Set<number>();
    const add = (i: number): void => {
      if (!seen.has(i) && catalog[i].weight > 0) {
        seen.add(i);
        chosen.push(i);
      }
    };
    for (const b of BUNDLES) {
      if (n - chosen.length >= b.codes.length && rng.next() < b.probability)
        for (const code of b.codes) add(codeIndex.get(code) as number);
    }
    let tries = 0;
    while (chosen.length < n) {
      const r = rng.next();
      let i: number;
      if (owner && r < 0.35) i = owner.favourites[rng.int(owner.favourites.length)];
      else if (owner?.archetype === 'bigSpender' && r < 0.6) i = premiumIdx[premium()];
      else i = popularity();
      add(i);
      if (++tries > 50 * n) {
        for (let j = 0; chosen.length < n && j < catalog.length; j++) add(j);
      }
    }
    rng.shuffle(chosen);
    for (const i of chosen) {
      const p = catalog[i];
      const drawn = quantityFor(p, owner);
      const plan = pricePlans.get(i);
      const qty = plan === undefined ? drawn : plannedQuantity(plan, inv.day, responseRng);
      const priced = listPriceOn(i, inv.day);
      const line: Line = { code: p.code, desc: describe(p), qty, price: priceFor(priced, owner, qty), product: i };
      if (plan !== undefined) line.drawn = drawn;
      inv.lines.push(line);
    }
  }
  const customerPurchases = plan.filter((p) => p.owner !== null).map((p) => p.inv);
  const guestPurchases = plan.filter((p) => p.owner === null).map((p) => p.inv);
  const foreignPurchases = customerPurchases.filter((i) => i.country !== 'United Kingdom');
  const eirePurchases = customerPurchases.filter((i) => i.country === 'EIRE');
  const anyOf = (list: Invoice[], fallback: Invoice[]): Invoice => {
    const from = list.length > 0 ? list : fallback;
    return from[rng.int(from.length)];
  };
  const npLine = (code: string, qty: number, price: number): Line => ({
    code,
    desc: NON_PRODUCT[code],
    qty,
    price,
    product: -1,
  });
  const randomCustomer = (): Customer => customers[rng.int(customers.length)];
  const someDay = (): [number, number] => {
    const d = daySampler();
    return [d, minuteOn(d)];
  };

  // ---------------------------------------------------------------- non-product lines inside purchases
  for (let k = 0; k < nonProduct.POST; k++) {
    const inv = anyOf(foreignPurchases, customerPurchases);
    const price = EU_POSTAGE.has(inv.country) ? (inv.country === 'Netherlands' ? 15 : 18) : 40;
    inv.lines.unshift(npLine('POST', rng.next() < 0.7 ? 1 : 2 + rng.int(3), price));
  }
  for (let k = 0; k < nonProduct.DOT; k++) {
    const inv = anyOf(guestPurchases, customerPurchases);
    const value = inv.lines.reduce((a, l) => a + l.qty * l.price, 0);
    inv.lines.push(npLine('DOT', 1, Math.min(9000, Math.max(5, round2(value * (0.05 + 0.3 * rng.next()))))));
  }
  for (let k = 0; k < nonProduct.C2; k++) {
    const inv = anyOf(eirePurchases, foreignPurchases.length > 0 ? foreignPurchases : customerPurchases);
    inv.lines.push(npLine('C2', 1, 50));
  }
  const manualPrice = (): number =>
    rng.next() < 0.6 ? catalog[popularity()].price : round2(0.5 + rng.next() * rng.next() * 400);
  for (let k = 0; k < mInPurchases; k++) {
    const inv = anyOf(customerPurchases, guestPurchases);
    inv.lines.splice(
      rng.int(inv.lines.length + 1),
      0,
      npLine('M', rng.next() < 0.8 ? 1 : 2 + rng.int(11), manualPrice()),
    );
  }
  anyOf(customerPurchases, guestPurchases).lines.push(npLine('m', 1, 2.55));
  for (let k = 0; k < nonProduct.PADS; k++)
    anyOf(customerPurchases, guestPurchases).lines.push(npLine('PADS', 1, 0.001));

  // ---------------------------------------------------------------- exact duplicate lines (same invoice)
  const allPurchases = customerPurchases.concat(guestPurchases);
  for (let k = 0; k < nDuplicates; k++) {
    const inv = allPurchases[rng.int(allPurchases.length)];
    const j = rng.int(inv.lines.length);
    const at = j + 1 + rng.int(Math.min(3, inv.lines.length - j));
    inv.lines.splice(at, 0, { ...inv.lines[j] });
  }

  // ---------------------------------------------------------------- own invoices: non-product C lines, fees
  const ownCancel = (code: string, price: number, who: Customer | null): void => {
    const [d, m] = someDay();
    const inv = newInvoice('cancel', d, m, who ? who.id : '', who ? who.country : 'United Kingdom');
    inv.lines.push(npLine(code, -1, price));
  };
  for (let k = 0; k < nonProduct.D; k++) ownCancel('D', round2(5 + rng.next() * 150), randomCustomer());
  for (let k = 0; k < nonProduct.S; k++) ownCancel('S', round2(1 + rng.next() * 150), randomCustomer());
  for (let k = 0; k < nonProduct.AMAZONFEE; k++) ownCancel('AMAZONFEE', round2(5000 + rng.next() * 4999), null);
  const cruk = customers.find((c) => c.id === '14096') as Customer;
  for (let k = 0; k < nonProduct.CRUK; k++) ownCancel('CRUK', round2(100 + rng.next() * 900), cruk);
  for (let k = 0; k < mCancelled; k++) ownCancel('M', manualPrice(), randomCustomer());
  for (let k = 0; k < nonProduct['BANK CHARGES']; k++) {
    const who = rng.next() < 0.5 ? randomCustomer() : null;
    const [d, m] = someDay();
    newInvoice('purchase', d, m, who ? who.id : '', who ? who.country : 'United Kingdom').lines.push(
      npLine('BANK CHARGES', 1, 15),
    );
  }

  // ---------------------------------------------------------------- free / damaged lines, missing descriptions
  for (let k = 0; k < nFree + nNullDescPositive; k++) {
    const free = k < nFree;
    const p = catalog[popularity()];
    const [d, m] = someDay();
    const r = rng.next();
    const qty = free
      ? -(r < 0.7 ? 1 + rng.int(24) : r < 0.95 ? 1 + rng.int(200) : 100 + rng.int(9500))
      : r < 0.9
        ? 1 + rng.int(100)
        : 100 + rng.int(5000);
    const desc = free && rng.next() < 0.7 ? pick(DAMAGE_NOTES, rng) : '';
    newInvoice('purchase', d, m, '', 'United Kingdom').lines.push({ code: p.code, desc, qty, price: 0, product: -1 });
  }

  // ---------------------------------------------------------------- planted one-offs
  {
    const c12346 = '12346';
    const d = dayOf(2011, 1, 18);
    const jar = catalog[codeIndex.get('23166') as number];
    newInvoice('purchase', d, 10 * 60 + 1, c12346, 'United Kingdom', { planted: true }).lines.push({
      code: jar.code,
      desc: jar.description,
      qty: 74215,
      price: 1.04,
      product: -1,
    });
    newInvoice('cancel', d, 10 * 60 + 17, c12346, 'United Kingdom', { planted: true }).lines.push({
      code: jar.code,
      desc: jar.description,
      qty: -74215,
      price: 1.04,
      product: -1,
    });
    const last = nDays - 1;
    const craft = catalog[codeIndex.get('23843') as number];
    for (const [minute, qty] of [
      [9 * 60 + 15, 80995],
      [9 * 60 + 27, -80995],
    ]) {
      newInvoice(qty > 0 ? 'purchase' : 'cancel', last, minute, '16446', 'United Kingdom', {
        planted: true,
      }).lines.push({ code: craft.code, desc: craft.description, qty, price: 2.08, product: -1 });
    }
    const jd = dayOf(2011, 6, 10);
    newInvoice('purchase', jd, 11 * 60 + 4, '15098', 'United Kingdom', { planted: true }).lines.push({
      code: '22502',
      desc: 'PICNIC BASKET WICKER 60 PIECES',
      qty: 60,
      price: 649.5,
      product: -1,
    });
    newInvoice('cancel', jd, 11 * 60 + 10, '15098', 'United Kingdom', { planted: true }).lines.push(
      npLine('M', -1, 38970),
    );
    const ad = dayOf(2011, 8, 12);
    [11062.06, -11062.06, -11062.06].forEach((price, i) => {
      newInvoice('adjust', ad, 14 * 60 + 50 + i, '', 'United Kingdom', { planted: true }).lines.push(
        npLine('B', 1, price),
      );
    });
  }

  // ---------------------------------------------------------------- cancellations mirroring earlier purchases
  let cancelLeft = nProductCancel;
  const mirrorable = customerPurchases.filter((i) => i.lines.some((l) => l.product >= 0));
  const guestMirrorable = guestPurchases.filter((i) => i.lines.some((l) => l.product >= 0));
  const unmatchedInvoices = Math.max(1, Math.round(nProductCancel * 0.01));
  for (let k = 0; k < unmatchedInvoices && cancelLeft > 0; k++) {
    // returns of purchases made before the data window: no earlier purchase in the file
    const c = randomCustomer();
    const d = rng.int(Math.min(8, nDays));
    const inv = newInvoice('cancel', d, minuteOn(d), c.id, c.country);
    const p = catalog[popularity()];
    inv.lines.push({
      code: p.code,
      desc: describe(p),
      qty: -p.unit * pick(MULTIPLIERS, rng),
      price: p.price,
      product: -1,
    });
    cancelLeft--;
  }
  while (cancelLeft > 0) {
    const from = rng.next() < 0.04 && guestMirrorable.length > 0 ? guestMirrorable : mirrorable;
    const orig = from[rng.int(from.length)];
    // a later moment: same day a few minutes later, or a later trading day
    let d = orig.day;
    while (rng.next() < 0.5 && d < nDays - 1) d += 1 + rng.int(5);
    d = Math.min(d, nDays - 1);
    let m: number;
    if (d === orig.day) {
      m = orig.minute + 1 + rng.int(120);
      const close = d === nDays - 1 ? 12 * 60 + 50 : 20 * 60 + 59;
      if (m > close) {
        if (orig.minute >= close) continue; // nothing later that day; pick another purchase
        m = close;
      }
    } else m = minuteOn(d);
    const productLines = orig.lines.filter((l) => l.product >= 0);
    const want = Math.min(
      cancelLeft,
      productLines.length,
      rng.next() < 0.6 ? 1 : rng.next() < 0.5 ? 2 : 3 + rng.int(6),
    );
    rng.shuffle(productLines);
    const inv = newInvoice('cancel', d, m, orig.customer, orig.country);
    for (const l of productLines.slice(0, want)) {
      // the main stream's draws follow the drawn quantity (a planted price line's own quantity may differ)
      const q0 = l.drawn ?? l.qty;
      const all = rng.next() < 0.75 || q0 <= 1;
      const part = all ? q0 : 1 + rng.int(q0 - 1);
      const qty = l.drawn === undefined ? -part : all ? -l.qty : -Math.max(1, Math.round((part * l.qty) / q0));
      inv.lines.push({ ...l, qty });
    }
    cancelLeft -= want;
  }

  // ---------------------------------------------------------------- order, number and emit
  invoices.sort((a, b) => a.day - b.day || a.minute - b.minute || a.seq - b.seq);
  const rows: string[][] = [];
  let number = FIRST_INVOICE;
  for (const inv of invoices) {
    if (inv.lines.length === 0) continue;
    const no = inv.kind === 'cancel' ? `C${number}` : inv.kind === 'adjust' ? `A${number}` : String(number);
    number += rng.next() < 0.75 ? 2 : 1;
    const date = isoDateTime(cal.ms[inv.day] + inv.minute * 60_000);
    for (const l of inv.lines) {
      rows.push([no, l.code, l.desc, String(l.qty), date, String(l.price), inv.customer, inv.country]);
    }
  }
  if (rows.length !== nRows)
    throw new RetailKitError('INTERNAL', `${fn}: planned ${nRows} rows but emitted ${rows.length}.`);

  const archetypeOf = new Map<string, Archetype>(customers.map((c) => [c.id, c.archetype]));
  archetypeOf.set('12346', 'oneTime');
  const priceElasticity: Record<string, number> = {};
  for (const [i, plan] of [...pricePlans].sort((a, b) => (catalog[a[0]].code < catalog[b[0]].code ? -1 : 1)))
    priceElasticity[catalog[i].code] = plan.elasticity;
  return { header: [...HEADER], rows, archetypeOf, priceElasticity };
}

const GUEST_COUNTRIES: Array<[string, number]> = [
  ['EIRE', 3],
  ['Hong Kong', 2],
  ['Unspecified', 2],
  ['Israel', 1],
  ['France', 1],
  ['Switzerland', 1],
  ['Bahrain', 1],
];
