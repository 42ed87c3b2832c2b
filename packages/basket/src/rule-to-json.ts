import type { Rule } from './association-rules.js';

/** A rule as JSON-ready values: non-finite numbers (conviction at confidence 1) become the string `"Infinity"`. */
export type RuleJson = { readonly [K in keyof Rule]: Rule[K] extends number ? number | 'Infinity' : Rule[K] };

/**
 * A rule ready for `JSON.stringify`: `conviction` = +Infinity is written as the string `"Infinity"` (JSON has no
 * infinity; `null` would be ambiguous). Read it back with `Number(value)`.
 *
 * @example
 * const [rule] = associationRules(fpgrowth([['a', 'b'], ['a', 'b'], ['a'], ['c']], { minSupport: 0.5 }), { metric: 'lift', minThreshold: 1 });
 * [rule.confidence, rule.conviction, ruleToJSON(rule).conviction] // [1, Infinity, 'Infinity']
 */
export function ruleToJSON(rule: Rule): RuleJson {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rule)) out[k] = typeof v === 'number' && !Number.isFinite(v) ? 'Infinity' : v;
  return out as RuleJson;
}
