/** Names of the rule metrics (camelCase of mlxtend's column names). */
export type RuleMetric =
  | 'antecedentSupport'
  | 'consequentSupport'
  | 'support'
  | 'confidence'
  | 'lift'
  | 'leverage'
  | 'conviction'
  | 'zhangsMetric'
  | 'jaccard'
  | 'certainty'
  | 'kulczynski';

/** One entry of the metric registry. */
export interface MetricDefinition {
  readonly name: RuleMetric;
  /** The formula, in terms of sA = supp(A), sC = supp(C), sAC = supp(A ∪ C). */
  readonly formula: string;
  /** Closed range of the values (Infinity included for conviction). */
  readonly range: readonly [number, number];
  readonly description: string;
  /** Compute from the three supports (fractions). */
  readonly compute: (sAC: number, sA: number, sC: number) => number;
  /**
   * Compute from the integer counts nAC, nA, nC and the transaction count n, as one division of exact integer
   * products (exact while they stay below 2^53), so a rule exactly at a threshold compares equal to it (16/20 is
   * 0.8, where 0.016/0.02 is 0.7999999999999999). `associationRules` uses this.
   */
  readonly fromCounts: (nAC: number, nA: number, nC: number, n: number) => number;
}

const confidence = (sAC: number, sA: number): number => sAC / sA;

/**
 * Every rule metric in one registry, computed from the supports of A (antecedents), C (consequents) and A ∪ C,
 * following mlxtend 0.23 `association_rules` formula by formula (including its conventions at the edges: conviction
 * is +Infinity when confidence = 1; Zhang's metric is 0 when its denominator is 0; certainty is 0 when sC = 1),
 * except certainty under negative dependence, which keeps its documented range (see its description). Each entry
 * gives the formula, the closed range and `compute(sAC, sA, sC)`; `Object.keys(RULE_METRICS)` lists the names.
 *
 * JSON: rule objects hold `Infinity` in memory; `ruleToJSON` and `fitRecommender`'s report write it as the string
 * `"Infinity"` (as core's `canonicalJson` does), never `null`.
 *
 * @example
 * RULE_METRICS.lift.compute(0.4, 0.5, 0.5) // 1.6
 */
export const RULE_METRICS: Readonly<Record<RuleMetric, MetricDefinition>> = Object.freeze({
  antecedentSupport: {
    name: 'antecedentSupport',
    formula: 'sA',
    range: [0, 1],
    description: 'Share of transactions that contain every antecedent.',
    compute: (_sAC, sA) => sA,
    fromCounts: (_nAC, nA, _nC, n) => nA / n,
  },
  consequentSupport: {
    name: 'consequentSupport',
    formula: 'sC',
    range: [0, 1],
    description: 'Share of transactions that contain every consequent.',
    compute: (_sAC, _sA, sC) => sC,
    fromCounts: (_nAC, _nA, nC, n) => nC / n,
  },
  support: {
    name: 'support',
    formula: 'sAC',
    range: [0, 1],
    description: 'Share of transactions that contain the whole rule (A ∪ C).',
    compute: (sAC) => sAC,
    fromCounts: (nAC, _nA, _nC, n) => nAC / n,
  },
  confidence: {
    name: 'confidence',
    formula: 'sAC / sA',
    range: [0, 1],
    description: 'Estimated P(C | A).',
    compute: (sAC, sA) => confidence(sAC, sA),
    fromCounts: (nAC, nA) => nAC / nA,
  },
  lift: {
    name: 'lift',
    formula: 'confidence / sC = sAC / (sA · sC)',
    range: [0, Number.POSITIVE_INFINITY],
    description: '1 when A and C are independent; > 1 when they occur together more often than by chance.',
    compute: (sAC, sA, sC) => confidence(sAC, sA) / sC,
    fromCounts: (nAC, nA, nC, n) => (nAC * n) / (nA * nC),
  },
  leverage: {
    name: 'leverage',
    formula: 'sAC − sA · sC',
    range: [-1, 1],
    description: 'Observed minus expected joint support; 0 under independence (in fact within [−0.25, 0.25]).',
    compute: (sAC, sA, sC) => sAC - sA * sC,
    fromCounts: (nAC, nA, nC, n) => (nAC * n - nA * nC) / (n * n),
  },
  conviction: {
    name: 'conviction',
    formula: '(1 − sC) / (1 − confidence); +Infinity when confidence = 1',
    range: [0, Number.POSITIVE_INFINITY],
    description: 'How much more often A would occur without C if they were independent; 1 under independence.',
    compute: (sAC, sA, sC) => {
      const c = confidence(sAC, sA);
      return c >= 1 ? Number.POSITIVE_INFINITY : (1 - sC) / (1 - c);
    },
    fromCounts: (nAC, nA, nC, n) => (nAC >= nA ? Number.POSITIVE_INFINITY : ((n - nC) * nA) / (n * (nA - nAC))),
  },
  zhangsMetric: {
    name: 'zhangsMetric',
    formula: '(sAC − sA · sC) / max(sAC · (1 − sA), sA · (sC − sAC)); 0 when the denominator is 0',
    range: [-1, 1],
    description: "Zhang's association/dissociation measure: 1 perfect association, −1 perfect dissociation.",
    compute: (sAC, sA, sC) => {
      const den = Math.max(sAC * (1 - sA), sA * (sC - sAC));
      return den === 0 ? 0 : (sAC - sA * sC) / den;
    },
    fromCounts: (nAC, nA, nC, n) => {
      const den = Math.max(nAC * (n - nA), nA * (nC - nAC));
      return den === 0 ? 0 : (nAC * n - nA * nC) / den;
    },
  },
  jaccard: {
    name: 'jaccard',
    formula: 'sAC / (sA + sC − sAC)',
    range: [0, 1],
    description: 'Overlap of the transactions of A and of C.',
    compute: (sAC, sA, sC) => sAC / (sA + sC - sAC),
    fromCounts: (nAC, nA, nC) => nAC / (nA + nC - nAC),
  },
  certainty: {
    name: 'certainty',
    formula: '(confidence − sC) / (1 − sC) when confidence ≥ sC, else (confidence − sC) / sC; 0 when sC = 1',
    range: [-1, 1],
    description:
      'Certainty factor (Berzal et al. 2002): how much knowing A changes the belief in C. mlxtend applies the first branch to negative dependence too, which can fall below −1; the second branch keeps the documented range.',
    compute: (sAC, sA, sC) => {
      const conf = confidence(sAC, sA);
      if (conf >= sC) return sC === 1 ? 0 : (conf - sC) / (1 - sC);
      return (conf - sC) / sC;
    },
    fromCounts: (nAC, nA, nC, n) => {
      const num = nAC * n - nC * nA;
      if (num >= 0) return nC === n ? 0 : num / (nA * (n - nC));
      return num / (nA * nC);
    },
  },
  kulczynski: {
    name: 'kulczynski',
    formula: '(sAC / sA + sAC / sC) / 2',
    range: [0, 1],
    description: 'Mean of P(C | A) and P(A | C); 0.5 is neutral.',
    compute: (sAC, sA, sC) => (sAC / sA + sAC / sC) / 2,
    fromCounts: (nAC, nA, nC) => (nAC * (nA + nC)) / (2 * nA * nC),
  },
});

/** Metric names in registry order (for validation messages). */
export const RULE_METRIC_NAMES: readonly RuleMetric[] = Object.freeze(Object.keys(RULE_METRICS) as RuleMetric[]);
