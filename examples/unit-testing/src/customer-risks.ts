import { type Frame, toRows } from '@retailkit/core';
import { customerValue } from '@retailkit/rfm';

/** One customer's churn risk and value, as the win-back policy reads them. */
export interface CustomerRisk {
  readonly customerId: string;
  /** Repeat purchase days before `asOf` (BG/NBD's x): 0 for a one-time buyer. */
  readonly x: number;
  /** P(no purchase in the next `horizon` days), BG/NBD. */
  readonly churnProbability: number;
  /** Expected average order value, Gamma-Gamma. */
  readonly expectedSpend: number;
  /** Expected purchases × expected spend over the horizon (undiscounted). */
  readonly clv: number;
}

/** Options of `customerRisks`. */
export interface CustomerRiskOptions {
  /** ISO date: the end of the observation (purchases on or after it are not seen). */
  readonly asOf: string;
  /** Days ahead the churn probability and CLV cover (default 90). */
  readonly horizon?: number;
}

/**
 * Churn risk and value of every customer of a revenue view (cleaning's `views.revenue`), from rfm's
 * `customerValue` (BG/NBD for churn and purchases, Gamma-Gamma for spend), one plain row per customer in the
 * order `customerValue` gives them.
 *
 * @throws RetailKitError as rfm's `customerValue` (`INVALID_ARGUMENT` for a bad `asOf` or `horizon`).
 * @example
 * // views: cleaning's views of `generateTransactions({ seed: 7, rows: 5000 })` (@retailkit/seeds)
 * customerRisks(views.revenue, { asOf: '2011-12-10' })[0]
 * // { customerId: '12346', x: 0, churnProbability: 0.83, expectedSpend: 2405.3, clv: 502.5 } (rounded)
 */
export function customerRisks(revenue: Frame, options: CustomerRiskOptions): CustomerRisk[] {
  const { table } = customerValue(revenue, { asOf: options.asOf, horizon: options.horizon ?? 90 });
  return toRows(table).map((r) => ({
    customerId: String(r.customerId),
    x: Number(r.x),
    churnProbability: Number(r.churnProbability),
    expectedSpend: Number(r.expectedSpend),
    clv: Number(r.clv),
  }));
}
