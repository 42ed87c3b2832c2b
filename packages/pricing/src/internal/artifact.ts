import { type JsonSchema, type ModelArtifact, sealArtifact } from '@retailkit/core';
import type { PricingParams } from '../pricing-model.js';

/** The artifact kind of a pricing model. */
export const PRICING_KIND = 'pricing.model';

/** Most candidate prices one prediction takes. */
export const MAX_PRICES = 200;

/** The JSON Schemas of a pricing model's input and output. */
export function pricingSchemas(): { input: JsonSchema; output: JsonSchema } {
  const num = { type: 'number' } as const;
  const orNull = { type: ['number', 'null'] } as const;
  const input: JsonSchema = {
    type: 'object',
    description: 'One product and one candidate price (`price`) or several (`prices`, for a what-if curve).',
    properties: {
      stockCode: { type: 'string', minLength: 1, maxLength: 64 },
      price: { type: 'number', exclusiveMinimum: 0 },
      prices: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_PRICES,
        items: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    required: ['stockCode'],
    oneOf: [{ required: ['price'] }, { required: ['prices'] }],
    additionalProperties: false,
  };
  const point: JsonSchema = {
    type: 'object',
    properties: {
      price: num,
      demand: orNull,
      demandLow: orNull,
      demandHigh: orNull,
      revenue: orNull,
      revenueLow: orNull,
      revenueHigh: orNull,
    },
    required: ['price', 'demand', 'demandLow', 'demandHigh', 'revenue', 'revenueLow', 'revenueHigh'],
  };
  const output: JsonSchema = {
    type: 'object',
    properties: {
      stockCode: { type: 'string' },
      identified: { type: 'boolean' },
      listPrice: num,
      baseDemand: num,
      elasticity: orNull,
      stdError: orNull,
      elasticityLow: orNull,
      elasticityHigh: orNull,
      level: num,
      points: { type: 'array', maxItems: MAX_PRICES, items: point },
    },
    required: ['stockCode', 'identified', 'listPrice', 'elasticity', 'stdError', 'points'],
  };
  return { input, output };
}

/** Seal pricing parameters into a versioned artifact (`kind: 'pricing.model'`); `createdAt` is also the version. */
export function sealPricing(
  params: PricingParams,
  meta: { name: string; createdAt: string; trainingFingerprint: string },
): ModelArtifact<PricingParams> {
  const { input, output } = pricingSchemas();
  return sealArtifact({
    kind: PRICING_KIND,
    name: meta.name,
    version: meta.createdAt,
    createdAt: meta.createdAt,
    trainingFingerprint: meta.trainingFingerprint,
    inputSchema: input,
    outputSchema: output,
    params,
  });
}
