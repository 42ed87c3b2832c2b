import type { JsonSchema } from '@retailkit/core';

const RULE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['antecedents', 'consequents', 'support', 'confidence', 'lift'],
  additionalProperties: false,
  properties: {
    antecedents: { type: 'array', items: { type: 'string' } },
    consequents: { type: 'array', items: { type: 'string' } },
    support: { type: 'number', minimum: 0, maximum: 1 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    lift: { type: 'number', minimum: 0 },
  },
};

/**
 * JSON Schema of one request: `cart` is required; unknown fields are refused; every array and string is bounded
 * (at most 1,000 items in a cart, labels of at most 256 characters), so a request's cost is bounded before it runs.
 */
export const RECOMMENDER_INPUT_SCHEMA: JsonSchema = {
  type: 'object',
  title: 'Basket recommendation request',
  required: ['cart'],
  additionalProperties: false,
  properties: {
    cart: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      maxItems: 1000,
      description: 'Items already in the basket (same labels as the training items: stock codes or descriptions).',
      examples: [['22423', '85123A']],
    },
    k: { type: 'integer', minimum: 1, maximum: 100, description: 'Number of items to return.' },
    by: { type: 'string', enum: ['confidence', 'lift'], description: 'Ranking metric.' },
  },
};

/** JSON Schema of one answer. */
export const RECOMMENDER_OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['item', 'score', 'confidence', 'lift', 'support', 'rules'],
        additionalProperties: false,
        properties: {
          item: { type: 'string' },
          score: { type: 'number' },
          confidence: { type: 'number' },
          lift: { type: 'number' },
          support: { type: 'number' },
          rules: { type: 'array', items: RULE_SCHEMA },
        },
      },
    },
  },
};
