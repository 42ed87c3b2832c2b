import { type JsonSchema, type ModelArtifact, type Predictor, sealArtifact, verifyArtifact } from '@retailkit/core';

/** Parameters of the test's nearest-centroid segmenter (a stand-in for rfm's, with the same input shape). */
export interface CentroidParams {
  features: string[];
  centroids: number[][];
  labels: string[];
}

export const CENTROID_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    recency: { type: 'number', minimum: 0, description: 'days since last purchase' },
    frequency: { type: 'integer', minimum: 1 },
    monetary: { type: 'number' },
  },
  required: ['recency', 'frequency', 'monetary'],
  additionalProperties: false,
};

export const CENTROID_OUTPUT: JsonSchema = {
  type: 'object',
  properties: { segment: { type: 'string' }, cluster: { type: 'integer' } },
  required: ['segment', 'cluster'],
  additionalProperties: false,
};

export function centroidArtifact(
  overrides: Partial<Omit<ModelArtifact<CentroidParams>, 'checksum' | 'schemaVersion'>> = {},
): ModelArtifact<CentroidParams> {
  return sealArtifact<CentroidParams>({
    kind: 'test.centroid',
    name: 'segments',
    version: '2011-12-10',
    createdAt: '2011-12-10T00:00:00.000Z',
    trainingFingerprint: 'sha256:00ff',
    inputSchema: CENTROID_INPUT,
    outputSchema: CENTROID_OUTPUT,
    params: {
      features: ['recency', 'frequency', 'monetary'],
      centroids: [
        [10, 10, 1000],
        [200, 1, 50],
      ],
      labels: ['champions', 'lost'],
    },
    reference: {
      recency: Array.from({ length: 200 }, (_, i) => i),
      frequency: Array.from({ length: 200 }, (_, i) => 1 + (i % 20)),
      monetary: Array.from({ length: 200 }, (_, i) => 10 * i),
    },
    ...overrides,
  });
}

/** Loader for `test.centroid`: data in, plain function out; nothing from the artifact is evaluated. */
export function centroidLoader(
  a: ModelArtifact,
): Predictor<Record<string, number>, { segment: string; cluster: number }> {
  const artifact = verifyArtifact<CentroidParams>(a, 'test.centroid');
  const { features, centroids, labels } = artifact.params;
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    reference: artifact.reference,
    predict(input) {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      for (let c = 0; c < centroids.length; c++) {
        let d = 0;
        for (let j = 0; j < features.length; j++) {
          const x = input[features[j]] - centroids[c][j];
          d += x * x;
        }
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      return { segment: labels[best], cluster: best };
    },
    toJSON: () => artifact,
  };
}
