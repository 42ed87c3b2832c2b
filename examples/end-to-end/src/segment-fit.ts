import { type Frame, isRetailKitError, type ModelArtifact } from '@retailkit/core';
import {
  type CustomerTables,
  type CustomerValueFitReport,
  fitCustomerValue,
  fitSegmenter,
  type SegmentsReport,
} from '@retailkit/rfm';

/** The default preset's fits as plain data (what a worker posts back): the segmenter's, and the value model's. */
export interface SegmentFit {
  report: SegmentsReport;
  artifact: ModelArtifact;
  /** Absent when the data cannot train the value model (a coded refusal). */
  value?: { report: CustomerValueFitReport; artifact: ModelArtifact };
}

/**
 * The default preset's fits on `input` (the revenue view's lines, or the per-customer tables computed in an
 * engine, which give the same fits): the customer-value model at the data's end (`fitCustomerValue`: the blend of
 * GBT and BG/NBD that `retailkit churn` evaluates, fitted without the evaluation over cut-offs), then
 * `fitSegmenter`, whose clusters' churn risk and CLV come from it (or from BG/NBD + Gamma-Gamma when the data is too
 * short to train it).
 */
export function fitSegments(input: Frame | CustomerTables, seed: number, asOf?: number): SegmentFit {
  const fit = fitValue(input, seed, asOf);
  const value = fit && { report: fit.report, artifact: fit.model.toJSON() };
  const { report, model } = fitSegmenter(input, { seed, asOf, values: customerValues(value) });
  return { report, artifact: model.toJSON(), value };
}

/** The customer-value model at the data's end, or undefined when the data cannot train it (a coded refusal). */
function fitValue(input: Parameters<typeof fitCustomerValue>[0], seed: number, asOf: number | undefined) {
  try {
    return fitCustomerValue(input, { seed, asOf });
  } catch (e) {
    if (isRetailKitError(e)) return undefined;
    throw e;
  }
}

/** The per-customer scores `fitSegmenter` averages per cluster. */
function customerValues(value: SegmentFit['value']) {
  // its BG/NBD and Gamma-Gamma are the segmenter's too (same frame, same asOf): passed so they are fitted once
  return (
    value && {
      model: `customer-value (${value.report.model})`,
      customers: value.report.customers,
      bgNbd: value.report.bgNbd,
      gammaGamma: value.report.gammaGamma,
      trainingFingerprint: value.artifact.trainingFingerprint,
    }
  );
}
