import type { Frame } from '@retailkit/core';
import type { FlagRuleId, RuleDefinition } from '../rules.js';
import type { Resolved } from './options.js';
import type { RuleSql } from './rule-sql.js';
import type { Table } from './table.js';

/** Rule-specific figures of a report entry. */
export type RuleDetails = Readonly<Record<string, number | string | null>>;

/**
 * What a rule reports. A number is final; a function is evaluated on the cleaned frame once the caller's steps
 * have run (for counts and details over the kept rows).
 */
export interface RuleOutcome {
  readonly count?: number | ((kept: Frame) => number);
  readonly details?: RuleDetails | ((kept: Frame) => RuleDetails);
}

/** A quarantine check: `mark` sets `out[i]` to 1 or 0 for every row; `clean` gives each row its first reason. */
export interface QuarantineRule extends RuleDefinition {
  readonly kind: 'quarantine';
  mark(t: Table, out: Uint8Array): void;
  /** The same check as an SQL predicate over the columns as read (`cleaningSql`'s quarantine reason). */
  sql(c: RuleSql): string;
}

/**
 * A transform: replaces (or adds) `t.columns[column]` and counts the trusted rows it changed. `enabled` (default
 * always) decides from the options whether it runs and appears in the report.
 */
export interface TransformRule extends RuleDefinition {
  readonly kind: 'transform';
  readonly column: string;
  readonly enabled?: (options: Resolved) => boolean;
  apply(t: Table): RuleOutcome;
  /** The same rewrite in SQL: the new working expression of each column it writes (empty: identity in SQL). */
  sql(c: RuleSql): Readonly<Record<string, string>>;
  /** Its count in SQL: the trusted rows it changed, given the working expressions before (`c`) and after it. */
  sqlChanged(c: RuleSql, after: Readonly<Record<string, string>>): string;
}

/**
 * A flag: sets `out[i] = 1` where the row has the property (any row; only kept rows are counted) and may add
 * derived columns or fence parameters. Its count is the kept rows flagged; `details` adds figures over them.
 */
export interface FlagRule extends RuleDefinition {
  readonly id: FlagRuleId;
  readonly kind: 'flag';
  readonly column: string;
  mark(t: Table, out: Uint8Array): void;
  readonly details?: (kept: Frame) => RuleDetails;
  /** The same flag as an SQL predicate over trusted rows (`cleaningSql`'s flag column; NULL counts as false). */
  sql(c: RuleSql): string;
  /** Derived columns it adds, as SQL expressions (colour-variant's `baseStockCode`, …). */
  sqlColumns?(c: RuleSql): Readonly<Record<string, string>>;
  /**
   * The expressions whose equal values (NULLs equal) group the input rows, every row quarantined or not; `sql` reads
   * back through `c.allRows(id)` the row's place in its group in file order: 1 for its first line, more for a later
   * one. `cleaningSql` computes it with `ROW_NUMBER()` over the groups, or on DuckDB by grouping the rows and joining
   * back the first line of each group (no sort of every row by every expression).
   */
  sqlGroupOrder?(c: RuleSql): readonly string[];
  /** Set on the outlier flags: their predicate reads the fence fitted on the flags above, so it runs one view later. */
  readonly sqlFence?: {
    readonly option: 'quantityOutlier' | 'priceOutlier';
    readonly values: 'quantity' | 'unitPrice';
  };
}

/** Any rule of the table. */
export type Rule = QuarantineRule | TransformRule | FlagRule;
