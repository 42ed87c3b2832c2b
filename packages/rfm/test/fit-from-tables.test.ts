import { type Frame, select, take } from '@retailkit/core';
import { customerFeatures, fitCustomerValue, fitSegmenter } from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { NUMERIC_FEATURE_COLUMNS } from '../src/customer-features.js';
import { customerEvents } from '../src/internal/customer-events.js';
import { seedsAvailable, seedsFrame } from './fixtures/seeds.js';

/**
 * The fits on per-customer tables (what a warehouse's customerEventsSql and customerFeaturesSql return) against
 * the same fits on the lines: the oracle is the lines path, and the tables are made from the same lines, so every
 * output must be equal — the tables path reads nothing else.
 */

/** Rows in reverse order: a warehouse returns rows in its own order. */
const reversed = (f: Frame) =>
  take(
    f,
    Int32Array.from({ length: f.length }, (_, i) => f.length - 1 - i),
  );

describe.runIf(seedsAvailable)('fits from { events, features } equal fits from the lines (seeds)', () => {
  const lines = seedsFrame();
  const value = fitCustomerValue(lines, { seed: 3 });
  const asOf = value.report.asOf;
  const events = customerEvents(lines, { asOf });

  it('fitCustomerValue: the same report and artifact, rows in any order', () => {
    const fromTables = fitCustomerValue({ events: reversed(events) }, { seed: 3, asOf });
    expect(fromTables.report).toEqual(value.report);
    expect(fromTables.model.toJSON()).toEqual(value.model.toJSON());
  });

  it('fitSegmenter: the same report and artifact from shuffled features without the RFM score columns', () => {
    const values = {
      model: 'customer-value',
      customers: value.report.customers,
      bgNbd: value.report.bgNbd,
      gammaGamma: value.report.gammaGamma,
      trainingFingerprint: value.model.toJSON().trainingFingerprint,
    };
    const options = { seed: 42, kRange: [2, 6] as const, asOf, values };
    const want = fitSegmenter(lines, options);
    const features = reversed(select(customerFeatures(lines, { asOf }), ['customerId', ...NUMERIC_FEATURE_COLUMNS]));
    const got = fitSegmenter({ events: reversed(events), features }, options);
    expect(got.report).toEqual(want.report);
    expect(got.model.toJSON()).toEqual(want.model.toJSON());
  });

  it('fitSegmenter fits BG/NBD and Gamma-Gamma on the events as on the lines', () => {
    const options = { seed: 42, k: 3, asOf, candidates: 2, importanceRepeats: 1 };
    const want = fitSegmenter(lines, options);
    const got = fitSegmenter({ events, features: customerFeatures(lines, { asOf }) }, options);
    expect(got.report).toEqual(want.report);
    // the fingerprint (and so the checksum) hashes what the fit read: the lines, or the events
    const unsealed = (m: typeof got.model) => ({ ...m.toJSON(), trainingFingerprint: '', checksum: '' });
    expect(unsealed(got.model)).toEqual(unsealed(want.model));
  });

  it('fitSegmenter refuses tables without features, naming the fix', () => {
    expect(() => fitSegmenter({ events }, { asOf })).toThrow(/fitSegmenter.*input\.features.*customerFeaturesSql/s);
  });
});
