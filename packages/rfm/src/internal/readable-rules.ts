import type { DecisionTree } from '../decision-tree.js';
import type { RuleCondition, SegmentRule } from '../explain-segments.js';
import type { Matrix } from '../matrix.js';
import { formatNumber } from './tree.js';

/** Words for the segmenter's standard features; other features keep their names. */
export const FEATURE_LABELS: Readonly<Record<string, string>> = {
  recency: 'days since last order',
  frequency: 'orders',
  monetary: 'net spend',
  meanDaysBetween: 'days between orders',
  meanTicketSize: 'average order value',
  meanItemsPerInvoice: 'products per order',
  meanQuantityPerInvoice: 'units per order',
  meanSpendPerMonth: 'spend per month',
  refundValueRate: 'share of spend refunded',
  tenure: 'days since first order',
  activeDays: 'days with an order',
};

/** Options of `readableRules`. */
export interface ReadableRuleOptions {
  readonly names?: readonly string[];
  /** Rules per segment (default 3). */
  readonly maxRules?: number;
  /** Conditions per rule (default 3). */
  readonly maxConditions?: number;
  /** Words for feature names, over `FEATURE_LABELS`. */
  readonly featureLabels?: Readonly<Record<string, string>>;
}

/** Rules less precise than this are not shown (unless a segment has no better one). */
const MIN_PRECISION = 0.5;

/** A condition may go while the rule's precision stays within this of its leaf's. */
const PRECISION_SLACK = 0.05;

type Bounds = Map<number, [number, number]>; // feature index → (above, atMost]

/**
 * Short rules that describe each segment, extracted from a fitted tree and pruned (as C4.5rules does): each leaf
 * path becomes a conjunction of ranges (one range per feature); while it has more than `maxConditions`, the
 * condition whose removal keeps the highest precision goes, and so does any further condition whose removal keeps
 * the precision within 0.05 of the leaf's; then up to `maxRules` rules per segment are chosen greedily by the segment's customers they
 * newly cover among those with precision ≥ 0.5. Coverage and precision are measured on the rows of `x` against `labels` (bit sets, so each
 * evaluation costs O(conditions × n / 32)).
 */
export function readableRules(
  tree: DecisionTree,
  x: Matrix,
  labels: Int32Array,
  options: ReadableRuleOptions = {},
): SegmentRule[] {
  const maxRules = options.maxRules ?? 3;
  const maxConditions = options.maxConditions ?? 3;
  const labelOf = (f: string) => options.featureLabels?.[f] ?? FEATURE_LABELS[f] ?? f;
  const words = Math.ceil(x.n / 32);
  const segBits: Uint32Array[] = [];
  const segSize = new Array<number>(tree.classes).fill(0);
  for (let s = 0; s < tree.classes; s++) segBits.push(new Uint32Array(words));
  for (let i = 0; i < x.n; i++) {
    segBits[labels[i]][i >>> 5] |= 1 << (i & 31);
    segSize[labels[i]]++;
  }
  const condCache = new Map<string, Uint32Array>();
  const condBits = (f: number, above: number, atMost: number): Uint32Array => {
    const key = `${f}:${above}:${atMost}`;
    let bits = condCache.get(key);
    if (!bits) {
      bits = new Uint32Array(words);
      for (let i = 0, o = f; i < x.n; i++, o += x.d) {
        const v = x.data[o];
        if (v > above && v <= atMost) bits[i >>> 5] |= 1 << (i & 31);
      }
      condCache.set(key, bits);
    }
    return bits;
  };
  const evaluate = (conds: readonly [number, number, number][], segment: number, exclude = -1) => {
    const sets = conds.filter((_, k) => k !== exclude).map(([f, lo, hi]) => condBits(f, lo, hi));
    const seg = segBits[segment];
    let matched = 0;
    let tp = 0;
    for (let w = 0; w < words; w++) {
      let m = w === words - 1 && x.n % 32 !== 0 ? (1 << (x.n % 32)) - 1 : 0xffffffff;
      for (const s of sets) m &= s[w];
      matched += popcount(m);
      tp += popcount(m & seg[w]);
    }
    return { matched, tp, precision: matched > 0 ? tp / matched : 0 };
  };

  // every leaf as (segment, ranges)
  const leaves: { segment: number; bounds: Bounds }[] = [];
  const walk = (id: number, bounds: Bounds) => {
    const node = tree.nodes[id];
    if (node.feature < 0) {
      let segment = 0;
      for (let c = 1; c < node.counts.length; c++) if (node.counts[c] > node.counts[segment]) segment = c;
      leaves.push({ segment, bounds });
      return;
    }
    const [lo, hi] = bounds.get(node.feature) ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    walk(node.left, new Map(bounds).set(node.feature, [lo, Math.min(hi, node.threshold)]));
    walk(node.right, new Map(bounds).set(node.feature, [Math.max(lo, node.threshold), hi]));
  };
  walk(0, new Map());

  const out: SegmentRule[] = [];
  for (let segment = 0; segment < tree.classes; segment++) {
    if (segSize[segment] === 0) continue;
    const candidates = new Map<string, [number, number, number][]>();
    for (const leaf of leaves) {
      if (leaf.segment !== segment) continue;
      let conds = [...leaf.bounds].map(([f, [lo, hi]]) => [f, lo, hi] as [number, number, number]);
      const floor = evaluate(conds, segment).precision - PRECISION_SLACK;
      for (;;) {
        let best = -1;
        let bestPrecision = -1;
        let bestTp = -1;
        for (let k = 0; k < conds.length; k++) {
          const e = evaluate(conds, segment, k);
          if (e.precision > bestPrecision || (e.precision === bestPrecision && e.tp > bestTp)) {
            best = k;
            bestPrecision = e.precision;
            bestTp = e.tp;
          }
        }
        if (best < 0 || (conds.length <= maxConditions && bestPrecision < floor)) break;
        conds = conds.filter((_, k) => k !== best);
      }
      conds.sort((a, b) => a[0] - b[0]);
      candidates.set(conds.map((c) => c.join(':')).join('|'), conds);
    }
    // greedy cover of the segment's customers
    const covered = new Uint32Array(words);
    const chosen: { conds: [number, number, number][]; tp: number; precision: number }[] = [];
    const pool = [...candidates.values()];
    const poolPrecision = pool.map((q) => evaluate(q, segment).precision);
    const anyPrecise = poolPrecision.some((p) => p >= MIN_PRECISION);
    while (chosen.length < maxRules && pool.length > 0) {
      let bestK = -1;
      let bestGain = 0;
      let bestPrecision = 0;
      for (let k = 0; k < pool.length; k++) {
        const sets = pool[k].map(([f, lo, hi]) => condBits(f, lo, hi));
        let gain = 0;
        for (let w = 0; w < words; w++) {
          let m = segBits[segment][w] & ~covered[w];
          for (const s of sets) m &= s[w];
          gain += popcount(m);
        }
        const precision = poolPrecision[k];
        // a rule must be right at least half the time, unless no rule of the segment is (then the most precise)
        if (precision < MIN_PRECISION && (chosen.length > 0 || anyPrecise)) continue;
        if (gain > bestGain || (gain === bestGain && gain > 0 && precision > bestPrecision)) {
          bestK = k;
          bestGain = gain;
          bestPrecision = precision;
        }
      }
      // stop at rules that add little: each after the first must cover ≥ 5 % of the segment anew
      if (bestK < 0 || (chosen.length > 0 && bestGain < 0.05 * segSize[segment])) break;
      const conds = pool.splice(bestK, 1)[0];
      poolPrecision.splice(bestK, 1);
      const sets = conds.map(([f, lo, hi]) => condBits(f, lo, hi));
      for (let w = 0; w < words; w++) {
        let m = segBits[segment][w];
        for (const s of sets) m &= s[w];
        covered[w] |= m;
      }
      const e = evaluate(conds, segment);
      chosen.push({ conds, tp: e.tp, precision: e.precision });
    }
    const name = options.names?.[segment] ?? `Segment ${segment}`;
    for (const c of chosen) {
      const conditions: RuleCondition[] = c.conds.map(([f, lo, hi]) => {
        const feature = tree.features[f];
        return {
          feature,
          label: labelOf(feature),
          ...(lo > Number.NEGATIVE_INFINITY ? { above: lo } : {}),
          ...(hi < Number.POSITIVE_INFINITY ? { atMost: hi } : {}),
        };
      });
      out.push({
        segment,
        name,
        conditions,
        coverage: c.tp / segSize[segment],
        precision: c.precision,
        text: `${conditions.map(conditionText).join(' and ') || 'every customer'} → ${name}`,
      });
    }
  }
  return out;
}

/** "3 < orders ≤ 12", "orders ≤ 12", "orders > 3". */
export function conditionText(c: RuleCondition): string {
  if (c.above !== undefined && c.atMost !== undefined) {
    // as many decimals as it takes for the two bounds to read differently (0.035 < x ≤ 0.044, not 0.04 < x ≤ 0.04)
    let d = 2;
    while (d < 8 && formatNumber(c.above, d) === formatNumber(c.atMost, d)) d++;
    return `${formatNumber(c.above, d)} < ${c.label} ≤ ${formatNumber(c.atMost, d)}`;
  }
  if (c.atMost !== undefined) return `${c.label} ≤ ${formatNumber(c.atMost)}`;
  return `${c.label} > ${formatNumber(c.above ?? Number.NEGATIVE_INFINITY)}`;
}

function popcount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * A decision path as one sentence in words: the steps merged into one range per feature (`a < x ≤ b`), in the
 * order the features first appear, named with `FEATURE_LABELS`; "every customer" when there are none.
 *
 * @example
 * pathText([{ feature: 'recency', op: '>', threshold: 53.5 }, { feature: 'recency', op: '<=', threshold: 212 }], 'Need attention')
 * // '53.5 < days since last order ≤ 212 → Need attention'
 */
export function pathText(
  steps: readonly { readonly feature: string; readonly op: '<=' | '>'; readonly threshold: number }[],
  name: string,
): string {
  const ranges = new Map<string, RuleCondition>();
  for (const s of steps) {
    const c = ranges.get(s.feature) ?? { feature: s.feature, label: FEATURE_LABELS[s.feature] ?? s.feature };
    ranges.set(
      s.feature,
      s.op === '>'
        ? { ...c, above: Math.max(c.above ?? Number.NEGATIVE_INFINITY, s.threshold) }
        : { ...c, atMost: Math.min(c.atMost ?? Number.POSITIVE_INFINITY, s.threshold) },
    );
  }
  return `${[...ranges.values()].map(conditionText).join(' and ') || 'every customer'} → ${name}`;
}
