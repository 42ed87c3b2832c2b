import { type Frame, invalidArgument, numberColumn, stringColumn } from '@retailkit/core';
import type { RecommendRule } from './recommender.js';

/** The two tables {@link ruleTables} makes of rules, to upload beside the lines for `recommendationsSql`. */
export interface RuleTables {
  /** One row per rule and consequent item: `ruleId`, `consequent`, `support`, `confidence`, `lift`. */
  readonly rules: Frame;
  /** One row per rule and antecedent item: `ruleId`, `item`, `size` (the rule's number of antecedents). */
  readonly antecedents: Frame;
}

/**
 * Rules as two flat tables for a warehouse (`ruleId` = the rule's index in `rules`), so that
 * `recommendationsSql` can score every customer where the lines live: a rule fires for a customer who bought all
 * `size` of its antecedents. Metrics are copied as they are (doubles), so the warehouse ranks on the same numbers
 * as the in-memory recommender.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when a rule has no antecedents or no consequents.
 * @example
 * const t = ruleTables([{ antecedents: ['tea', 'sugar'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 }]);
 * t.rules.length // 1
 * t.antecedents.length // 2 (tea and sugar, each with size 2)
 */
export function ruleTables(rules: readonly RecommendRule[]): RuleTables {
  const ruleId: number[] = [];
  const consequent: string[] = [];
  const support: number[] = [];
  const confidence: number[] = [];
  const lift: number[] = [];
  const aRule: number[] = [];
  const aItem: string[] = [];
  const aSize: number[] = [];
  rules.forEach((r, i) => {
    if (!r?.antecedents?.length || !r.consequents?.length)
      throw invalidArgument('ruleTables', `rules[${i}]`, r, 'a rule with at least one antecedent and one consequent');
    const antecedents = [...new Set(r.antecedents)];
    for (const c of new Set(r.consequents)) {
      ruleId.push(i);
      consequent.push(c);
      support.push(r.support);
      confidence.push(r.confidence);
      lift.push(r.lift);
    }
    for (const a of antecedents) {
      aRule.push(i);
      aItem.push(a);
      aSize.push(antecedents.length);
    }
  });
  return {
    rules: {
      length: ruleId.length,
      columns: {
        ruleId: numberColumn(Float64Array.from(ruleId)),
        consequent: stringColumn(consequent),
        support: numberColumn(Float64Array.from(support)),
        confidence: numberColumn(Float64Array.from(confidence)),
        lift: numberColumn(Float64Array.from(lift)),
      },
    },
    antecedents: {
      length: aRule.length,
      columns: {
        ruleId: numberColumn(Float64Array.from(aRule)),
        item: stringColumn(aItem),
        size: numberColumn(Float64Array.from(aSize)),
      },
    },
  };
}
