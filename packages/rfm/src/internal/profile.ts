import { type Frame, quantileSorted, sortedFinite } from '@retailkit/core';
import { median } from './stats.js';

/** One segment's profile. */
export interface SegmentProfile {
  /** Segment id (KMeans cluster 0…k−1 by decreasing size; k = the outlier segment). */
  readonly segment: number;
  /** Plain-words name, e.g. "Champions" or "Need attention: many refunds". */
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
 * per-feature medians (type 7) and a unique name: the RFM grid cell of the segment's medians against the whole
 * table's quartiles (R recent ≤ Q1 / lapsed ≥ Q3, F once ≤ 1 / often ≥ Q3, M high ≥ Q3): Champions, Loyal
 * regulars, New customers, Promising, Loyal big spenders, Loyal, cooling, About to sleep, Need attention,
 * Can't lose them, At risk, Hibernating, Lost. Segments sharing a cell, and the outlier segment, get the trait
 * whose median differs most from the others' in IQR units ("At risk: high spend", "Outliers: many refunds").
 *
 * Complexity O(k n log n).
 *
 * @example
 * profileSegments(features, labels)[0] // { segment: 0, name: 'Lost', size: 1480, … }
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
  const overall = (name: string) => {
    const col = numeric(frame, name);
    if (!col) return undefined;
    const s = sortedFinite(col);
    return { q1: quantileSorted(s, 0.25), q3: quantileSorted(s, 0.75), p90: quantileSorted(s, 0.9) };
  };
  const ref = { recency: overall('recency'), frequency: overall('frequency'), monetary: overall('monetary') };
  const out: SegmentProfile[] = [];
  const groups: number[][] = [];
  for (let c = 0; c < k; c++) {
    const idx: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) idx.push(i);
    groups.push(idx);
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
    out.push({
      segment: c,
      name: isOutlier ? 'Outliers' : gridName(at('recency'), at('frequency'), at('monetary'), ref),
      size: idx.length,
      share: labels.length ? idx.length / labels.length : 0,
      revenueShare: total !== 0 ? revenue / total : 0,
      medians,
      outlier: isOutlier,
    });
  }
  return distinguish(frame, out);
}

type Quartiles = { q1: number; q3: number; p90: number } | undefined;

/**
 * The RFM grid name of a segment from its medians against the whole table's quartiles: recency (R: recent ≤ Q1,
 * lapsed ≥ Q3), frequency (F: one-time ≤ 1, frequent ≥ Q3) and net spend (M: high ≥ Q3).
 */
function gridName(
  recency: number,
  frequency: number,
  monetary: number,
  ref: { recency: Quartiles; frequency: Quartiles; monetary: Quartiles },
): string {
  const r =
    !ref.recency || !Number.isFinite(recency)
      ? 'mid'
      : recency <= ref.recency.q1
        ? 'recent'
        : recency >= ref.recency.q3
          ? 'lapsed'
          : 'mid';
  const f =
    !ref.frequency || !Number.isFinite(frequency)
      ? 'mid'
      : frequency <= 1
        ? 'once'
        : frequency >= ref.frequency.q3
          ? 'often'
          : 'mid';
  const m = !!ref.monetary && Number.isFinite(monetary) && monetary >= ref.monetary.q3;
  if (r === 'recent')
    return f === 'often' ? (m ? 'Champions' : 'Loyal regulars') : f === 'once' ? 'New customers' : 'Promising';
  if (r === 'lapsed')
    return f === 'often' || m
      ? f === 'often' && m
        ? "Can't lose them"
        : 'At risk'
      : f === 'once'
        ? 'Lost'
        : 'Hibernating';
  return f === 'often'
    ? m
      ? 'Loyal big spenders'
      : 'Loyal, cooling'
    : f === 'once'
      ? 'About to sleep'
      : 'Need attention';
}

/** Words for a segment whose median of a feature is well above / below the others'. */
const TRAITS: readonly [feature: string, high: string, low: string][] = [
  ['monetary', 'high spend', 'low spend'],
  ['refundValueRate', 'many refunds', 'few refunds'],
  ['meanQuantityPerInvoice', 'bulk orders', 'small orders'],
  ['meanTicketSize', 'large orders', 'small orders'],
  ['frequency', 'frequent', 'infrequent'],
  ['recency', 'long gone', 'recently seen'],
  ['tenure', 'long-standing', 'newer'],
  ['meanItemsPerInvoice', 'wide baskets', 'narrow baskets'],
];

/**
 * Make names unique by what distinguishes a segment: segments that share a grid name (and the outlier segment,
 * against everyone) get the trait whose median differs most from the others', in units of the whole table's
 * interquartile range ("At risk: high spend", "Outliers: many refunds"); a numeric suffix only if traits tie.
 */
function distinguish(frame: Frame, profiles: SegmentProfile[]): SegmentProfile[] {
  const spread = new Map<string, number>();
  for (const [f] of TRAITS) {
    const col = numeric(frame, f);
    if (!col) continue;
    const s = sortedFinite(col);
    const iqr = quantileSorted(s, 0.75) - quantileSorted(s, 0.25);
    spread.set(f, iqr > 0 ? iqr : Math.abs(quantileSorted(s, 0.5)) || 1);
  }
  const trait = (p: SegmentProfile, others: readonly SegmentProfile[], skip: ReadonlySet<string>) => {
    let best = '';
    let bestScore = 0;
    for (const [f, high, low] of TRAITS) {
      const scale = spread.get(f);
      const v = p.medians[f];
      if (scale === undefined || v === undefined || !Number.isFinite(v)) continue;
      const ref = median(Float64Array.from(others, (o) => o.medians[f] ?? Number.NaN).filter(Number.isFinite));
      const score = (v - ref) / scale;
      const word = score > 0 ? high : low;
      if (Number.isFinite(score) && Math.abs(score) > bestScore && !skip.has(word)) {
        best = word;
        bestScore = Math.abs(score);
      }
    }
    return best;
  };
  const named = profiles.map((p) => ({ ...p }));
  const byName = new Map<string, (typeof named)[number][]>();
  for (const p of named) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  for (const [name, group] of byName) {
    if (group.length < 2 && name !== 'Outliers') continue;
    const used = new Set<string>();
    for (const p of group) {
      const others = name === 'Outliers' ? named.filter((o) => o !== p) : group.filter((o) => o !== p);
      const t = trait(p, others, used);
      if (t) used.add(t);
      (p as { name: string }).name = t ? `${name}: ${t}` : name;
    }
  }
  const seen = new Map<string, number>();
  for (const p of named) {
    const n = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, n);
    if (n > 1) (p as { name: string }).name = `${p.name} (${n})`;
  }
  return named;
}

function numeric(frame: Frame, name: string): Float64Array | undefined {
  const col = frame.columns[name];
  return col && col.type !== 'string' ? Float64Array.from(col.data) : undefined;
}
