import { RULES } from './internal/rule-table.js';

/**
 * Kinds of rules. `quarantine`: moves untrusted rows to the quarantine with the rule id as `reason`;
 * `transform`: rewrites or adds a column of kept rows (count = trusted rows changed); `flag`: sets a boolean
 * column (count = kept rows flagged), which the purpose views drop by; `step`: a row-removing step the caller
 * passed in `CleanOptions.steps` (removed rows go to the quarantine with the step id as reason).
 */
export type RuleKind = 'quarantine' | 'transform' | 'flag' | 'step';

/** One documented rule of `CLEANING_RULES`. */
export interface RuleDefinition {
  /** Stable id, as in `quality.json`; ids never change meaning, new rules get new ids. */
  readonly id: string;
  readonly kind: RuleKind;
  /** The column it writes (flag rules: the boolean flag column); absent for quarantine checks. */
  readonly column?: string;
  readonly description: string;
  /** A before → after example, as rows. */
  readonly example: { readonly before: string; readonly after: string };
}

/** Ids of the flag rules, in the order of the cleaned frame's flag columns. */
export const FLAG_RULE_IDS = [
  'anonymous',
  'cancellation',
  'bad-debt',
  'free-line',
  'zero-price',
  'discount',
  'non-product',
  'colour-variant',
  'duplicate',
  'quantity-outlier',
  'price-outlier',
  'unknown-country',
] as const;

/** A flag rule id (the views drop rows by these). */
export type FlagRuleId = (typeof FLAG_RULE_IDS)[number];

/**
 * Every rule `clean` applies, in the order it applies them and lists them in `quality.json` `rules`: the eight
 * quarantine checks in priority order, the transforms, then the flags. Each entry has its stable `id`, its
 * `kind`, the `column` it writes, what it does, and a before → after example.
 *
 * @example
 * CLEANING_RULES.filter((r) => r.kind === 'flag').map((r) => r.column).slice(0, 3)
 * // ['isColourVariant', 'isAnonymous', 'isCancellation']
 */
export const CLEANING_RULES: readonly RuleDefinition[] = Object.freeze(
  RULES.map(({ id, kind, column, description, example }) =>
    Object.freeze(
      column === undefined ? { id, kind, description, example } : { id, kind, column, description, example },
    ),
  ),
);

/** The flag column of each flag rule, in column order. */
export const FLAG_COLUMNS: Readonly<Record<FlagRuleId, string>> = Object.fromEntries(
  FLAG_RULE_IDS.map((id) => [id, CLEANING_RULES.find((r) => r.id === id)?.column]),
) as Record<FlagRuleId, string>;

/**
 * Non-product stock codes (compared after upper-casing and trimming) and their category, flagged by rule
 * `non-product`. Extend or override with the `nonProductCodes` option of `clean`.
 *
 * @example
 * NON_PRODUCT_CODES.POST // 'postage'
 */
export const NON_PRODUCT_CODES: Readonly<Record<string, string>> = Object.freeze({
  POST: 'postage',
  DOT: 'postage',
  C2: 'postage',
  M: 'manual',
  D: 'discount',
  S: 'sample',
  CRUK: 'charity',
  'BANK CHARGES': 'bank-charges',
  AMAZONFEE: 'marketplace-fee',
  PADS: 'pads',
  B: 'bad-debt',
});

/**
 * Country values that are not a country (compared exactly), flagged by rule `unknown-country` with missing and
 * blank countries. Override with the `pseudoCountries` option of `clean`.
 *
 * @example
 * PSEUDO_COUNTRIES // ['Unspecified', 'European Community']
 */
export const PSEUDO_COUNTRIES: readonly string[] = Object.freeze(['Unspecified', 'European Community']);
