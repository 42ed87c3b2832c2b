/**
 * The serve bench's loaders module: the real rfm segmenter and forecast model, and the nearest-centroid stand-in
 * for the FastAPI peer's work. The bench's server names this module by URL, so its worker threads (heavy forecast
 * predictions) import it too.
 */
import type { ModelArtifact, Predictor, PredictorLoader } from '@retailkit/core';
import { forecasterLoader } from '@retailkit/forecast';
import { segmenterLoader } from '@retailkit/rfm';

export interface CentroidParams {
  inputFeatures: string[];
  features: string[];
  log: boolean[];
  center: number[];
  scale: number[];
  k: number;
  centroids: number[];
  names: string[];
}

/** The bench's nearest-centroid predictor: signed log, centre/scale, nearest of k centroids (flat, row-major). */
export function centroidFromJSON(json: unknown): Predictor {
  const artifact = json as ModelArtifact;
  const p = artifact.params as CentroidParams;
  const d = p.features.length;
  return {
    name: artifact.name,
    kind: artifact.kind,
    version: artifact.version,
    inputSchema: artifact.inputSchema,
    outputSchema: artifact.outputSchema,
    toJSON: () => artifact,
    predict(input) {
      const f = (input as { features: Record<string, number> }).features;
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      const v = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        let x = f[p.features[j]];
        if (p.log[j]) x = x < 0 ? -Math.log1p(-x) : Math.log1p(x);
        v[j] = (x - p.center[j]) / p.scale[j];
      }
      for (let c = 0; c < p.k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = v[j] - p.centroids[c * d + j];
          s += t * t;
        }
        if (s < bestD) {
          bestD = s;
          best = c;
        }
      }
      return { segment: best, name: p.names[best], distance: Math.sqrt(bestD) };
    },
  };
}

/** The bench's loaders. */
export const loaders: PredictorLoader[] = [
  segmenterLoader,
  forecasterLoader,
  { kind: 'bench.centroid', fromJSON: centroidFromJSON },
];
