import { type Column, compareKeys, type Frame, numberColumn, numbers, stringColumn, strings } from '@retailkit/core';
import { quintileScores, rfmSegment } from '../rfm-scores.js';
import { FEATURE_DEFINITIONS } from './feature-definitions.js';

const NUMERIC_FEATURE_COLUMNS = FEATURE_DEFINITIONS.map((d) => d.name);

/**
 * The RFM score columns of a feature table from its recency, frequency and monetary columns (customers in id
 * order): `rScore`, `fScore`, `mScore` (quintiles, recency reversed), `rfmScore` and `rfmSegment`.
 */
export function rfmScoreColumns(
  recency: Float64Array,
  frequency: Float64Array,
  monetary: Float64Array,
): Record<string, Column> {
  const r = quintileScores(recency, { ascending: false });
  const fs = quintileScores(frequency);
  const m = quintileScores(monetary);
  return {
    rScore: numberColumn(Float64Array.from(r)),
    fScore: numberColumn(Float64Array.from(fs)),
    mScore: numberColumn(Float64Array.from(m)),
    rfmScore: stringColumn(Array.from(r, (v, i) => `${v}${fs[i]}${m[i]}`)),
    rfmSegment: stringColumn(Array.from(r, (v, i) => rfmSegment(v, fs[i]))),
  };
}

/**
 * `customerFeatures`' table from a warehouse's `customerFeaturesSql` rows: customers in `customerFeatures`' order
 * (`compareKeys`: numeric ids numerically), every numeric feature as a number column, and the RFM score columns,
 * which rank customers against each other, computed here as `customerFeatures` computes them.
 *
 * @throws RetailKitError `MISSING_COLUMN` for a missing `customerId` or feature column.
 */
export function featureTableOf(fn: string, features: Frame): Frame {
  const ids = strings(features, 'customerId', fn);
  const cols = NUMERIC_FEATURE_COLUMNS.map((n) => numbers(features, n, fn));
  const idOf = (i: number) => (ids.codes[i] < 0 ? '' : ids.values[ids.codes[i]]);
  const order = Array.from({ length: features.length }, (_, i) => i).sort((a, b) => compareKeys(idOf(a), idOf(b)));
  const out: Record<string, Column> = { customerId: stringColumn(order.map(idOf)) };
  const sorted: Record<string, Float64Array> = {};
  NUMERIC_FEATURE_COLUMNS.forEach((n, j) => {
    sorted[n] = Float64Array.from(order, (i) => cols[j][i]);
    out[n] = numberColumn(sorted[n]);
  });
  Object.assign(out, rfmScoreColumns(sorted.recency, sorted.frequency, sorted.monetary));
  return { length: features.length, columns: out };
}
