import { associationRules, fpgrowth, RULE_METRICS, type RuleMetric, ruleToJSON } from '@retailkit/basket';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** The metric names in registry order (the order of the HAND columns below). */
const RULE_METRIC_NAMES = Object.keys(RULE_METRICS) as RuleMetric[];

// Fixture: supports a .8, b .8, c .6, ab .6, ac .6, bc .4, abc .4 (n = 5; see miners.test.ts).
const TX = [['a', 'b', 'c'], ['a', 'b'], ['a', 'c'], ['b'], ['a', 'b', 'c']];
const table = fpgrowth(TX, { minSupport: 0.4 });
const all = associationRules(table, { metric: 'confidence', minThreshold: 0 });
const find = (a: string, c: string) => all.find((r) => r.antecedents.join('') === a && r.consequents.join('') === c);

// Hand-computed with mlxtend 0.23's formulas (sA, sC, sAC fractions):
//   confidence = sAC/sA; lift = confidence/sC; leverage = sAC − sA·sC; conviction = (1−sC)/(1−confidence), ∞ at 1;
//   zhang = leverage / max(sAC(1−sA), sA(sC−sAC)), 0 when the denominator is 0; jaccard = sAC/(sA+sC−sAC);
//   certainty = (confidence−sC)/(1−sC) when confidence ≥ sC (mlxtend), else (confidence−sC)/sC (Berzal et al.; mlxtend
//   uses the first branch here too and leaves [−1, 1]), 0 when sC = 1; kulczynski = (sAC/sA + sAC/sC)/2.
const HAND = [
  // c → a: sAC .6, sA .6, sC .8; zhang .12 / max(.24, .12) = .5; kulczynski (1 + .75)/2
  ['c', 'a', [0.6, 0.8, 0.6, 1, 1.25, 0.12, Number.POSITIVE_INFINITY, 0.5, 0.75, 1, 0.875]],
  // a → b: sAC .6, sA .8, sC .8; leverage −.04; conviction .2/.25; zhang −.04 / max(.12, .16); certainty −.05/.8 (confidence < sC)
  ['a', 'b', [0.8, 0.8, 0.6, 0.75, 0.9375, -0.04, 0.8, -0.25, 0.6, -0.0625, 0.75]],
  // bc → a: sAC .4, sA .4, sC .8; zhang .08 / max(.24, .16) = 1/3; jaccard .4/.8; kulczynski (1 + .5)/2
  ['bc', 'a', [0.4, 0.8, 0.4, 1, 1.25, 0.08, Number.POSITIVE_INFINITY, 1 / 3, 0.5, 1, 0.75]],
  // a → bc: sAC .4, sA .8, sC .4; conviction .6/.5; zhang .08 / max(.08, 0) = 1; certainty .1/.6
  ['a', 'bc', [0.8, 0.4, 0.4, 0.5, 1.25, 0.08, 1.2, 1, 0.5, 1 / 6, 0.75]],
] as const;

describe('associationRules: every metric, hand-computed', () => {
  it('generates every rule of every itemset of length ≥ 2 (6 from pairs, 6 from abc)', () => {
    expect(all.length).toBe(12);
  });

  it.each(HAND)('%s → %s', (a, c, values) => {
    const r = find(a, c);
    expect(r).toBeDefined();
    RULE_METRIC_NAMES.forEach((m, i) => {
      const v = values[i];
      if (v === Number.POSITIVE_INFINITY) expect(r?.[m]).toBe(v);
      else expect(r?.[m]).toBeCloseTo(v, 12);
    });
  });

  it('edge conventions: certainty 0 when sC = 1; Zhang 0 when its denominator is 0', () => {
    // x in both baskets (sC = 1), y in one. y → x: conf 1, lift 1, conviction ∞, zhang 0/.25 = 0, certainty 0.
    // x → y: conf .5, conviction .5/.5 = 1, zhang denominator max(.5·0, 1·0) = 0 → 0, kulczynski (.5 + 1)/2.
    const rules = associationRules(fpgrowth([['x', 'y'], ['x']], { minSupport: 0.5 }), { minThreshold: 0 });
    const yx = rules.find((r) => r.antecedents[0] === 'y');
    const xy = rules.find((r) => r.antecedents[0] === 'x');
    expect([yx?.confidence, yx?.lift, yx?.conviction, yx?.zhangsMetric, yx?.certainty]).toEqual([1, 1, Infinity, 0, 0]);
    expect([xy?.confidence, xy?.lift, xy?.conviction, xy?.zhangsMetric, xy?.certainty, xy?.kulczynski]).toEqual([
      0.5, 1, 1, 0, 0, 0.75,
    ]);
  });

  it('conviction ∞ travels in JSON as the string "Infinity"', () => {
    const j = ruleToJSON(find('c', 'a') as never);
    expect(j.conviction).toBe('Infinity');
    expect(JSON.parse(JSON.stringify(j)).conviction).toBe('Infinity');
    expect(ruleToJSON(find('a', 'b') as never).conviction).toBeCloseTo(0.8, 12);
  });

  it('every metric has a formula and a documented range that holds', () => {
    for (const m of RULE_METRIC_NAMES) {
      expect(RULE_METRICS[m].formula.length).toBeGreaterThan(0);
      const [lo, hi] = RULE_METRICS[m].range;
      for (const r of all) expect(r[m] >= lo - 1e-12 && r[m] <= hi + 1e-12).toBe(true);
    }
  });
});

describe('associationRules: thresholds, filters, constraints, sorting, budget', () => {
  it('metric + minThreshold (mlxtend default confidence ≥ 0.8)', () => {
    const r = associationRules(table);
    expect(r.every((x) => x.confidence >= 0.8)).toBe(true);
    // confidence 1: c→a, bc→a, ac→? (ac→b: .4/.6), ab→c (.4/.6); so c→a and bc→a only; b→a .75, a→b .75
    expect(r.map((x) => `${x.antecedents.join('')}>${x.consequents.join('')}`).sort()).toEqual(['bc>a', 'c>a']);
  });

  it('filters on any metric, inclusive bounds', () => {
    // lifts of the abc rules: a>bc 1.25, bc>a 1.25, ab>c 1.111, c>ab 1.111, ac>b .833, b>ac .833
    const r = associationRules(table, { minThreshold: 0, filters: { lift: { min: 1.2 }, support: { max: 0.4 } } });
    expect(r.map((x) => `${x.antecedents.join('')}>${x.consequents.join('')}`).sort()).toEqual(['a>bc', 'bc>a']);
    const r2 = associationRules(table, { minThreshold: 0, filters: { lift: { min: 1.1 }, support: { max: 0.4 } } });
    expect(r2.length).toBe(4);
  });

  it('antecedent and consequent constraints', () => {
    const r = associationRules(table, {
      minThreshold: 0,
      antecedents: { contains: ['a'], maxLen: 1 },
      consequents: { excludes: ['c'] },
    });
    expect(r.map((x) => `${x.antecedents.join('')}>${x.consequents.join('')}`)).toEqual(['a>b']);
    const within = associationRules(table, { minThreshold: 0, consequents: { within: ['a'] } });
    expect(within.every((x) => x.consequents.join('') === 'a')).toBe(true);
    expect(within.length).toBe(3);
  });

  it('sorts by the metric (desc), ties by support then confidence, and limits', () => {
    const r = associationRules(table, { metric: 'lift', minThreshold: 1 });
    for (let i = 1; i < r.length; i++) expect(r[i - 1].lift).toBeGreaterThanOrEqual(r[i].lift);
    expect(r[0].support).toBe(0.6);
    expect(associationRules(table, { metric: 'lift', minThreshold: 1, limit: 2 })).toEqual(r.slice(0, 2));
    const asc = associationRules(table, { minThreshold: 0, sortBy: 'leverage', ascending: true });
    // b → c and c → b: .4 − .8·.6 = −.08
    expect(asc[0].leverage).toBeCloseTo(-0.08, 12);
  });

  it('sortBy null keeps generation order: itemsets in table order, antecedents in subset order', () => {
    const r = associationRules(table, { minThreshold: 0, sortBy: null });
    expect(r.map((x) => `${x.antecedents.join('')}>${x.consequents.join('')}`)).toEqual([
      'a>b',
      'b>a',
      'a>c',
      'c>a',
      'b>c',
      'c>b',
      'a>bc',
      'b>ac',
      'ab>c',
      'c>ab',
      'ac>b',
      'bc>a',
    ]);
  });

  it('refuses closed/maximal tables and unknown metrics; budget on rules', () => {
    expect(() => associationRules(fpgrowth(TX, { minSupport: 0.4, output: 'maximal' }))).toThrow(
      expect.objectContaining({ code: 'BASKET_INCOMPLETE_ITEMSETS' }),
    );
    const partial = { ...table, itemsets: table.itemsets.filter((s) => s.items.join('') !== 'bc') };
    expect(() => associationRules(partial, { minThreshold: 0 })).toThrow(/support of \[b, c\].*is missing/);
    expect(() => associationRules(table, { metric: 'oddsRatio' as never })).toThrow(/metric must be/);
    expect(() => associationRules(table, { limit: -1 })).toThrow(/limit must be an integer >= 0/);
    expect(() => associationRules(table, { sortBy: 'nope' as never })).toThrow(/sortBy must be/);
    expect(() => associationRules(table, { minThreshold: 0, maxRules: 3 })).toThrow(
      expect.objectContaining({ code: 'BASKET_TOO_MANY_RULES' }),
    );
  });
});

describe('rule properties (fast-check)', () => {
  const txArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }), {
    minLength: 1,
    maxLength: 20,
  });
  it('metrics stay in their ranges and match their definitions', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const t = fpgrowth(tx, { minSupport: { count: 1 } });
        const n = tx.length;
        const count = (items: readonly string[]) =>
          tx.filter((x) => items.every((i) => (x as string[]).includes(i))).length;
        for (const r of associationRules(t, { minThreshold: 0 })) {
          expect(r.support).toBeCloseTo(count([...r.antecedents, ...r.consequents]) / n, 12);
          expect(r.confidence).toBeCloseTo(count([...r.antecedents, ...r.consequents]) / count(r.antecedents), 12);
          for (const m of RULE_METRIC_NAMES) {
            const [lo, hi] = RULE_METRICS[m].range;
            if (!(r[m] >= lo - 1e-12 && r[m] <= hi + 1e-12)) throw new Error(`${m} = ${r[m]} outside [${lo}, ${hi}]`);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
