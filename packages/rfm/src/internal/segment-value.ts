import type { Frame } from '@retailkit/core';

/** Churn and value of one segment, averaged over its customers that the churn models scored. */
export interface SegmentValue {
  /** Mean P(no purchase in the horizon) (BG/NBD) over the scored customers; null when none was scored. */
  readonly pChurn: number | null;
  /** Mean expected purchase days in the horizon (BG/NBD); null when none was scored. */
  readonly expectedPurchases: number | null;
  /** Mean CLV over the horizon (expected purchases × Gamma-Gamma expected spend); null when none was scored. */
  readonly clv: number | null;
  /** Customers of the segment with a purchase before `asOf` (the ones the churn models score). */
  readonly scored: number;
}

/**
 * Average `customerValue`'s per-customer `churnProbability`, `expectedPurchases` and `clv` over each segment.
 * Customers are matched by `customerId` between the feature table (one row per customer, `labels[i]` its segment)
 * and the value table; a customer without a purchase (only refunds) is absent from the value table and left out
 * of its segment's means. A feature table without a string `customerId` column gives nulls.
 *
 * Complexity O(customers).
 *
 * @example
 * // two customers in segment 0 with churn 0.2 and 0.4, CLV 100 and 300; segment 1 has only a refund-only customer
 * segmentValues(features, Int32Array.of(0, 0, 1), 2, value)
 * // [{ pChurn: 0.3, expectedPurchases: …, clv: 200, scored: 2 }, { pChurn: null, expectedPurchases: null, clv: null, scored: 0 }]
 */
export function segmentValues(table: Frame, labels: Int32Array, segments: number, value: Frame): SegmentValue[] {
  const sums = Array.from({ length: segments }, () => ({ churn: 0, purchases: 0, clv: 0, n: 0 }));
  const ids = table.columns.customerId;
  const valueIds = value.columns.customerId;
  if (ids?.type === 'string' && valueIds?.type === 'string') {
    const at = new Map<string, number>();
    for (let j = 0; j < value.length; j++) {
      const code = valueIds.codes[j];
      if (code >= 0) at.set(valueIds.values[code], j);
    }
    const col = (name: string) => (value.columns[name] as { data: Float64Array }).data;
    const churn = col('churnProbability');
    const purchases = col('expectedPurchases');
    const clv = col('clv');
    for (let i = 0; i < table.length; i++) {
      const code = ids.codes[i];
      const j = code >= 0 ? at.get(ids.values[code]) : undefined;
      if (j === undefined) continue;
      const s = sums[labels[i]];
      s.churn += churn[j];
      s.purchases += purchases[j];
      s.clv += clv[j];
      s.n++;
    }
  }
  return sums.map((s) => ({
    pChurn: s.n ? s.churn / s.n : null,
    expectedPurchases: s.n ? s.purchases / s.n : null,
    clv: s.n ? s.clv / s.n : null,
    scored: s.n,
  }));
}
