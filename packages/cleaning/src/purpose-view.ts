import { type BooleanColumn, type Frame, invalidArgument } from '@retailkit/core';
import { gather } from './internal/frames.js';
import { FLAG_COLUMNS, FLAG_RULE_IDS, type FlagRuleId } from './rules.js';

/** The named purpose views. */
export const VIEW_NAMES = ['revenue', 'modeling', 'basket', 'customers'] as const;
/** A purpose view name. */
export type ViewName = (typeof VIEW_NAMES)[number];

const ANOMALIES: readonly FlagRuleId[] = [
  'cancellation',
  'bad-debt',
  'free-line',
  'zero-price',
  'discount',
  'non-product',
];

/**
 * Which flags each view drops (a row is dropped when ANY listed flag is true). Every view starts from the cleaned
 * frame, which never holds quarantined rows.
 *
 * - `revenue`: drops `duplicate`, `bad-debt` only — cancellations, discounts, postage, fees and outliers stay, so
 *   its revenue is net sales as booked (outliers are real money).
 * - `modeling`: drops every anomaly (`cancellation`, `bad-debt`, `free-line`, `zero-price`, `discount`,
 *   `non-product`), `duplicate` and both outlier flags — for model development.
 * - `basket`: the same drops as `modeling` (outliers and anomalies filtered out for market-basket analysis); kept
 *   separate so it can be tuned alone with the `views` option.
 * - `customers`: identified customers only — drops `anonymous`, every anomaly and `duplicate`; keeps outliers
 *   (a wholesale-size order is a real trait of a customer).
 */
export const VIEW_DROPS: Readonly<Record<ViewName, readonly FlagRuleId[]>> = {
  revenue: ['duplicate', 'bad-debt'],
  modeling: [...ANOMALIES, 'duplicate', 'quantity-outlier', 'price-outlier'],
  basket: [...ANOMALIES, 'duplicate', 'quantity-outlier', 'price-outlier'],
  customers: ['anonymous', ...ANOMALIES, 'duplicate'],
};

/** Keep mask of a view over a flagged frame: 1 where no dropped flag is set. */
export function viewMask(frame: Frame, drops: readonly FlagRuleId[]): Uint8Array {
  const mask = new Uint8Array(frame.length).fill(1);
  for (const id of drops) {
    const col = frame.columns[FLAG_COLUMNS[id]] as BooleanColumn | undefined;
    if (!col) continue;
    const d = col.data;
    for (let i = 0; i < mask.length; i++) if (d[i]) mask[i] = 0;
  }
  return mask;
}

/**
 * A purpose view of a frame cleaned by `clean`: the rows where none of the view's flags is set, in order, with
 * every column. `view` is a name from `VIEW_DROPS` or an explicit list of flag rule ids.
 *
 * O(rows × (drops + columns)).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown view name or flag id, or a frame without flag columns.
 * @example
 * const { frame } = clean(raw);
 * purposeView(frame, 'customers').length // rows of identified customers, no anomalies, no duplicates
 */
export function purposeView(frame: Frame, view: ViewName | readonly FlagRuleId[]): Frame {
  const drops = resolveDrops('purposeView', view);
  for (const id of drops)
    if (!frame.columns[FLAG_COLUMNS[id]])
      throw invalidArgument(
        'purposeView',
        'frame',
        Object.keys(frame.columns),
        `a frame with flag column "${FLAG_COLUMNS[id]}"`,
        'Pass the frame returned by clean().',
      );
  const mask = viewMask(frame, drops);
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const idx = new Int32Array(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) idx[j++] = i;
  return gather(frame, idx);
}

/** Validate a view name or flag list. */
export function resolveDrops(fn: string, view: ViewName | readonly FlagRuleId[]): readonly FlagRuleId[] {
  if (typeof view === 'string') {
    if (!(VIEW_NAMES as readonly string[]).includes(view))
      throw invalidArgument(fn, 'view', view, VIEW_NAMES.map((v) => `"${v}"`).join(' | '));
    return VIEW_DROPS[view];
  }
  if (!Array.isArray(view)) throw invalidArgument(fn, 'view', view, 'a view name or an array of flag rule ids');
  for (const id of view)
    if (!(FLAG_RULE_IDS as readonly string[]).includes(id))
      throw invalidArgument(fn, 'view flag', id, FLAG_RULE_IDS.map((v) => `"${v}"`).join(' | '));
  return view;
}
