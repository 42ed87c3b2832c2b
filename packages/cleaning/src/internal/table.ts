import { type Column, type Frame, type StringColumn, TRANSACTION_SCHEMA, typedColumn } from '@retailkit/core';
import type { FenceParameters } from '../outlier-fence.js';
import type { FlagRuleId } from '../rules.js';
import type { Resolved } from './options.js';

/** The canonical input columns, typed. */
export interface Canonical {
  readonly invoiceNo: StringColumn;
  readonly stockCode: StringColumn;
  readonly description: StringColumn;
  readonly quantity: Float64Array;
  readonly invoiceDate: Float64Array;
  readonly unitPrice: Float64Array;
  readonly customerId: StringColumn;
  readonly country: StringColumn;
}

/**
 * What the rules of one `clean` call read and write. Rules run in the rule table's order: quarantine rules set
 * `reason`, transforms replace or add `columns`, flag rules fill `flags` (and may add derived `columns`).
 */
export interface Table {
  readonly n: number;
  /** The input frame, as received. */
  readonly input: Frame;
  /** Its canonical columns, typed (as read, never changed). */
  readonly canonical: Canonical;
  readonly options: Resolved;
  /** Quarantine reason per row: 0 = trusted, k = the k-th quarantine rule, then the caller's steps. */
  readonly reason: Uint8Array;
  /** The output columns: the input's (replaced by transforms), then derived columns in the order rules add them. */
  readonly columns: Record<string, Column>;
  /** Flag per row by flag rule id (set for every row; only kept rows are reported). */
  readonly flags: Partial<Record<FlagRuleId, Uint8Array>>;
  /** Fitted fence statistics, by option name or step id. */
  readonly parameters: Record<string, FenceParameters>;
  /** Per-call cache of lookups several rules share (dictionary tests, the sale-line mask). */
  readonly memo: Map<string, Uint8Array>;
}

/**
 * The canonical columns of `input`, checked against core's `TRANSACTION_SCHEMA`.
 *
 * @throws RetailKitError `MISSING_COLUMN` (function `clean`) when one is absent or of another type.
 */
export function readCanonical(input: Frame): Canonical {
  const col = <K extends keyof typeof TRANSACTION_SCHEMA>(name: K) =>
    typedColumn(input, name, TRANSACTION_SCHEMA[name], 'clean');
  return {
    invoiceNo: col('invoiceNo'),
    stockCode: col('stockCode'),
    description: col('description'),
    quantity: col('quantity').data,
    invoiceDate: col('invoiceDate').data,
    unitPrice: col('unitPrice').data,
    customerId: col('customerId'),
    country: col('country'),
  };
}

/** A table over `input` before any rule ran. */
export function createTable(input: Frame, canonical: Canonical, options: Resolved): Table {
  return {
    n: input.length,
    input,
    canonical,
    options,
    reason: new Uint8Array(input.length),
    columns: { ...input.columns },
    flags: {},
    parameters: {},
    memo: new Map(),
  };
}

/** The current (possibly transformed) string column `name`. */
export function working(t: Table, name: 'stockCode' | 'description' | 'customerId'): StringColumn {
  return t.columns[name] as StringColumn;
}

/** The flag array of rule `id`; it must have run (flag rules run in table order). */
export function flagOf(t: Table, id: FlagRuleId): Uint8Array {
  const f = t.flags[id];
  if (f === undefined) throw new Error(`clean: flag "${id}" is read before its rule ran; check the rule table order`);
  return f;
}

/** `compute()` once per call under `key`. */
export function memo(t: Table, key: string, compute: () => Uint8Array): Uint8Array {
  let v = t.memo.get(key);
  if (v === undefined) {
    v = compute();
    t.memo.set(key, v);
  }
  return v;
}
