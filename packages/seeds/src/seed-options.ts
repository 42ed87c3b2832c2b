/**
 * Options of `generateTransactions` and `generateCsv` (the same options give the same rows in both). Every option
 * is optional; the defaults reproduce the committed `seeds/online-retail.csv.gz` byte for byte.
 *
 * @example
 * const options: SeedOptions = { seed: 7, rows: 5000, days: 91, customers: 60, products: 300 };
 */
export interface SeedOptions {
  /** PRNG seed, any finite number (default 20111209). Same options, same rows on every platform. */
  seed?: number;
  /** Exact number of rows (default 100 000, range 2 000 – 2 000 000). */
  rows?: number;
  /**
   * Length of the window in calendar days, ending on 2011-12-09 (default 374: from 2010-12-01; range 14 – 374).
   * The shop is closed on Saturdays and from 2010-12-24 to 2011-01-03. A planted one-off whose date falls before a
   * shortened window moves to the same share of the window.
   */
  days?: number;
  /**
   * Customer accounts generated, before the planted one-off customer 12346 (default: derived from `rows`, about
   * one per 130 rows; range 8 – `rows / 40`). Archetype shares stay the same; lines per invoice adapt so that the
   * row count is exact.
   */
  customers?: number;
  /**
   * Products in the catalogue, including the 35 anchored on real UCI stock codes (default `35 + min(4000, 300 +
   * rows / 80)`, 1 585 for 100 000 rows; range 100 – 10 000). Popularity is Zipf-like, so not every product sells.
   */
  products?: number;
}
