import type { Frame } from '@retailkit/core';
import type { FlagRuleId, RuleDefinition } from '../rules.js';
import type { Resolved } from './options.js';
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
}

/** Any rule of the table. */
export type Rule = QuarantineRule | TransformRule | FlagRule;
