import type { SeedManifest } from '../seed-manifest.js';
import type { SeedOptions } from '../seed-options.js';
import { BUNDLES } from './catalog.js';
import { sha256, toCsv } from './csv.js';
import { generateRows, PLANTED_PARAMETERS } from './generator.js';
import { computeManifest } from './manifest.js';
import { resolveOptions } from './options.js';

/** Validate, generate the rows, write the CSV text and count the manifest; `fn` names the public entry in errors. */
export function generateSeed(
  fn: string,
  options: SeedOptions,
): { header: string[]; rows: string[][]; csv: string; manifest: SeedManifest } {
  const o = resolveOptions(fn, options);
  const { header, rows, archetypeOf, priceElasticity } = generateRows(o, fn);
  const csv = toCsv(header, rows);
  const manifest = computeManifest(header, rows, {
    seed: o.seed,
    rowsRequested: o.rows,
    archetypeOf,
    bundles: BUNDLES,
    parameters: PLANTED_PARAMETERS,
    priceElasticity,
    csvSha256: sha256(csv),
  });
  return { header, rows, csv, manifest };
}
