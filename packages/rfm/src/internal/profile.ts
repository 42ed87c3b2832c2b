import { type Frame, quantileSorted, sortedFinite } from '@retailkit/core';
import { median } from './stats.js';

/** One segment's profile. */
export interface SegmentProfile {
  /** Segment id (KMeans cluster 0…k−1 by decreasing size; k = the outlier segment). */
  readonly segment: number;
  /** Plain-words name, e.g. "Active high-value frequent buyers". */
  readonly name: string;
  readonly size: number;
  /** Share of customers. */
  readonly share: number;
  /** Share of total net revenue (`monetary`). */
  readonly revenueShare: number;
  /** Median of each feature over the segment's customers (unscaled). */
  readonly medians: Record<string, number>;
  /** True for the explicit outlier segment. */
  readonly outlier: boolean;
}

/** Options of `profileSegments`. */
export interface ProfileOptions {
  /** Features to report medians of (default: every numeric column). */
  readonly features?: readonly string[];
  /** The outlier segment's id, if any. */
  readonly outlierSegment?: number;
}

/**
 * Profile segments on the unscaled feature table: size, share of customers, share of revenue (`monetary`),
 * per-feature medians (type 7) and an automatic plain-words name built from how the segment's medians of
 * `recency`, `frequency`, `monetary` and mean quantity per invoice compare with the whole table's quartiles:
 * recency ≤ Q1 → "Active", ≥ Q3 → "Lapsed", else "Cooling"; monetary ≥ P90 → "big-spending", ≥ Q3 →
 * "high-value", ≤ Q1 → "low-spend"; frequency ≤ 1 → "one-time", ≥ P90 → "very frequent", ≥ Q3 → "frequent",
 * else "occasional"; mean quantity ≥ P90 → "bulk buyers" else "buyers". Repeated names get " (2)", " (3)".
 *
 * Complexity O(k n log n).
 *
 * @example
 * profileSegments(features, labels)[0] // { segment: 0, name: 'Lapsed low-spend one-time buyers', size: 1480, … }
 */
export function profileSegments(frame: Frame, labels: Int32Array, options: ProfileOptions = {}): SegmentProfile[] {
  const names =
    options.features ??
    Object.entries(frame.columns)
      .filter(([, c]) => c.type !== 'string')
      .map(([n]) => n);
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] + 1 > k) k = labels[i] + 1;
  const money = numeric(frame, 'monetary');
  let total = 0;
  if (money) for (let i = 0; i < money.length; i++) total += Number.isFinite(money[i]) ? money[i] : 0;
  const quantityName = frame.columns.meanQuantityPerInvoice ? 'meanQuantityPerInvoice' : 'meanQuantity';
  const overall = (name: string) => {
    const col = numeric(frame, name);
    if (!col) return undefined;
    const s = sortedFinite(col);
    return { q1: quantileSorted(s, 0.25), q3: quantileSorted(s, 0.75), p90: quantileSorted(s, 0.9) };
  };
  const ref = {
    recency: overall('recency'),
    frequency: overall('frequency'),
    monetary: overall('monetary'),
    quantity: overall(quantityName),
  };
  const out: SegmentProfile[] = [];
  const used = new Map<string, number>();
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) idx.push(i);
    const medians: Record<string, number> = {};
    for (const n of names) {
      const col = numeric(frame, n);
      if (col) medians[n] = median(Float64Array.from(idx, (i) => col[i]));
    }
    let revenue = 0;
    if (money) for (const i of idx) revenue += Number.isFinite(money[i]) ? money[i] : 0;
    const isOutlier = options.outlierSegment === c;
    const at = (name: string) => {
      const col = numeric(frame, name);
      return col ? median(Float64Array.from(idx, (i) => col[i])) : Number.NaN;
    };
    let name = isOutlier
      ? 'Outliers (extreme customers)'
      : segmentName(at('recency'), at('frequency'), at('monetary'), at(quantityName), ref);
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    if (seen > 0) name = `${name} (${seen + 1})`;
    out.push({
      segment: c,
      name,
      size: idx.length,
      share: labels.length ? idx.length / labels.length : 0,
      revenueShare: total !== 0 ? revenue / total : 0,
      medians,
      outlier: isOutlier,
    });
  }
  return out;
}

type Quartiles = { q1: number; q3: number; p90: number } | undefined;

function segmentName(
  recency: number,
  frequency: number,
  monetary: number,
  quantity: number,
  ref: { recency: Quartiles; frequency: Quartiles; monetary: Quartiles; quantity: Quartiles },
): string {
  const words: string[] = [];
  if (ref.recency && Number.isFinite(recency))
    words.push(recency <= ref.recency.q1 ? 'Active' : recency >= ref.recency.q3 ? 'Lapsed' : 'Cooling');
  if (ref.monetary && Number.isFinite(monetary)) {
    if (monetary >= ref.monetary.p90) words.push('big-spending');
    else if (monetary >= ref.monetary.q3) words.push('high-value');
    else if (monetary <= ref.monetary.q1) words.push('low-spend');
  }
  if (ref.frequency && Number.isFinite(frequency)) {
    if (frequency <= 1) words.push('one-time');
    else if (frequency >= ref.frequency.p90) words.push('very frequent');
    else if (frequency >= ref.frequency.q3) words.push('frequent');
    else words.push('occasional');
  }
  words.push(ref.quantity && Number.isFinite(quantity) && quantity >= ref.quantity.p90 ? 'bulk buyers' : 'buyers');
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function numeric(frame: Frame, name: string): Float64Array | undefined {
  const col = frame.columns[name];
  return col && col.type !== 'string' ? Float64Array.from(col.data) : undefined;
}
