/**
 * The manifest of planted truths that `generateTransactions` and `generateCsv` return, every count computed from
 * the rows as emitted (never from the intended rates). `definitions` in the manifest states each count's exact
 * definition; the committed `seeds/manifest.json` is this object for the default options.
 */

/**
 * A customer's generator profile: `oneTime` (one purchase invoice), `occasional` (2–6), `regular` (8–24 at a
 * steady cadence), `wholesaler` (quantities 12–960), `bigSpender` (12–30 invoices, about 30 lines, pricier items).
 */
export type Archetype = 'oneTime' | 'occasional' | 'regular' | 'wholesaler' | 'bigSpender';

/** One association rule inside a planted bundle, as realised in the baskets (values rounded to 6 decimals). */
export interface BundleRule {
  antecedent: string[];
  consequent: string[];
  support: number;
  confidence: number;
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
  generator: {
    name: string;
    seed: number;
    rowsRequested: number;
    csvSha256: string;
    regenerate: string;
    files: { csv: string; manifest: string };
  };
  definitions: Record<string, string>;
  columns: string[];
  rows: number;
  dateRange: { first: string; last: string; tradingDays: number };
  invoices: {
    distinct: number;
    purchase: number;
    cancellation: number;
    adjustment: number;
    meanLinesPerInvoice: number;
  };
  cancellations: {
    rows: number;
    invoices: number;
    rowsWithEarlierPurchase: number;
    rowsWithoutEarlierPurchase: number;
  };
  negativeQuantityRows: number;
  badDebtAdjustments: { rows: number; invoices: string[]; stockCodeB: number; negativePriceRows: number };
  freeLines: number;
  zeroPriceRows: number;
  giveAwayRows: number;
  nonProductCodes: { rows: number; codes: Record<string, number> };
  colourVariants: { rows: number; codes: number; bases: number; families: Array<{ base: string; codes: string[] }> };
  descriptionVariants: {
    stockCodes: number;
    items: Array<{
      stockCode: string;
      mostFrequent: string;
      mostFrequentTrimmed: string;
      descriptions: Record<string, number>;
    }>;
  };
  quotedDescriptionRows: number;
  missing: { customerId: number; customerIdShare: number; description: number };
  duplicates: { rows: number };
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
  countries: { distinct: number; ukShare: number; rows: Record<string, number> };
  weekdays: Record<'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun', number>;
  weeklyPeriod: { tradingDaysPerWeek: number; calendarDays: number; note: string };
  monthly: Array<{ month: string; rows: number; invoices: number; quantity: number; salesQuantity: number }>;
  customers: {
    distinct: number;
    archetypeCounts: Record<Archetype, number>;
    archetypeStats: Record<
      Archetype,
      { purchaseInvoices: number; meanInvoicesPerCustomer: number; meanQuantityPerLine: number; revenue: number }
    >;
    archetypes: Record<Archetype, string[]>;
  };
  baskets: { count: number; topItems: Array<{ stockCode: string; support: number }> };
  bundles: Array<{
    name: string;
    items: string[];
    descriptions: string[];
    support: number;
    count: number;
    itemSupport: Record<string, number>;
    rules: BundleRule[];
  }>;
  plantedParameters: unknown;
}
