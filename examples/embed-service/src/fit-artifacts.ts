import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fitRecommender } from '@retailkit/basket';
import type { CleanResult } from '@retailkit/cleaning';
import { fitForecaster } from '@retailkit/forecast';
import { fitSegmenter } from '@retailkit/rfm';
import { fitCustomerValueArtifact } from './customer-value.js';
import { ARTIFACT_FILES } from './retailkit-routes.js';

/** Options of `fitArtifacts`. */
export interface FitArtifactsOptions {
  /** Cleaning's views of the transactions (`readSeedViews`). */
  readonly views: CleanResult['views'];
  /** Folder to write the artifacts to (created when missing). */
  readonly dir: string;
  /** Seed of the fits (default 42). */
  readonly seed?: number;
  /** Recommender's minimum support (default 0.01). */
  readonly minSupport?: number;
}

/**
 * Fit the four models the service loads, on cleaning's views of the transactions, as the end-to-end example
 * does: the recommender on the `basket` view, the segmenter and the customer-value model (BG/NBD + Gamma-Gamma,
 * at the segmenter's asOf) on the `revenue` view, the forecaster on the `modeling` view's daily quantity. Each
 * artifact is written atomically (temporary file, then rename), so a running service never reads half a file.
 * Resolves with the files written.
 */
export async function fitArtifacts(options: FitArtifactsOptions): Promise<string[]> {
  const seed = options.seed ?? 42;
  const { views } = options;
  const recommender = fitRecommender(views.basket, { minSupport: options.minSupport ?? 0.01 }).model.toJSON();
  const segments = fitSegmenter(views.revenue, { seed }).model.toJSON();
  const customerValue = fitCustomerValueArtifact(views.revenue, { asOf: segments.params.asOf });
  const forecast = fitForecaster(views.modeling, { seed }).model.toJSON();
  await mkdir(options.dir, { recursive: true });
  const out = {
    [ARTIFACT_FILES.recommender]: recommender,
    [ARTIFACT_FILES.segments]: segments,
    [ARTIFACT_FILES.customerValue]: customerValue,
    [ARTIFACT_FILES.forecast]: forecast,
  };
  for (const [file, artifact] of Object.entries(out)) {
    const tmp = join(options.dir, `.${file}.tmp`);
    await writeFile(tmp, JSON.stringify(artifact));
    await rename(tmp, join(options.dir, file));
  }
  return Object.keys(out);
}
