import type { SqlFunctions } from '@retailkit/core';
import type { FlagRuleId } from '../rules.js';
import type { Resolved } from './options.js';

/** The canonical transaction columns, as `clean` reads them. */
export type CanonicalName =
  | 'invoiceNo'
  | 'stockCode'
  | 'description'
  | 'quantity'
  | 'invoiceDate'
  | 'unitPrice'
  | 'customerId'
  | 'country';

/** Fitted fence statistics as SQL column references (NULL when the fence has no sale line). */
export interface FenceSql {
  readonly lower: string;
  readonly upper: string;
  readonly mean: string;
  readonly std: string;
}

/**
 * What a rule's SQL twin reads when `cleaningSql` generates the views: the rule writes a predicate or an
 * expression over these references, beside its in-memory `mark`/`apply`, so both paths read one definition.
 */
export interface RuleSql {
  readonly f: SqlFunctions;
  readonly options: Resolved;
  /** The canonical columns as read (before any transform). */
  readonly raw: Readonly<Record<CanonicalName, string>>;
  /** The working value of each column so far: transforms replace entries in rule-table order. */
  readonly col: Readonly<Record<string, string>>;
  /** The source line number (file order: duplicates keep the first line, description ties go to the first seen). */
  readonly line: string;
  /** A flag rule above this one, as a boolean SQL expression. */
  flag(id: FlagRuleId): string;
  /** A flag rule's place of the row in its `sqlGroupOrder` group, in file order (1 for the group's first line). */
  allRows(id: FlagRuleId): string;
  /** The most frequent description of the row's stock code (the `unify-description` lookup); NULL when none. */
  readonly mode: string;
  /** The fitted fence of an outlier option. */
  fence(option: 'quantityOutlier' | 'priceOutlier'): FenceSql;
}

/** An SQL predicate that is never NULL. */
export const sqlTrue = (predicate: string): string => `COALESCE(${predicate}, FALSE)`;
