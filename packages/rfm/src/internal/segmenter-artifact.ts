import { type JsonSchema, type ModelArtifact, sealArtifact } from '@retailkit/core';
import type { SegmenterParams } from '../segmenter.js';
import { TRANSACTIONS_SCHEMA } from './transaction-input.js';

/** The artifact kind of a segmenter. */
export const SEGMENTER_KIND = 'rfm.segmenter';

/** The JSON Schemas of a segmenter's input and output. */
function segmenterSchemas(params: Pick<SegmenterParams, 'inputFeatures'>): {
  input: JsonSchema;
  output: JsonSchema;
} {
  const featureProps: Record<string, JsonSchema> = Object.fromEntries(
    params.inputFeatures.map((f) => [f, { type: 'number' } as JsonSchema]),
  );
  const text = (maxLength: number, description?: string): JsonSchema =>
    description === undefined ? { type: 'string', maxLength } : { type: 'string', maxLength, description };
  const input: JsonSchema = {
    type: 'object',
    description: 'One customer: raw features (unscaled) or their transactions.',
    properties: {
      features: {
        type: 'object',
        properties: featureProps,
        required: [...params.inputFeatures],
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
      segment: { type: 'integer' },
      name: { type: 'string' },
      distance: { type: 'number' },
      outlier: { type: 'boolean' },
      path: { type: 'array', items: { type: 'object' } },
      rule: { type: 'string' },
      treeSegment: { type: 'integer' },
      treeConfidence: { type: 'number' },
      churnProbability: { type: ['number', 'null'] },
      expectedPurchases: { type: ['number', 'null'] },
      features: { type: 'object' },
    },
    required: ['segment', 'name', 'distance', 'outlier', 'path', 'rule', 'churnProbability'],
  };
  return { input, output };
}

/**
 * Seal segmenter parameters into a versioned artifact (`kind: 'rfm.segmenter'`, name `segments`).
 * `createdAt` comes from the caller (never the clock) and is also the version.
 */
export function sealSegmenter(
  params: SegmenterParams,
  meta: { createdAt: string; trainingFingerprint: string; reference?: Record<string, number[]> },
): ModelArtifact<SegmenterParams> {
  const { input, output } = segmenterSchemas(params);
  return sealArtifact<SegmenterParams>({
    kind: SEGMENTER_KIND,
    name: 'segments',
    version: meta.createdAt,
    createdAt: meta.createdAt,
    trainingFingerprint: meta.trainingFingerprint,
    inputSchema: input,
    outputSchema: output,
    params,
    reference: meta.reference,
  });
}
