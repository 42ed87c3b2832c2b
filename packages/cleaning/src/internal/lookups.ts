import { dictionaryTest } from './frames.js';
import { flagOf, memo, type Table, working } from './table.js';

/** Blank after trimming (the empty string included). */
export const isBlank = (v: string): boolean => v.trim() === '';

/** First character after trimming is `letter`, in either case. */
const startsWith = (letter: string) => {
  const lower = letter.toLowerCase();
  return (v: string): boolean => {
    const h = v.trim()[0];
    return h === letter || h === lower;
  };
};

/** Invoice numbers that start with C (cancellations), per dictionary value of the input invoiceNo. */
export const cancellationInvoices = (t: Table): Uint8Array =>
  memo(t, 'invoice:C', () => dictionaryTest(t.canonical.invoiceNo.values, startsWith('C')));

/** Invoice numbers that start with A (adjustments), per dictionary value. */
export const adjustmentInvoices = (t: Table): Uint8Array =>
  memo(t, 'invoice:A', () => dictionaryTest(t.canonical.invoiceNo.values, startsWith('A')));

/** Blank customer ids, per dictionary value of the input customerId (missing ids have code -1). */
export const blankCustomers = (t: Table): Uint8Array =>
  memo(t, 'customer:blank', () => dictionaryTest(t.canonical.customerId.values, isBlank));

/** Upper-cased stock codes equal (after trimming) to `code`, per dictionary value of the working stockCode. */
export const stockCodeIs = (t: Table, code: string): Uint8Array =>
  memo(t, `stock:${code}`, () => dictionaryTest(working(t, 'stockCode').values, (v) => v.trim() === code));

/**
 * Sale lines, the population of the outlier fences: trusted, not a cancellation, bad debt, non-product or
 * discount line, quantity > 0 and unitPrice > 0.
 */
export const saleLines = (t: Table): Uint8Array =>
  memo(t, 'sale', () => {
    const cancel = flagOf(t, 'cancellation');
    const debt = flagOf(t, 'bad-debt');
    const np = flagOf(t, 'non-product');
    const disc = flagOf(t, 'discount');
    const { quantity: q, unitPrice: p } = t.canonical;
    const reason = t.reason;
    const sale = new Uint8Array(t.n);
    for (let i = 0; i < sale.length; i++)
      sale[i] = reason[i] === 0 && (cancel[i] | debt[i] | np[i] | disc[i]) === 0 && q[i] > 0 && p[i] > 0 ? 1 : 0;
    return sale;
  });
