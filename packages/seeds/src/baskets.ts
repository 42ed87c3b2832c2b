import { type Frame, invalidArgument } from '@retailkit/core';
import { type FixtureOptions, linesToFrame, type TransactionLine } from './transactions.js';

/**
 * A transaction Frame from a list of baskets, for tests of basket analysis: basket `i` becomes invoice
 * `String(536365 + i)` with one line per stock code (quantity 1), on `2011-12-01`, `i` minutes after 12:00. Other
 * fields take the defaults of `transactions`, overridable with `options.defaults` (`invoiceNo`, `stockCode` and
 * `invoiceDate` are set per line and not overridable). Codes are kept as given: a code listed twice gives two lines.
 * O(total codes).
 *
 * @throws RetailKitError `INVALID_ARGUMENT` when `list` is not an array of non-empty arrays of non-empty strings
 *   (an empty basket would silently vanish from every basket count), or a default is of the wrong type.
 * @example
 * const f = baskets([['TEA', 'CUPS'], ['TEA'], ['JAM', 'BREAD', 'TEA']]);
 * f.length // 6
 * f.columns.invoiceNo.values // ['536365', '536366', '536367']
 * f.columns.stockCode.values // ['TEA', 'CUPS', 'JAM', 'BREAD']
 */
export function baskets(list: readonly (readonly string[])[], options: FixtureOptions = {}): Frame {
  if (!Array.isArray(list))
    throw invalidArgument('baskets', 'list', list, 'an array of baskets (arrays of stock codes)');
  const start = Date.UTC(2011, 11, 1, 12, 0);
  const lines: Partial<TransactionLine>[] = [];
  list.forEach((basket, i) => {
    if (!Array.isArray(basket) || basket.length === 0)
      throw invalidArgument('baskets', `list[${i}]`, basket, 'a non-empty array of stock codes', 'Drop empty baskets.');
    basket.forEach((code, j) => {
      if (typeof code !== 'string' || code === '')
        throw invalidArgument('baskets', `list[${i}][${j}]`, code, 'a non-empty string (a stock code)');
      lines.push({ invoiceNo: String(536365 + i), stockCode: code, invoiceDate: start + i * 60_000 });
    });
  });
  const defaults = { ...(options.defaults ?? {}) };
  delete defaults.invoiceNo;
  delete defaults.stockCode;
  delete defaults.invoiceDate;
  return linesToFrame('baskets', lines, { defaults }, (k) => `line ${k}`);
}
