/**
 * The manifest of planted truths that `generateTransactions` and `generateCsv` return, every count computed from
 * the rows as emitted (never from the intended rates). `definitions` in the manifest states each count's exact
 * definition; the committed `seeds/manifest.json` is this object for the default options.
 */

/**
 * A customer's generator profile: `oneTime` (one purchase invoice), `occasional` (2–6), `regular` (8–24 at a
 * steady cadence), `wholesaler` (quantities 12–960), `bigSpender` (12–30 invoices, about 30 lines, pricier items).
 *
 * @example
 * const { manifest } = generateTransactions();
 * manifest.customers.archetypes.bigSpender.includes('15098') // true (planted in every generation)
 */
export type Archetype = 'oneTime' | 'occasional' | 'regular' | 'wholesaler' | 'bigSpender';

/**
 * One association rule inside a planted bundle, as realised in the baskets (values rounded to 6 decimals).
 *
 * @example
 * const rule: BundleRule = generateTransactions({ seed: 1, rows: 5000 }).manifest.bundles[1].rules[0];
 * rule.antecedent // ['22726'] (alarm clock green → red)
 */
export interface BundleRule {
  antecedent: string[];
  consequent: string[];
  /** Share of baskets holding every item of the bundle. */
  support: number;
  /** support(bundle) / support(antecedent). */
  confidence: number;
  /** confidence / support(consequent); far above 1 for a planted bundle. */
  lift: number;
}

/**
 * Every planted truth, counted from the emitted rows. Keys are described in the package README; the manifest's own
 * `definitions` holds the exact definition of each count.
 *
 * @example
 * const { manifest } = generateTransactions({ seed: 1, rows: 5000 });
 * manifest.weekdays.Sat // 0 (the shop never trades on Saturdays)
 * manifest.bundles[0].items // ['22697', '22699', '22698'] (the regency teacups)
 */
export interface SeedManifest {
  /** Seed, rows requested, SHA-256 of the CSV text (`generateCsv().csv`), how to regenerate the committed files. */
  generator: {
    name: string;
    seed: number;
    rowsRequested: number;
    csvSha256: string;
    regenerate: string;
    files: { csv: string; manifest: string };
  };
  /** The exact definition of every count, by key. */
  definitions: Record<string, string>;
  /** The CSV header. */
  columns: string[];
  /** Data rows (equals the `rows` option). */
  rows: number;
  /** First and last `InvoiceDate` (`YYYY-MM-DD HH:MM:SS`) and the number of distinct trading dates. */
  dateRange: { first: string; last: string; tradingDays: number };
  /** Distinct invoice numbers by kind (purchase, `C` cancellation, `A` adjustment) and mean lines per invoice. */
  invoices: {
    distinct: number;
    purchase: number;
    cancellation: number;
    adjustment: number;
    meanLinesPerInvoice: number;
  };
  /** `C` rows and invoices; rows whose customer bought the same code, at least as many, earlier in the file. */
  cancellations: {
    rows: number;
    invoices: number;
    rowsWithEarlierPurchase: number;
    rowsWithoutEarlierPurchase: number;
  };
  /** Rows with quantity < 0. */
  negativeQuantityRows: number;
  /** `A` rows, their invoices, rows with stock code `B`, rows with a negative price. */
  badDebtAdjustments: { rows: number; invoices: string[]; stockCodeB: number; negativePriceRows: number };
  /** Free or damaged lines: quantity < 0 at price 0. */
  freeLines: number;
  /** Rows at price 0 (any quantity). */
  zeroPriceRows: number;
  /** Rows with quantity > 0 at price 0. */
  giveAwayRows: number;
  /** Rows per non-product stock code (POST, DOT, M, m, D, S, …), case as emitted. */
  nonProductCodes: { rows: number; codes: Record<string, number> };
  /** Rows and codes with a letter suffix; the five-digit bases sold with two or more suffixes. */
  colourVariants: { rows: number; codes: number; bases: number; families: Array<{ base: string; codes: string[] }> };
  /** Codes with several descriptions: each description's rows, the most frequent (exact and trimmed). */
  descriptionVariants: {
    stockCodes: number;
    items: Array<{
      stockCode: string;
      mostFrequent: string;
      mostFrequentTrimmed: string;
      descriptions: Record<string, number>;
    }>;
  };
  /** Rows whose description holds a comma or a double quote (RFC 4180 quoted). */
  quotedDescriptionRows: number;
  /** Rows without a customer id (and their share), rows without a description. */
  missing: { customerId: number; customerIdShare: number; description: number };
  /** Rows equal in all eight fields to an earlier row. */
  duplicates: { rows: number };
  /** Rows with \|quantity\| ≥ 10 000 or \|price\| ≥ 10 000, in file order. */
  outliers: {
    rule: string;
    rows: Array<{
      invoiceNo: string;
      stockCode: string;
      quantity: number;
      unitPrice: number;
      customerId: string | null;
    }>;
  };
  /** Distinct countries, the United Kingdom's share of rows, rows per country. */
  countries: { distinct: number; ukShare: number; rows: Record<string, number> };
  /** Rows per ISO weekday (`Sat` is always 0). */
  weekdays: Record<'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun', number>;
  /** The weekly period: 6 trading days, or 7 calendar days with Saturdays as zeros. */
  weeklyPeriod: { tradingDaysPerWeek: number; calendarDays: number; note: string };
  /** Per month (`YYYY-MM`): rows, invoices, quantity over all rows, quantity over basket lines. */
  monthly: Array<{ month: string; rows: number; invoices: number; quantity: number; salesQuantity: number }>;
  /** Distinct customer ids; per archetype: count, purchase invoices, quantity per line, revenue, and the ids. */
  customers: {
    distinct: number;
    archetypeCounts: Record<Archetype, number>;
    archetypeStats: Record<
      Archetype,
      { purchaseInvoices: number; meanInvoicesPerCustomer: number; meanQuantityPerLine: number; revenue: number }
    >;
    archetypes: Record<Archetype, string[]>;
  };
  /** Baskets (non-`C` invoices' product lines with quantity ≥ 1) and the ten most frequent items. */
  baskets: { count: number; topItems: Array<{ stockCode: string; support: number }> };
  /** Each planted bundle: items, descriptions, support and count, item supports, every rule. */
  bundles: Array<{
    name: string;
    items: string[];
    descriptions: string[];
    support: number;
    count: number;
    itemSupport: Record<string, number>;
    rules: BundleRule[];
  }>;
  /** The intended generation parameters (weights, multipliers, probabilities): intent, not counts. */
  plantedParameters: unknown;
  /**
   * Planted own-price elasticity by stock code, for the products whose list price the generator moves (seven
   * changes each, from a random stream of their own): their weekly quantity is proportional to list price^e.
   */
  priceElasticity: Record<string, number>;
}
