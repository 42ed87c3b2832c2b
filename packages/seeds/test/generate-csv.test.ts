import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { isRetailKitError } from '@retailkit/core';
import { generateCsv, type SeedManifest } from '@retailkit/seeds';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLES } from '../src/internal/catalog.js';
import { toCsv } from '../src/internal/csv.js';
import { HEADER } from '../src/internal/generator.js';
import { parseCsv } from './csv-oracle.js';

const CSV_PATH = fileURLToPath(new URL('../../../seeds/online-retail.csv.gz', import.meta.url));
const MANIFEST_PATH = fileURLToPath(new URL('../../../seeds/manifest.json', import.meta.url));
/** SHA-256 from node:crypto directly (the package's own helper is what is under test). */
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Rec {
  inv: string;
  code: string;
  desc: string;
  qty: number;
  date: string;
  price: number;
  cust: string;
  country: string;
}

const asRecs = (records: string[][]): Rec[] =>
  records.map(([inv, code, desc, q, date, p, cust, country]) => ({
    inv,
    code,
    desc,
    qty: Number(q),
    date,
    price: Number(p),
    cust,
    country,
  }));

const count = <T>(xs: T[], f: (x: T) => boolean): number => xs.reduce((a, x) => a + (f(x) ? 1 : 0), 0);
const isProduct = (code: string): boolean => /^[0-9]{5}[a-zA-Z]*$/.test(code);
const utcDay = (date: string): number => new Date(`${date.replace(' ', 'T')}Z`).getUTCDay(); // 0 = Sunday

/**
 * Independent recount of the manifest from parsed CSV records, written differently from `computeManifest`
 * (array filters, a global set of full lines for duplicates, JS Date weekdays, brute-force basket counts).
 */
function recount(recs: Rec[]) {
  const invoices = new Set(recs.map((r) => r.inv));
  const nonProduct: Record<string, number> = {};
  for (const r of recs) if (!isProduct(r.code)) nonProduct[r.code] = (nonProduct[r.code] ?? 0) + 1;
  const lines = new Set<string>();
  let duplicates = 0;
  for (const r of recs) {
    const key = JSON.stringify(r);
    if (lines.has(key)) duplicates++;
    lines.add(key);
  }
  const weekdays = [0, 0, 0, 0, 0, 0, 0]; // Sunday first
  for (const r of recs) weekdays[utcDay(r.date)]++;
  const countries: Record<string, number> = {};
  for (const r of recs) countries[r.country] = (countries[r.country] ?? 0) + 1;
  const monthlyQuantity: Record<string, number> = {};
  for (const r of recs) monthlyQuantity[r.date.slice(0, 7)] = (monthlyQuantity[r.date.slice(0, 7)] ?? 0) + r.qty;
  // baskets: non-C invoices, product codes, quantity >= 1, distinct codes
  const basketMap = new Map<string, Set<string>>();
  for (const r of recs) {
    if (r.inv.startsWith('C') || !isProduct(r.code) || r.qty < 1) continue;
    if (!basketMap.has(r.inv)) basketMap.set(r.inv, new Set());
    basketMap.get(r.inv)?.add(r.code);
  }
  const baskets = [...basketMap.values()];
  const support = (items: string[]): number => count(baskets, (b) => items.every((i) => b.has(i))) / baskets.length;
  // description variants: per code, counts in first-seen order
  const descs = new Map<string, Array<[string, number]>>();
  for (const r of recs) {
    if (r.desc === '') continue;
    if (!descs.has(r.code)) descs.set(r.code, []);
    const list = descs.get(r.code) as Array<[string, number]>;
    const hit = list.find(([d]) => d === r.desc);
    if (hit) hit[1]++;
    else list.push([r.desc, 1]);
  }
  const mostFrequent: Record<string, string> = {};
  const mostFrequentTrimmed: Record<string, string> = {};
  for (const [code, list] of descs) {
    if (list.length < 2) continue;
    const max = Math.max(...list.map(([, n]) => n));
    mostFrequent[code] = (list.find(([, n]) => n === max) as [string, number])[0];
    const trimmed: Array<[string, number]> = [];
    for (const [d, n] of list) {
      const hit = trimmed.find(([t]) => t === d.trim());
      if (hit) hit[1] += n;
      else trimmed.push([d.trim(), n]);
    }
    const tmax = Math.max(...trimmed.map(([, n]) => n));
    mostFrequentTrimmed[code] = (trimmed.find(([, n]) => n === tmax) as [string, number])[0];
  }
  // cancellations with an earlier purchase (file order), brute force
  let matched = 0;
  recs.forEach((r, i) => {
    if (!r.inv.startsWith('C') || r.cust === '') return;
    for (let j = 0; j < i; j++) {
      const e = recs[j];
      if (!e.inv.startsWith('C') && e.cust === r.cust && e.code === r.code && e.qty >= Math.abs(r.qty)) {
        matched++;
        return;
      }
    }
  });
  const bases = new Map<string, Set<string>>();
  for (const r of recs) {
    const m = /^([0-9]{5})([a-zA-Z]+)$/.exec(r.code);
    if (!m) continue;
    if (!bases.has(m[1])) bases.set(m[1], new Set());
    bases.get(m[1])?.add(r.code);
  }
  return {
    rows: recs.length,
    invoices: invoices.size,
    cancellationRows: count(recs, (r) => r.inv[0] === 'C'),
    adjustmentRows: count(recs, (r) => r.inv[0] === 'A'),
    freeLines: count(recs, (r) => r.qty < 0 && r.price === 0),
    giveAway: count(recs, (r) => r.qty > 0 && r.price === 0),
    suffixedRows: count(recs, (r) => /^[0-9]{5}[a-zA-Z]+$/.test(r.code)),
    missingCustomer: count(recs, (r) => r.cust === ''),
    missingDescription: count(recs, (r) => r.desc === ''),
    nonProduct,
    duplicates,
    weekdays,
    countries,
    monthlyQuantity,
    baskets,
    support,
    mostFrequent,
    mostFrequentTrimmed,
    matched,
    colourBases: [...bases].filter(([, s]) => s.size >= 2).map(([b]) => b),
    outliers: recs
      .filter((r) => Math.abs(r.qty) >= 10000 || Math.abs(r.price) >= 10000)
      .map((r) => `${r.inv}/${r.code}`),
  };
}

describe('generateCsv', () => {
  it('is deterministic for a seed value and differs between seeds', () => {
    const a = generateCsv({ seed: 7, rows: 3000 });
    const b = generateCsv({ seed: 7, rows: 3000 });
    const c = generateCsv({ seed: 8, rows: 3000 });
    expect(b.rows).toEqual(a.rows);
    expect(b.manifest).toEqual(a.manifest);
    const csvA = toCsv(a.header, a.rows);
    expect(a.csv).toBe(csvA);
    expect(sha256(toCsv(b.header, b.rows))).toBe(sha256(csvA));
    expect(sha256(toCsv(c.header, c.rows))).not.toBe(sha256(csvA));
    expect(a.manifest.generator.csvSha256).toBe(sha256(csvA));
  });

  it('emits exactly the requested number of rows', () => {
    for (const rows of [2000, 2001, 5003]) expect(generateCsv({ seed: 3, rows }).rows).toHaveLength(rows);
  });

  it('rejects bad options with INVALID_ARGUMENT naming the option', () => {
    const cases: Array<[object, string]> = [
      [{ rows: 10 }, 'rows'],
      [{ rows: 2500.5 }, 'rows'],
      [{ seed: Number.NaN }, 'seed'],
      [{ days: 7 }, 'days'],
      [{ days: 400 }, 'days'],
      [{ customers: 3 }, 'customers'],
      [{ rows: 4000, customers: 101 }, 'customers'], // at most rows / 40
      [{ rows: 200_000, customers: 8, products: 100 }, 'customers'], // ~40 invoices of ≤ 33 lines cannot fill the rows
      [{ products: 20 }, 'products'],
      [{ products: 10_001 }, 'products'],
      [{ row: 5000 }, 'options.row'],
    ];
    for (const [bad, argument] of cases) {
      try {
        generateCsv(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(isRetailKitError(e) && e.code).toBe('INVALID_ARGUMENT');
        expect(isRetailKitError(e) && e.details.argument, JSON.stringify(bad)).toBe(argument);
        expect((e as Error).message).toMatch(/^generateCsv: /);
      }
    }
  });

  it('writes the UCI format: header, LF, ISO dates, integer customer ids, RFC 4180 quoting', () => {
    const { header, rows, manifest } = generateCsv({ seed: 11, rows: 4000 });
    const text = toCsv(header, rows);
    expect(text.startsWith('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n')).toBe(
      true,
    );
    expect(text.includes('\r')).toBe(false);
    expect(text.endsWith('\n')).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual(HEADER);
    expect(parsed.slice(1)).toEqual(rows); // the quoting round-trips
    for (const r of rows) {
      expect(r).toHaveLength(8);
      expect(r[0]).toMatch(/^[CA]?\d{6}$/);
      expect(r[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/);
      expect(r[6]).toMatch(/^(\d{5})?$/);
      expect(r[3]).toMatch(/^-?\d+$/);
      expect(Number.isFinite(Number(r[5]))).toBe(true);
    }
    expect(manifest.dateRange.first >= '2010-12-01').toBe(true);
    expect(manifest.dateRange.last <= '2011-12-09 23:59:59').toBe(true);
    // invoice numbers ascend with time
    let prevNo = 0;
    let prevDate = '';
    for (const r of rows) {
      const no = Number(r[0].replace(/^[CA]/, ''));
      expect(no).toBeGreaterThanOrEqual(prevNo);
      if (no > prevNo) expect(r[4] >= prevDate).toBe(true);
      prevNo = no;
      prevDate = r[4];
    }
  });

  it('manifest counts match an independent recount of the emitted CSV (small generation)', () => {
    const { header, rows, manifest } = generateCsv({ seed: 99, rows: 6000 });
    const recs = asRecs(parseCsv(toCsv(header, rows)).slice(1));
    const x = recount(recs);
    expect(manifest.rows).toBe(x.rows);
    expect(manifest.invoices.distinct).toBe(x.invoices);
    expect(manifest.cancellations.rows).toBe(x.cancellationRows);
    expect(manifest.cancellations.rowsWithEarlierPurchase).toBe(x.matched);
    expect(manifest.badDebtAdjustments.rows).toBe(x.adjustmentRows);
    expect(manifest.freeLines).toBe(x.freeLines);
    expect(manifest.giveAwayRows).toBe(x.giveAway);
    expect(manifest.colourVariants.rows).toBe(x.suffixedRows);
    expect(manifest.missing.customerId).toBe(x.missingCustomer);
    expect(manifest.missing.description).toBe(x.missingDescription);
    expect(manifest.nonProductCodes.codes).toEqual(x.nonProduct);
    expect(manifest.duplicates.rows).toBe(x.duplicates);
    expect(manifest.countries.rows).toEqual(x.countries);
    expect(manifest.weekdays).toEqual({
      Mon: x.weekdays[1],
      Tue: x.weekdays[2],
      Wed: x.weekdays[3],
      Thu: x.weekdays[4],
      Fri: x.weekdays[5],
      Sat: x.weekdays[6],
      Sun: x.weekdays[0],
    });
    expect(Object.fromEntries(manifest.monthly.map((m) => [m.month, m.quantity]))).toEqual(x.monthlyQuantity);
    expect(manifest.outliers.rows.map((o) => `${o.invoiceNo}/${o.stockCode}`)).toEqual(x.outliers);
    expect(manifest.colourVariants.families.map((f) => f.base).sort()).toEqual(x.colourBases.sort());
    expect(Object.fromEntries(manifest.descriptionVariants.items.map((d) => [d.stockCode, d.mostFrequent]))).toEqual(
      x.mostFrequent,
    );
    expect(
      Object.fromEntries(manifest.descriptionVariants.items.map((d) => [d.stockCode, d.mostFrequentTrimmed])),
    ).toEqual(x.mostFrequentTrimmed);
    expect(manifest.baskets.count).toBe(x.baskets.length);
    for (const b of manifest.bundles) {
      expect(b.support).toBeCloseTo(x.support(b.items), 6);
      for (const rule of b.rules) {
        const conf = x.support(b.items) / x.support(rule.antecedent);
        expect(rule.confidence).toBeCloseTo(conf, 5);
        expect(rule.lift).toBeCloseTo(conf / x.support(rule.consequent), 4);
      }
    }
  });

  it('plants every non-product code, the planted outliers and the bad-debt adjustments', () => {
    const { manifest } = generateCsv({ seed: 5, rows: 3000 });
    for (const code of ['POST', 'DOT', 'C2', 'M', 'm', 'D', 'S', 'CRUK', 'PADS', 'BANK CHARGES', 'AMAZONFEE', 'B'])
      expect(manifest.nonProductCodes.codes[code], code).toBeGreaterThan(0);
    const outliers = manifest.outliers.rows.map((o) => [o.stockCode, o.quantity, o.unitPrice]);
    expect(outliers).toEqual(
      expect.arrayContaining([
        ['23843', 80995, 2.08],
        ['23843', -80995, 2.08],
        ['23166', 74215, 1.04],
        ['23166', -74215, 1.04],
        ['M', -1, 38970],
        ['B', 1, -11062.06],
      ]),
    );
    expect(manifest.badDebtAdjustments).toMatchObject({ rows: 3, stockCodeB: 3, negativePriceRows: 2 });
  });

  it('never trades on Saturdays (property over seeds)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const { rows, manifest } = generateCsv({ seed, rows: 2000 });
        expect(manifest.weekdays.Sat).toBe(0);
        expect(rows.every((r) => utcDay(r[4]) !== 6)).toBe(true);
        expect(rows).toHaveLength(2000);
      }),
      { numRuns: 4 },
    );
  });
});

describe('generateCsv options: days, customers, products', () => {
  it('days shortens the window to the last days up to 2011-12-09 and keeps the planted one-offs', () => {
    const { rows, manifest } = generateCsv({ seed: 4, rows: 3000, days: 91 });
    expect(rows).toHaveLength(3000);
    // 2011-12-09 minus 90 days is 2011-09-10 (hand count: Sep 10..30 = 21, Oct 31, Nov 30, Dec 1..9 = 9 → 91 days)
    expect(rows.every((r) => r[4] >= '2011-09-10' && r[4] <= '2011-12-09 23:59:59')).toBe(true);
    expect(rows.every((r) => utcDay(r[4]) !== 6)).toBe(true);
    const planted = manifest.outliers.rows.map((o) => [o.stockCode, o.quantity]);
    expect(planted).toEqual(
      expect.arrayContaining([
        ['23166', 74215],
        ['23843', 80995],
        ['M', -1],
      ]),
    );
  });

  it('customers sets the number of customer accounts (the planted one-off customer 12346 comes on top)', () => {
    const { rows, manifest } = generateCsv({ seed: 4, rows: 4000, customers: 60 });
    const ids = new Set(rows.map((r) => r[6]).filter((id) => id !== '')); // counted from the rows
    expect(ids.size).toBe(61);
    expect(ids.has('12346')).toBe(true);
    expect(manifest.customers.distinct).toBe(61);
    expect(rows).toHaveLength(4000);
  });

  it('products bounds the distinct product stock codes sold', () => {
    const { rows } = generateCsv({ seed: 4, rows: 6000, products: 120 });
    const codes = new Set(rows.map((r) => r[1]).filter(isProduct));
    expect(codes.size).toBeLessThanOrEqual(120);
    expect(codes.size).toBeGreaterThan(60);
    const wide = new Set(
      generateCsv({ seed: 4, rows: 6000, products: 2000 })
        .rows.map((r) => r[1])
        .filter(isProduct),
    );
    expect(wide.size).toBeGreaterThan(codes.size);
  });
});

describe('committed seed file', () => {
  const present = existsSync(CSV_PATH) && existsSync(MANIFEST_PATH);

  it.skipIf(!present)(
    'matches the generator with the default options (sha256 of the CSV text and the manifest)',
    () => {
      const committedText = gunzipSync(readFileSync(CSV_PATH)).toString('utf8');
      const committedManifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as SeedManifest;
      const { csv, manifest } = generateCsv(); // the defaults: seed 20111209, 100 000 rows, the full window
      expect(sha256(csv)).toBe(sha256(committedText));
      expect(sha256(csv)).toBe(committedManifest.generator.csvSha256);
      expect(committedManifest.generator.csvSha256).toBe(sha256(committedText));
      expect(JSON.parse(JSON.stringify(manifest))).toEqual(committedManifest);
    },
  );

  it.skipIf(!present)('manifest agrees with pandas on the committed file', () => {
    // Values computed by pandas 1.5.3 (Debian /usr/bin/python3) on seeds/online-retail.csv.gz read with dtype=str,
    // keep_default_na=False: len(df), InvoiceNo.nunique(), str.startswith('C').sum(), df.duplicated().sum(),
    // (CustomerID=='').sum(), (Description=='').sum(), ((q<0)&(p==0)).sum(), Country counts, dayofweek counts,
    // non-product value_counts, baskets = groupby(InvoiceNo).StockCode.apply(set) over non-C product lines with
    // q>=1, and bundle counts = baskets containing every item. Regenerating the seeds changes these: recompute.
    const m = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as SeedManifest;
    expect(m.rows).toBe(100000);
    expect(m.invoices.distinct).toBe(5769);
    expect(m.cancellations.rows).toBe(1710);
    expect(m.duplicates.rows).toBe(1008);
    expect(m.missing.customerId).toBe(25669);
    expect(m.missing.description).toBe(133);
    expect(m.freeLines).toBe(247);
    expect(m.countries.rows['United Kingdom']).toBe(89466);
    expect(m.countries.distinct).toBe(38);
    expect(m.weekdays).toEqual({ Mon: 17936, Tue: 19400, Wed: 17574, Thu: 17947, Fri: 15025, Sat: 0, Sun: 12118 });
    expect(m.nonProductCodes.codes).toEqual({
      POST: 239,
      DOT: 132,
      M: 106,
      C2: 28,
      D: 14,
      S: 12,
      'BANK CHARGES': 7,
      AMAZONFEE: 6,
      B: 3,
      CRUK: 3,
      m: 1,
      PADS: 1,
    });
    expect(m.baskets.count).toBe(4617);
    expect(m.bundles.map((b) => b.count)).toEqual([125, 121, 165, 137, 93, 110]);
  });

  it.skipIf(!present)('is realistic: size, countries, UK share, missing ids, seasonality, trend, bundles', () => {
    expect(readFileSync(CSV_PATH).length).toBeLessThan(4 * 1024 * 1024);
    expect(readFileSync(MANIFEST_PATH).length).toBeLessThan(200 * 1024);
    const m = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as SeedManifest;
    expect(m.rows).toBe(100_000);
    expect(m.countries.distinct).toBeGreaterThanOrEqual(36);
    expect(m.countries.rows).toHaveProperty('Unspecified');
    expect(m.countries.rows).toHaveProperty('European Community');
    expect(m.countries.ukShare).toBeGreaterThan(0.85);
    expect(m.countries.ukShare).toBeLessThan(0.95);
    expect(m.missing.customerIdShare).toBeGreaterThan(0.2);
    expect(m.missing.customerIdShare).toBeLessThan(0.3);
    expect(m.weekdays.Sat).toBe(0);
    expect(m.weekdays.Sun).toBeLessThan(m.weekdays.Fri);
    const rows = Object.fromEntries(m.monthly.map((x) => [x.month, x.rows]));
    expect(rows['2011-11']).toBeGreaterThan(rows['2011-10']);
    expect(rows['2011-10']).toBeGreaterThan(rows['2011-09']);
    expect(rows['2011-09']).toBeGreaterThan(rows['2011-08']);
    const h1 = ['2011-01', '2011-02', '2011-03'].reduce((a, k) => a + rows[k], 0);
    const h2 = ['2011-06', '2011-07', '2011-08'].reduce((a, k) => a + rows[k], 0);
    expect(h2).toBeGreaterThan(h1);
    expect(m.invoices.meanLinesPerInvoice).toBeGreaterThan(12);
    expect(m.bundles.map((b) => b.items)).toEqual(BUNDLES.map((b) => b.codes));
    for (const b of m.bundles) {
      expect(b.support).toBeGreaterThan(0.01);
      for (const r of b.rules) expect(r.lift).toBeGreaterThan(5);
    }
    const stats = m.customers.archetypeStats;
    expect(stats.wholesaler.meanQuantityPerLine).toBeGreaterThan(5 * stats.occasional.meanQuantityPerLine);
    expect(m.customers.archetypeCounts.oneTime).toBeGreaterThan(0);
    expect(stats.bigSpender.revenue / m.customers.archetypeCounts.bigSpender).toBeGreaterThan(
      5 * (stats.occasional.revenue / m.customers.archetypeCounts.occasional),
    );
  });
});
