import { dictionaryTest } from './frames.js';
import type { RuleSql } from './rule-sql.js';
import { flagOf, memo, type Table, working } from './table.js';

/** Blank after trimming (the empty string included). */
export const isBlank = (v: string): boolean => v.trim() === '';
/** `isBlank` in SQL (JavaScript's trim whitespace; NULL stays NULL). */
export const blankSql = (c: RuleSql, expr: string): string => `${c.f.trim(expr)} = ''`;

/** First character after trimming is `letter`, in either case. */
const startsWith = (letter: string) => {
  const lower = letter.toLowerCase();
  return (v: string): boolean => {
    const h = v.trim()[0];
    return h === letter || h === lower;
  };
};

/** `startsWith(letter)` in SQL: the trimmed text's first character is the letter in either case. */
const startsWithSql = (c: RuleSql, expr: string, letter: string): string =>
  `SUBSTR(${c.f.trim(expr)}, 1, 1) IN (${c.f.literal(letter)}, ${c.f.literal(letter.toLowerCase())})`;

/** Invoice numbers that start with C (cancellations), per dictionary value of the input invoiceNo. */
export const cancellationInvoices = (t: Table): Uint8Array =>
  memo(t, 'invoice:C', () => dictionaryTest(t.canonical.invoiceNo.values, startsWith('C')));
/** `cancellationInvoices` in SQL, over the invoice number as read. */
export const cancellationSql = (c: RuleSql): string => startsWithSql(c, c.raw.invoiceNo, 'C');

/** Invoice numbers that start with A (adjustments), per dictionary value. */
export const adjustmentInvoices = (t: Table): Uint8Array =>
  memo(t, 'invoice:A', () => dictionaryTest(t.canonical.invoiceNo.values, startsWith('A')));
/** `adjustmentInvoices` in SQL. */
export const adjustmentSql = (c: RuleSql): string => startsWithSql(c, c.raw.invoiceNo, 'A');

/** Blank customer ids, per dictionary value of the input customerId (missing ids have code -1). */
export const blankCustomers = (t: Table): Uint8Array =>
  memo(t, 'customer:blank', () => dictionaryTest(t.canonical.customerId.values, isBlank));
/** Missing or blank customer id as read, in SQL (the rows `blankCustomers` and a missing code mark). */
export const anonymousSql = (c: RuleSql): string => `(${c.raw.customerId} IS NULL OR ${blankSql(c, c.raw.customerId)})`;

/** Upper-cased stock codes equal (after trimming) to `code`, per dictionary value of the working stockCode. */
export const stockCodeIs = (t: Table, code: string): Uint8Array =>
  memo(t, `stock:${code}`, () => dictionaryTest(working(t, 'stockCode').values, (v) => v.trim() === code));
/** `stockCodeIs` in SQL, over the working stock code. */
export const stockCodeIsSql = (c: RuleSql, code: string): string =>
  `${c.f.trim(c.col.stockCode)} = ${c.f.literal(code)}`;

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
/** `saleLines` in SQL, over rows already trusted (the views after the quarantine). */
export const saleLinesSql = (c: RuleSql): string =>
  `NOT ${c.flag('cancellation')} AND NOT ${c.flag('bad-debt')} AND NOT ${c.flag('non-product')} AND NOT ${c.flag('discount')} AND ${c.col.quantity} > 0 AND ${c.col.unitPrice} > 0`;
