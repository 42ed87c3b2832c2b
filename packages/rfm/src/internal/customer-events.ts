import type { Frame } from '@retailkit/core';
import type { PurchaseUnit } from '../evaluate-customer-value.js';
import { customerEventLists, eventsFrame } from './customer-windows.js';
import { defaultAsOf, PURCHASE_COLUMNS, parseAsOf, parseUnit, requireColumns } from './validate.js';

/** Options of `customerEvents`. */
export interface CustomerEventsOptions {
  /** End of observation (default: midnight after the last transaction). Lines at or after it are ignored. */
  readonly asOf?: number | string | Date;
  /** What one purchase event is: a calendar day (`days`, default) or an invoice (`invoices`). */
  readonly unit?: PurchaseUnit;
}

/**
 * Every identified customer's purchase events, the input of the churn and value models: purchase lines (quantity
 * > 0, not on a "C" invoice, before asOf) grouped by calendar day (UTC; `unit: 'days'`) or by invoice
 * (`invoices`, dated by the invoice's first line), each with its revenue (`revenue` column when present, else
 * quantity × unitPrice; NaN counts as 0). One row per event: `customerId`, `day` (day number since 1970-01-01 UTC)
 * and `revenue`, sorted by customer id (code-unit order) then day (same-day invoices by revenue): the definition `customerEventsSql` computes in a
 * warehouse (the conformance tests' oracle; the fits on lines compute it themselves).
 *
 * Complexity O(rows + events log events).
 *
 * @throws RetailKitError `MISSING_COLUMN`, `INVALID_ARGUMENT` (asOf, unit).
 * @example
 * // the frame of customerFeatures' example: purchases on 2011-01-03 (20) and 2011-03-01 (20)
 * toRows(customerEvents(frame, { asOf: '2011-03-31' }))
 * // [{ customerId: 'c1', day: 14977, revenue: 20 }, { customerId: 'c1', day: 15034, revenue: 20 }]
 */
export function customerEvents(frame: Frame, options: CustomerEventsOptions = {}): Frame {
  const fn = 'customerEvents';
  requireColumns(fn, frame, PURCHASE_COLUMNS);
  const unit = parseUnit(fn, options.unit);
  const asOf = parseAsOf(fn, options.asOf) ?? defaultAsOf((frame.columns.invoiceDate as { data: Float64Array }).data);
  return eventsFrame(customerEventLists(frame, unit, asOf));
}
