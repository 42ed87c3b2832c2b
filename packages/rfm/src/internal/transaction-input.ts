import { type Frame, fromRows, type JsonSchema, parseIsoDate, TRANSACTION_SCHEMA } from '@retailkit/core';

/** Most transactions one prediction takes (one customer's history; the largest in Online Retail has about 8,000). */
export const MAX_TRANSACTIONS = 10_000;

const text = (maxLength: number, description?: string): JsonSchema =>
  description === undefined ? { type: 'string', maxLength } : { type: 'string', maxLength, description };

/** The input schema of a predictor's `transactions` (bounded: lines and string lengths capped). */
export const TRANSACTIONS_SCHEMA: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_TRANSACTIONS,
  items: {
    type: 'object',
    properties: {
      invoiceNo: text(64),
      stockCode: text(64),
      quantity: { type: 'number' },
      invoiceDate: text(32, 'YYYY-MM-DD HH:MM:SS wall-clock'),
      unitPrice: { type: 'number' },
    },
    required: ['invoiceNo', 'stockCode', 'quantity', 'invoiceDate', 'unitPrice'],
    additionalProperties: false,
  },
};

/** One line of a predictor's `transactions` input (the fields a customer's features are computed from). */
export interface TransactionInputLine {
  invoiceNo: string;
  stockCode: string;
  quantity: number;
  invoiceDate: string;
  unitPrice: number;
}

/**
 * One customer's `transactions` (as a predictor receives them) as a transaction Frame (customer id `customer`);
 * `bad(message, value)` builds the predictor's own error for a line whose `invoiceDate` does not parse.
 */
export function transactionFrame(
  lines: readonly TransactionInputLine[],
  bad: (message: string, value: unknown) => Error,
): Frame {
  const rows = lines.map((t, i) => {
    const ms = parseIsoDate(String(t.invoiceDate));
    if (!Number.isFinite(ms)) throw bad(`transactions[${i}].invoiceDate must be YYYY-MM-DD[ HH:MM:SS]`, t.invoiceDate);
    return {
      invoiceNo: String(t.invoiceNo),
      stockCode: String(t.stockCode),
      description: null,
      quantity: Number(t.quantity),
      invoiceDate: ms,
      unitPrice: Number(t.unitPrice),
      customerId: 'customer',
      country: null,
    };
  });
  return fromRows(rows, TRANSACTION_SCHEMA);
}
