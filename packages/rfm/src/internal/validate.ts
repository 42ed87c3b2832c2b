import {
  type ColumnType,
  type Frame,
  invalidArgument,
  MS_PER_DAY,
  missingColumn,
  parseIsoDate,
  startOfDay,
} from '@retailkit/core';
import type { PurchaseUnit } from '../evaluate-customer-value.js';

/** The canonical columns every per-customer summary reads (`purchaseSummary`). */
export const PURCHASE_COLUMNS = {
  invoiceNo: 'string',
  customerId: 'string',
  quantity: 'number',
  unitPrice: 'number',
  invoiceDate: 'timestamp',
} as const;

/** The canonical columns `customerFeatures` reads. */
export const FEATURE_INPUT_COLUMNS = { ...PURCHASE_COLUMNS, stockCode: 'string' } as const;

/** Check that `frame` has each named column with one of the allowed types (`MISSING_COLUMN` otherwise). */
export function requireColumns(
  fn: string,
  frame: Frame,
  spec: Record<string, ColumnType | readonly ColumnType[]>,
): void {
  for (const [name, type] of Object.entries(spec)) {
    const col = frame.columns[name];
    const allowed = typeof type === 'string' ? [type] : type;
    if (!col || !allowed.includes(col.type)) throw missingColumn(fn, frame, name, allowed.join(' or '));
  }
}

/** An `asOf` option as epoch ms (midnight not required): number, Date or `YYYY-MM-DD[ HH:MM:SS]`. */
export function parseAsOf(fn: string, asOf: number | string | Date | undefined): number | undefined {
  if (asOf === undefined) return undefined;
  const ms = asOf instanceof Date ? asOf.getTime() : typeof asOf === 'string' ? parseIsoDate(asOf) : asOf;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    throw invalidArgument(
      fn,
      'asOf',
      asOf,
      'epoch milliseconds, a Date or a YYYY-MM-DD string',
      'Pass e.g. { asOf: "2011-12-10" }.',
    );
  return ms;
}

/** Default `asOf`: midnight of the day after the latest timestamp (NaN skipped). */
export function defaultAsOf(dates: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < dates.length; i++) if (dates[i] > max) max = dates[i];
  return Number.isFinite(max) ? startOfDay(max) + MS_PER_DAY : 0;
}

/** The `unit` option of the churn and value functions, checked (default `days`). */
export function parseUnit(fn: string, unit: unknown): PurchaseUnit {
  if (unit === undefined || unit === 'days') return 'days';
  if (unit === 'invoices') return 'invoices';
  throw invalidArgument(fn, 'unit', unit, '"days" or "invoices"');
}
