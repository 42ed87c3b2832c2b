import { type BooleanColumn, type Frame, invalidArgument, maskToIndices, take } from '@retailkit/core';
import { FLAG_COLUMNS, FLAG_RULE_IDS, type FlagRuleId } from './rules.js';

/** A purpose view name: `revenue`, `modeling`, `basket` or `customers`. */
export type ViewName = 'revenue' | 'modeling' | 'basket' | 'customers';

const ANOMALIES: readonly FlagRuleId[] = [
  'cancellation',
  'bad-debt',
  'free-line',
  'zero-price',
  'discount',
  'non-product',
];

/**
 * The purpose views and the flags each drops (a row is dropped when ANY listed flag is true). Every view starts
 * from the cleaned frame, which never holds quarantined rows. Override per call with `clean`'s `views` option.
 *
 * - `revenue`: drops `duplicate`, `bad-debt` only — cancellations, discounts, postage, fees and outliers stay, so
 *   its revenue is net sales as booked (outliers are real money).
 * - `modeling`: drops every anomaly (`cancellation`, `bad-debt`, `free-line`, `zero-price`, `discount`,
 *   `non-product`), `duplicate` and both outlier flags — for model development.
 * - `basket`: the same drops as `modeling` (outliers and anomalies filtered out for market-basket analysis); kept
 *   separate so it can be tuned alone.
 * - `customers`: identified customers only — drops `anonymous`, every anomaly and `duplicate`; keeps outliers
 *   (a wholesale-size order is a real trait of a customer).
 *
 * @example
 * Object.keys(VIEW_DROPS) // ['revenue', 'modeling', 'basket', 'customers']
 * VIEW_DROPS.revenue // ['duplicate', 'bad-debt']
 */
export const VIEW_DROPS: Readonly<Record<ViewName, readonly FlagRuleId[]>> = Object.freeze({
  revenue: ['duplicate', 'bad-debt'],
  modeling: [...ANOMALIES, 'duplicate', 'quantity-outlier', 'price-outlier'],
  basket: [...ANOMALIES, 'duplicate', 'quantity-outlier', 'price-outlier'],
  customers: ['anonymous', ...ANOMALIES, 'duplicate'],
});

/** The view names, in `VIEW_DROPS` order. */
export const VIEW_NAMES = Object.keys(VIEW_DROPS) as ViewName[];

/**
 * A purpose view of a frame cleaned by `clean`: the rows where none of the view's flags is set, in order, with
 * every column. `view` is a name from `VIEW_DROPS` or an explicit list of flag rule ids.
 *
 * O(rows × (drops + columns)); string dictionaries are shared with `frame`.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown view name or flag id, or a frame without the flag
 *   columns (one not returned by `clean`).
 * @example
 * const { frame, views } = clean(raw);
 * purposeView(frame, 'customers').length === views.customers.length // true
 * purposeView(frame, ['cancellation']).length // the cleaned rows that are not cancellations
 */
export function purposeView(frame: Frame, view: ViewName | readonly FlagRuleId[]): Frame {
  const drops = resolveDrops('purposeView', view);
  const mask = new Uint8Array(frame.length).fill(1);
  for (const id of drops) {
    const col = frame.columns[FLAG_COLUMNS[id]] as BooleanColumn | undefined;
    if (col?.type !== 'boolean')
      throw invalidArgument(
        'purposeView',
        'frame',
        Object.keys(frame.columns),
        `a frame with flag column "${FLAG_COLUMNS[id]}"`,
        'Pass the frame returned by clean().',
      );
    const d = col.data;
    for (let i = 0; i < mask.length; i++) if (d[i]) mask[i] = 0;
  }
  return take(frame, maskToIndices(mask));
}

/** Validate a view name or flag list. */
export function resolveDrops(fn: string, view: ViewName | readonly FlagRuleId[]): readonly FlagRuleId[] {
  if (typeof view === 'string') {
    if (!Object.hasOwn(VIEW_DROPS, view))
      throw invalidArgument(fn, 'view', view, VIEW_NAMES.map((v) => `"${v}"`).join(' | '));
    return VIEW_DROPS[view];
  }
  if (!Array.isArray(view)) throw invalidArgument(fn, 'view', view, 'a view name or an array of flag rule ids');
  for (const id of view)
    if (!(FLAG_RULE_IDS as readonly string[]).includes(id))
      throw invalidArgument(fn, 'view flag', id, FLAG_RULE_IDS.map((v) => `"${v}"`).join(' | '));
  return view;
}
