import { type Frame, invalidArgument, numberColumn } from '@retailkit/core';
import { type BgNbdModel, expectedPurchases, fitBgNbd, probabilityAlive, probabilityNoPurchase } from './bg-nbd.js';
import { expectedSpend, fitGammaGamma, type GammaGammaModel } from './gamma-gamma.js';
import { type PurchaseSummaryOptions, purchaseSummary } from './purchase-summary.js';

/** Options of `customerValue`. */
export interface CustomerValueOptions extends PurchaseSummaryOptions {
  /** Days ahead for expected purchases and value (default 90). */
  readonly horizon?: number;
}

/** Result of `customerValue`. */
export interface CustomerValueResult {
  /** `purchaseSummary` columns plus pAlive, churnProbability, expectedPurchases, expectedSpend, clv, clvRank. */
  readonly table: Frame;
  readonly bgNbd: BgNbdModel;
  readonly gammaGamma: GammaGammaModel;
  readonly horizon: number;
}

/**
 * Churn and customer value: fit BG/NBD (`fitBgNbd`) and Gamma-Gamma (`fitGammaGamma`) on the purchase summary
 * at `asOf`, then per customer P(alive), churn probability = P(no purchase in the next `horizon` days)
 * (`probabilityNoPurchase`, not 1 − P(alive), which ignores the horizon), expected purchases in the next
 * `horizon` days, expected average spend, and CLV = expected purchases × expected spend (undiscounted, over the
 * horizon), with `clvRank` 1 = most valuable.
 *
 * Complexity O(rows + optimiser iterations × distinct summaries).
 *
 * @throws RetailKitError as `purchaseSummary`, `fitBgNbd`, `fitGammaGamma`; `INVALID_ARGUMENT` for a bad horizon.
 * @example
 * // frame: cleaning's revenue view of the UCI Online Retail data
 * const v = customerValue(frame, { asOf: '2011-12-10', horizon: 90 });
 * toRows(v.table)[1]
 * // { customerId: '12347', x: 6, tx: 365, T: 368, monetaryValue: 599.7016666666667, pAlive: 0.999647312517508,
 * //   churnProbability: 0.2789515616733015, expectedPurchases: 1.4041972771443605,
 * //   expectedSpend: 569.9651058428126, clv: 800.3434496917747, clvRank: 494 }
 */
export function customerValue(frame: Frame, options: CustomerValueOptions = {}): CustomerValueResult {
  const horizon = options.horizon ?? 90;
  if (!(horizon > 0)) throw invalidArgument('customerValue', 'horizon', horizon, 'a positive number of days');
  const table = purchaseSummary(frame, options);
  const get = (n: string) => (table.columns[n] as { data: Float64Array }).data;
  const x = get('x');
  const tx = get('tx');
  const T = get('T');
  const m = get('monetaryValue');
  return customerValueTable(table, fitBgNbd({ x, tx, T }), fitGammaGamma(x, m), horizon);
}

/**
 * `customerValue`'s result from a purchase summary and BG/NBD and Gamma-Gamma already fitted on it (so that a
 * caller holding the fits, such as `fitSegmenter` given the customer-value model's, does not fit them twice).
 */
export function customerValueTable(
  table: Frame,
  bgNbd: BgNbdModel,
  gammaGamma: GammaGammaModel,
  horizon: number,
): CustomerValueResult {
  const get = (n: string) => (table.columns[n] as { data: Float64Array }).data;
  const x = get('x');
  const tx = get('tx');
  const T = get('T');
  const m = get('monetaryValue');
  const n = table.length;
  const alive = new Float64Array(n);
  const churn = new Float64Array(n);
  const purchases = new Float64Array(n);
  const spend = new Float64Array(n);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    alive[i] = probabilityAlive(bgNbd.params, x[i], tx[i], T[i]);
    churn[i] = probabilityNoPurchase(bgNbd.params, horizon, x[i], tx[i], T[i]);
    purchases[i] = expectedPurchases(bgNbd.params, horizon, x[i], tx[i], T[i]);
    spend[i] = expectedSpend(gammaGamma.params, x[i], m[i]);
    clv[i] = purchases[i] * spend[i];
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => clv[b] - clv[a] || a - b);
  const rank = new Float64Array(n);
  order.forEach((i, r) => {
    rank[i] = r + 1;
  });
  return {
    table: {
      length: n,
      columns: {
        ...table.columns,
        pAlive: numberColumn(alive),
        churnProbability: numberColumn(churn),
        expectedPurchases: numberColumn(purchases),
        expectedSpend: numberColumn(spend),
        clv: numberColumn(clv),
        clvRank: numberColumn(rank),
      },
    },
    bgNbd,
    gammaGamma,
    horizon,
  };
}
