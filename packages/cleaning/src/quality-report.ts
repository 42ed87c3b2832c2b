import type { FenceParameters } from './outlier-fence.js';
import type { ViewName } from './purpose-view.js';
import type { FlagRuleId, RuleKind } from './rules.js';

/** One row-removing step as reported in `quality.json`: its id and the rows left after it. */
export interface StepCount {
  readonly id: string;
  readonly rowsAfter: number;
}

/** Per-rule entry of the quality report. */
export interface RuleCount {
  readonly id: string;
  readonly kind: RuleKind;
  /**
   * Rows affected. Quarantine checks and steps: rows removed; transforms: trusted rows changed, counted before
   * the caller's steps (`line-revenue`: rows of the cleaned frame); flags: kept rows flagged.
   */
  readonly count: number;
  /** The column written, when any. */
  readonly column?: string;
  /** Rule-specific figures (for example `codesWithVariants` of unify-description). */
  readonly details?: Readonly<Record<string, number | string | null>>;
}

/** Missing and distinct counts of one column, before (input) and after (cleaned frame). */
export interface ColumnQuality {
  readonly name: string;
  readonly type: string;
  /** Missing values in the input column; null for a derived column. */
  readonly missingIn: number | null;
  /** Distinct values in the input column; null for a derived column. */
  readonly distinctIn: number | null;
  readonly missing: number;
  readonly distinct: number;
}

/** Revenue and rows of one purpose view. */
export interface ViewQuality {
  readonly rows: number;
  readonly revenue: number;
  /** Revenue of the cleaned frame minus the view's revenue. */
  readonly revenueRemoved: number;
  /** Flag rule ids the view drops. */
  readonly drops: readonly FlagRuleId[];
}

/** A "top offender": a key value and how many problem lines it has. */
export interface Offender {
  readonly value: string;
  readonly rows: number;
  readonly revenue: number;
}

/**
 * The `quality.json` document. Invariant: `rowsIn = rowsKept + rowsQuarantined`, and
 * `rowsQuarantined = Σ quarantine.byReason`.
 */
export interface QualityReport {
  readonly rowsIn: number;
  readonly rowsKept: number;
  readonly rowsQuarantined: number;
  /** Every row-removing step, in order: `quarantine`, then the caller's `steps`. */
  readonly steps: readonly StepCount[];
  /** Count per rule id (every rule of `CLEANING_RULES` that ran, then the caller's steps). */
  readonly ruleCounts: Readonly<Record<string, number>>;
  /** The same counts with kinds, columns and details, in the order the rules ran. */
  readonly rules: readonly RuleCount[];
  /** Rows quarantined per reason: every quarantine rule id, then every step id. */
  readonly quarantine: { readonly byReason: Readonly<Record<string, number>> };
  /** Flag column name of each flag rule, in column order. */
  readonly flags: Readonly<Record<FlagRuleId, string>>;
  /** Every non-boolean column of the cleaned frame. */
  readonly columns: readonly ColumnQuality[];
  /** First and last invoiceDate of the cleaned frame, naive wall-clock `YYYY-MM-DD HH:MM:SS` (null when empty). */
  readonly dateRange: { readonly first: string | null; readonly last: string | null };
  readonly revenue: {
    /** Σ quantity × unitPrice over input rows with both finite. */
    readonly input: number;
    /** Σ revenue of the cleaned frame. */
    readonly kept: number;
    readonly views: Readonly<Record<ViewName, ViewQuality>>;
  };
  readonly topOffenders: {
    /** Stock codes with the most problem lines (cancellation, bad-debt, free-line, zero-price, duplicate, outliers). */
    readonly stockCodes: readonly Offender[];
    /** Identified customers with the most cancellation lines (revenue = cancelled revenue, negative). */
    readonly customers: readonly Offender[];
    /** Countries with the most quarantined rows. */
    readonly quarantineCountries: readonly Offender[];
  };
  /** Fitted fences: `quantityOutlier`, `priceOutlier`, and each fence step by its id. */
  readonly parameters: Readonly<Record<string, FenceParameters>>;
}
