import { type JsonSchema, type ModelArtifact, sealArtifact } from '@retailkit/core';
import { type CustomerValueParams, VALUE_INPUTS } from './customer-value-score.js';
import { TRANSACTIONS_SCHEMA } from './transaction-input.js';

/** The artifact kind of a customer-value model. */
export const CUSTOMER_VALUE_KIND = 'rfm.customer-value';

const text = (maxLength: number, description?: string): JsonSchema =>
  description === undefined ? { type: 'string', maxLength } : { type: 'string', maxLength, description };
const interval: JsonSchema = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 };

/** The JSON Schemas of a customer-value model's input and output (bounded: sizes and lengths capped). */
export function customerValueSchemas(): { input: JsonSchema; output: JsonSchema } {
  const input: JsonSchema = {
    type: 'object',
    description: "One customer: the purchase summary before asOf (see VALUE_INPUTS) or the customer's transactions.",
    properties: {
      features: {
        type: 'object',
        properties: Object.fromEntries(VALUE_INPUTS.map((f) => [f, { type: 'number', minimum: 0 } as JsonSchema])),
        required: [...VALUE_INPUTS],
        additionalProperties: false,
      },
      transactions: TRANSACTIONS_SCHEMA,
      asOf: text(32, 'YYYY-MM-DD; default: the training asOf'),
    },
    oneOf: [{ required: ['features'] }, { required: ['transactions'] }],
    additionalProperties: false,
  };
  const output: JsonSchema = {
    type: 'object',
    properties: {
      pChurn: { type: 'number', minimum: 0, maximum: 1 },
      expectedPurchases: { type: 'number', minimum: 0 },
      purchasesInterval: interval,
      expectedRevenue: { type: 'number' },
      revenueInterval: interval,
      clv: { type: 'number' },
      model: text(16),
    },
    required: [
      'pChurn',
      'expectedPurchases',
      'purchasesInterval',
      'expectedRevenue',
      'revenueInterval',
      'clv',
      'model',
    ],
    additionalProperties: false,
  };
  return { input, output };
}

/** Seal customer-value parameters into a versioned artifact (name `customer-value`; `createdAt` from the caller). */
export function sealCustomerValue(
  params: CustomerValueParams,
  meta: { createdAt: string; trainingFingerprint: string },
): ModelArtifact<CustomerValueParams> {
  const { input, output } = customerValueSchemas();
  return sealArtifact<CustomerValueParams>({
    kind: CUSTOMER_VALUE_KIND,
    name: 'customer-value',
    version: meta.createdAt,
    createdAt: meta.createdAt,
    trainingFingerprint: meta.trainingFingerprint,
    inputSchema: input,
    outputSchema: output,
    params,
  });
}
