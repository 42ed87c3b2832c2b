/**
 * The manifest of planted truths, counted from the rows exactly as emitted (never from intended rates).
 */
import { isoDayOfWeek, parseIsoDate, RetailKitError } from '@retailkit/core';
import type { Archetype, BundleRule, SeedManifest } from '../seed-manifest.js';
import type { BundleSpec } from './catalog.js';

/** Stock codes of real products: five digits and an optional letter suffix. Everything else is non-product. */
export const PRODUCT_CODE = /^\d{5}[A-Za-z]*$/;
/** Outlier rule used for `outliers`. */
export const OUTLIER_QUANTITY = 10_000;
export const OUTLIER_PRICE = 10_000;

export interface ManifestContext {
  seed: number;
  rowsRequested: number;
  archetypeOf: Map<string, Archetype>;
  bundles: BundleSpec[];
  parameters: unknown;
  priceElasticity: Record<string, number>;
  csvSha256: string;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The most frequent key of a count map; ties go to the key inserted first (first seen in file order). */
function mostFrequent(counts: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [d, c] of counts)
    if (c > bestN) {
      best = d;
      bestN = c;
    }
  return best;
}

/** Count every planted truth from the emitted rows (fields as written, '' = missing). O(rows). */
export function computeManifest(header: string[], rows: string[][], ctx: ManifestContext): SeedManifest {
  const n = rows.length;
  const invoiceSet = new Set<string>();
  const invoiceKinds = { purchase: new Set<string>(), cancellation: new Set<string>(), adjustment: new Set<string>() };
  let cancelRows = 0;
  let cancelMatched = 0;
  let negQty = 0;
  const aInvoices = new Set<string>();
  let aRows = 0;
  let bRows = 0;
  let negPrice = 0;
  let free = 0;
  let zeroPrice = 0;
  let giveAway = 0;
  let suffixedRows = 0;
  const nonProduct = new Map<string, number>();
  const suffixed = new Map<string, Set<string>>();
  const descCounts = new Map<string, Map<string, number>>();
  let quoted = 0;
  let missingCustomer = 0;
  let missingDescription = 0;
  // identical rows share their InvoiceNo, and an invoice's rows are contiguous, so duplicates are found per invoice
  let seen = new Set<string>();
  const closedInvoices = new Set<string>();
  let currentInvoice = '';
  const dateInfo = new Map<string, { weekday: number; day: string; month: string }>();
  let dup = 0;
  const outliers: SeedManifest['outliers']['rows'] = [];
  const countries = new Map<string, number>();
  const weekdays = [0, 0, 0, 0, 0, 0, 0];
  const months = new Map<string, { rows: number; invoices: Set<string>; quantity: number; salesQuantity: number }>();
  const days = new Set<string>();
  // earliest purchase quantities per customer+code, in file order (for cancellation matching)
  const purchased = new Map<string, number>();
  const customers = new Set<string>();
  const archetypeInvoices = new Map<string, Set<string>>();
  const archetypeLines = new Map<string, { lines: number; quantity: number; revenue: number }>();
  const baskets = new Map<string, Set<string>>();
  let first = '';
  let last = '';

  for (const r of rows) {
    const inv = r[0];
    const code = r[1];
    const desc = r[2];
    const qtyText = r[3];
    const date = r[4];
    const priceText = r[5];
    const cust = r[6];
    const country = r[7];
    const qty = Number(qtyText);
    const price = Number(priceText);
    invoiceSet.add(inv);
    const isC = inv.startsWith('C');
    const isA = inv.startsWith('A');
    (isC ? invoiceKinds.cancellation : isA ? invoiceKinds.adjustment : invoiceKinds.purchase).add(inv);
    const product = PRODUCT_CODE.test(code);
    if (isC) {
      cancelRows++;
      if (cust !== '' && (purchased.get(`${cust}\u0000${code}`) ?? 0) >= Math.abs(qty)) cancelMatched++;
    } else if (cust !== '' && qty > 0) {
      const key = `${cust}\u0000${code}`;
      const before = purchased.get(key);
      if (before === undefined || qty > before) purchased.set(key, qty);
    }
    if (qty < 0) negQty++;
    if (isA) {
      aRows++;
      aInvoices.add(inv);
    }
    if (code === 'B') bRows++;
    if (price < 0) negPrice++;
    if (price === 0) {
      zeroPrice++;
      if (qty < 0) free++;
      else if (qty > 0) giveAway++;
    }
    if (!product) nonProduct.set(code, (nonProduct.get(code) ?? 0) + 1);
    if (product && code.length > 5) {
      suffixedRows++;
      const base = code.slice(0, 5);
      let set = suffixed.get(base);
      if (!set) suffixed.set(base, (set = new Set()));
      set.add(code);
    }
    if (desc !== '') {
      let dm = descCounts.get(code);
      if (!dm) descCounts.set(code, (dm = new Map()));
      dm.set(desc, (dm.get(desc) ?? 0) + 1);
      if (desc.includes(',') || desc.includes('"')) quoted++;
    } else missingDescription++;
    if (cust === '') missingCustomer++;
    if (inv !== currentInvoice) {
      if (closedInvoices.has(inv))
        throw new RetailKitError(
          'INTERNAL',
          `computeManifest: rows of invoice ${inv} are not contiguous; duplicates would be miscounted.`,
        );
      closedInvoices.add(currentInvoice);
      currentInvoice = inv;
      seen = new Set();
    }
    const line = `${code}\u0001${desc}\u0001${qtyText}\u0001${date}\u0001${priceText}\u0001${cust}\u0001${country}`;
    if (seen.has(line)) dup++;
    else seen.add(line);
    if (Math.abs(qty) >= OUTLIER_QUANTITY || Math.abs(price) >= OUTLIER_PRICE)
      outliers.push({ invoiceNo: inv, stockCode: code, quantity: qty, unitPrice: price, customerId: cust || null });
    countries.set(country, (countries.get(country) ?? 0) + 1);
    let di = dateInfo.get(date);
    if (di === undefined) {
      di = { weekday: isoDayOfWeek(parseIsoDate(date)) - 1, day: date.slice(0, 10), month: date.slice(0, 7) };
      dateInfo.set(date, di);
      days.add(di.day);
    }
    weekdays[di.weekday]++;
    const month = di.month;
    let mo = months.get(month);
    if (!mo) months.set(month, (mo = { rows: 0, invoices: new Set(), quantity: 0, salesQuantity: 0 }));
    mo.rows++;
    mo.invoices.add(inv);
    mo.quantity += qty;
    const basketLine = !isC && product && qty >= 1;
    if (basketLine) {
      mo.salesQuantity += qty;
      let b = baskets.get(inv);
      if (!b) baskets.set(inv, (b = new Set()));
      b.add(code);
    }
    if (first === '' || date < first) first = date;
    if (date > last) last = date;
    if (cust !== '') {
      customers.add(cust);
      const a = ctx.archetypeOf.get(cust) ?? 'occasional';
      if (!isC && !isA) {
        let s = archetypeInvoices.get(a);
        if (!s) archetypeInvoices.set(a, (s = new Set()));
        s.add(inv);
      }
      if (basketLine) {
        let st = archetypeLines.get(a);
        if (!st) archetypeLines.set(a, (st = { lines: 0, quantity: 0, revenue: 0 }));
        st.lines++;
        st.quantity += qty;
        st.revenue += qty * price;
      }
    }
  }

  // description variants: most frequent, ties broken by first appearance (Map keeps insertion order)
  const descItems: SeedManifest['descriptionVariants']['items'] = [];
  for (const [code, dm] of [...descCounts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (dm.size < 2) continue;
    const trimmed = new Map<string, number>();
    for (const [d, c] of dm) trimmed.set(d.trim(), (trimmed.get(d.trim()) ?? 0) + c);
    descItems.push({
      stockCode: code,
      mostFrequent: mostFrequent(dm),
      mostFrequentTrimmed: mostFrequent(trimmed),
      descriptions: Object.fromEntries(dm),
    });
  }
  const families = [...suffixed]
    .filter(([, set]) => set.size >= 2)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([base, set]) => ({ base, codes: [...set].sort() }));

  // customers and archetypes (only customers present in the rows)
  const archetypes: Record<Archetype, string[]> = {
    oneTime: [],
    occasional: [],
    regular: [],
    wholesaler: [],
    bigSpender: [],
  };
  for (const c of [...customers].sort()) archetypes[ctx.archetypeOf.get(c) ?? 'occasional'].push(c);
  const archetypeCounts = Object.fromEntries(Object.entries(archetypes).map(([a, ids]) => [a, ids.length])) as Record<
    Archetype,
    number
  >;
  const archetypeStats = Object.fromEntries(
    (Object.keys(archetypes) as Archetype[]).map((a) => {
      const inv = archetypeInvoices.get(a)?.size ?? 0;
      const st = archetypeLines.get(a) ?? { lines: 0, quantity: 0, revenue: 0 };
      return [
        a,
        {
          purchaseInvoices: inv,
          meanInvoicesPerCustomer: r6(inv / Math.max(1, archetypeCounts[a])),
          meanQuantityPerLine: r6(st.quantity / Math.max(1, st.lines)),
          revenue: Math.round(st.revenue * 100) / 100,
        },
      ];
    }),
  ) as SeedManifest['customers']['archetypeStats'];

  // baskets and bundles
  const nBaskets = baskets.size;
  const itemCount = new Map<string, number>();
  for (const b of baskets.values()) for (const c of b) itemCount.set(c, (itemCount.get(c) ?? 0) + 1);
  const topItems = [...itemCount]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([stockCode, c]) => ({ stockCode, support: r6(c / nBaskets) }));
  const bundles = ctx.bundles.map((spec) => {
    const k = spec.codes.length;
    const maskCount = new Array<number>(1 << k).fill(0);
    for (const b of baskets.values()) {
      let mask = 0;
      spec.codes.forEach((c, i) => {
        if (b.has(c)) mask |= 1 << i;
      });
      maskCount[mask]++;
    }
    const supportOf = (sub: number): number => {
      let c = 0;
      for (let m = 0; m < maskCount.length; m++) if ((m & sub) === sub) c += maskCount[m];
      return c / nBaskets;
    };
    const full = (1 << k) - 1;
    const rules: BundleRule[] = [];
    for (let a = 1; a < full; a++) {
      const cons = full & ~a;
      const sFull = supportOf(full);
      const conf = sFull / supportOf(a);
      rules.push({
        antecedent: spec.codes.filter((_, i) => a & (1 << i)),
        consequent: spec.codes.filter((_, i) => cons & (1 << i)),
        support: r6(sFull),
        confidence: r6(conf),
        lift: r6(conf / supportOf(cons)),
      });
    }
    const descriptions = spec.codes.map((c) => mostFrequent(descCounts.get(c) ?? new Map()));
    return {
      name: spec.name,
      items: [...spec.codes],
      descriptions,
      support: r6(supportOf(full)),
      count: Math.round(supportOf(full) * nBaskets),
      itemSupport: Object.fromEntries(spec.codes.map((c, i) => [c, r6(supportOf(1 << i))])),
      rules,
    };
  });

  const countryRows = Object.fromEntries([...countries].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  return {
    generator: {
      name: 'retailkit seeds (Online Retail shaped)',
      seed: ctx.seed,
      rowsRequested: ctx.rowsRequested,
      csvSha256: ctx.csvSha256,
      regenerate: 'npm run seeds',
      files: { csv: 'seeds/online-retail.csv.gz', manifest: 'seeds/manifest.json' },
    },
    definitions: DEFINITIONS,
    columns: [...header],
    rows: n,
    dateRange: { first, last, tradingDays: days.size },
    invoices: {
      distinct: invoiceSet.size,
      purchase: invoiceKinds.purchase.size,
      cancellation: invoiceKinds.cancellation.size,
      adjustment: invoiceKinds.adjustment.size,
      meanLinesPerInvoice: r6(n / invoiceSet.size),
    },
    cancellations: {
      rows: cancelRows,
      invoices: invoiceKinds.cancellation.size,
      rowsWithEarlierPurchase: cancelMatched,
      rowsWithoutEarlierPurchase: cancelRows - cancelMatched,
    },
    negativeQuantityRows: negQty,
    badDebtAdjustments: { rows: aRows, invoices: [...aInvoices], stockCodeB: bRows, negativePriceRows: negPrice },
    freeLines: free,
    zeroPriceRows: zeroPrice,
    giveAwayRows: giveAway,
    nonProductCodes: {
      rows: [...nonProduct.values()].reduce((a, b) => a + b, 0),
      codes: Object.fromEntries([...nonProduct].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))),
    },
    colourVariants: {
      rows: suffixedRows,
      codes: [...suffixed.values()].reduce((a, x) => a + x.size, 0),
      bases: families.length,
      families,
    },
    descriptionVariants: { stockCodes: descItems.length, items: descItems },
    quotedDescriptionRows: quoted,
    missing: { customerId: missingCustomer, customerIdShare: r6(missingCustomer / n), description: missingDescription },
    duplicates: { rows: dup },
    outliers: {
      rule: `|Quantity| >= ${OUTLIER_QUANTITY} or |UnitPrice| >= ${OUTLIER_PRICE}`,
      rows: outliers,
    },
    countries: {
      distinct: countries.size,
      ukShare: r6((countries.get('United Kingdom') ?? 0) / n),
      rows: countryRows,
    },
    weekdays: Object.fromEntries(WEEKDAYS.map((w, i) => [w, weekdays[i]])) as SeedManifest['weekdays'],
    weeklyPeriod: {
      tradingDaysPerWeek: 6,
      calendarDays: 7,
      note: 'No trading on Saturdays: a daily series of trading days has a weekly period of 6; a calendar-day series (Saturdays as zero) has 7.',
    },
    monthly: [...months]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([month, m]) => ({
        month,
        rows: m.rows,
        invoices: m.invoices.size,
        quantity: m.quantity,
        salesQuantity: m.salesQuantity,
      })),
    customers: { distinct: customers.size, archetypeCounts, archetypeStats, archetypes },
    baskets: { count: nBaskets, topItems },
    bundles,
    plantedParameters: ctx.parameters,
    priceElasticity: ctx.priceElasticity,
  };
}

/** What each count means (written into the manifest). */
export const DEFINITIONS: Record<string, string> = {
  rows: 'data rows in the CSV (header excluded)',
  productCode: 'a StockCode matching ^\\d{5}[A-Za-z]*$; every other StockCode is a non-product code',
  cancellation: 'a row whose InvoiceNo starts with "C"',
  'cancellations.rowsWithEarlierPurchase':
    'cancellation rows with a CustomerID for which an earlier row (file order) of a non-cancelled invoice has the same CustomerID and StockCode and Quantity >= |cancelled Quantity|',
  badDebtAdjustment: 'a row whose InvoiceNo starts with "A" (StockCode B, "Adjust bad debt")',
  freeLines:
    'free or damaged lines: rows with Quantity < 0 and UnitPrice = 0 (in this data they are all single-line, non-C invoices without a CustomerID)',
  zeroPriceRows: 'rows with UnitPrice = 0 (any Quantity)',
  giveAwayRows: 'rows with Quantity > 0 and UnitPrice = 0',
  nonProductCodes: 'rows per non-product StockCode, case as emitted (M and m are distinct)',
  colourVariants:
    'rows = rows whose StockCode is five digits plus a letter suffix; codes = distinct such codes; families = five-digit bases that appear with two or more distinct suffixes (e.g. 85123A, 85123B)',
  descriptionVariants:
    'stock codes with two or more distinct non-empty Description strings (exact text: trailing spaces and typos count); mostFrequent = highest row count, ties broken by first appearance in file order; mostFrequentTrimmed = the same after trimming leading/trailing spaces (counts of texts equal after trimming are added)',
  quotedDescriptionRows: 'rows whose Description contains a comma or a double quote (RFC 4180 quoted in the file)',
  missing: 'rows with an empty CustomerID / empty Description',
  duplicates: 'rows identical in all eight fields to an earlier row (the first occurrence is not counted)',
  outliers: 'rows matching the outlier rule, in file order',
  weekdays: 'rows per ISO weekday of InvoiceDate',
  'monthly.quantity': 'sum of Quantity over all rows of the month',
  'monthly.salesQuantity': 'sum of Quantity over basket lines (see baskets) of the month',
  customers:
    'distinct non-empty CustomerIDs; archetype is the generator profile (oneTime: one purchase invoice; occasional: 2-6; regular: 8-24 at a steady cadence; wholesaler: large quantities; bigSpender: many invoices, many lines, pricier items)',
  'archetypeStats.purchaseInvoices': 'distinct non-C, non-A invoices of the archetype customers',
  'archetypeStats.revenue': 'sum of Quantity * UnitPrice over basket lines of the archetype customers',
  baskets:
    'one basket per InvoiceNo not starting with "C", holding the distinct product StockCodes of its lines with Quantity >= 1; invoices with no such line are not baskets; support denominator = baskets.count',
  bundles:
    'planted itemsets; support = share of baskets containing every item; rules for every split: confidence = support(all) / support(antecedent), lift = confidence / support(consequent); values rounded to 6 decimals',
  dateRange: 'first and last InvoiceDate (YYYY-MM-DD HH:MM:SS, naive wall-clock) and the number of distinct dates',
  priceElasticity:
    "planted own-price elasticity e by StockCode: the generator moves these products' catalogue price seven times, each at the start of a week (every line's price follows, tier and guest prices included) and draws their purchase quantities as (4 to 6) x (price / mid price)^e, so expected weekly quantity is proportional to list price^e; from random streams of their own, so other products' lines do not change",
};
