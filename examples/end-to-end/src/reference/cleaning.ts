/**
 * The original notebook's cleaning, replayed with `@retailkit/cleaning`'s public options (the CLI's
 * `--preset reference`).
 *
 * The notebook fills a missing Description with "No Description" and a missing CustomerID with 0, computes
 * Revenue, upper-cases StockCode, gives each code its most frequent Description (no whitespace trimming), then
 * removes rows in three steps, each computed on the rows the previous one left:
 * `free-lines` (quantity < 0 and unitPrice == 0), `quantity-iqr` (type-7 Q1/Q3, removes quantity >= Q3 + 1.5·IQR
 * or <= Q1 − 1.5·IQR) and `price-zscore` (population σ, keeps |z| < 3). Through `clean` the quarantine runs first
 * and the steps send their rows to the quarantine with the step id as reason; on the UCI file and the seeds the
 * quarantine is empty, so the counts are the notebook's (checked against pandas, see the example's README).
 */
import { type CleanOptions, type CleanResult, type CleanStep, clean, type QualityReport } from '@retailkit/cleaning';
import { type Frame, select, TRANSACTION_SCHEMA } from '@retailkit/core';

const FREE_LINES: CleanStep = { id: 'free-lines', drop: 'free-line' };
const QUANTITY_IQR: CleanStep = { id: 'quantity-iqr', drop: { column: 'quantity', method: 'iqr', factor: 1.5 } };
const PRICE_ZSCORE: CleanStep = { id: 'price-zscore', drop: { column: 'unitPrice', method: 'zscore', threshold: 3 } };

/** The notebook's three row-removing steps, in order. */
export const REFERENCE_STEPS: readonly CleanStep[] = [FREE_LINES, QUANTITY_IQR, PRICE_ZSCORE];

/**
 * The notebook's preparation as `clean` options: no trimming, anonymous customers "0", and no outlier flags
 * (the notebook removes outliers by its steps instead).
 */
export const REFERENCE_PREPARATION: CleanOptions = {
  trimDescriptions: false,
  anonymousCustomerId: '0',
  quantityOutlier: { method: 'none' },
  priceOutlier: { method: 'none' },
};

/** `quality.json` of the replay: the library's report plus the preset it came from. */
export type ReferenceQualityReport = QualityReport & { readonly preset: 'reference' };

/**
 * The notebook's cleaning: `clean` with the notebook's options and its three steps. In the report, the outlier
 * flags are the notebook's steps (it removed outliers instead of flagging them): `quantity-outlier` and
 * `price-outlier` count the rows their step removed (`details.removedByStep`), and `parameters.quantityOutlier`
 * / `priceOutlier` are the steps' fences.
 */
export function cleanReference(raw: Frame): CleanResult & { readonly report: ReferenceQualityReport } {
  const result = clean(raw, { ...REFERENCE_PREPARATION, steps: REFERENCE_STEPS });
  return { ...result, report: notebookReport(result.report) };
}

/**
 * The frame the notebook's forecast takes its refund and free quantities from: the same preparation and the
 * `quantity-iqr` and `price-zscore` steps, without `free-lines` (so the fences are fitted on other rows). Canonical
 * columns plus `revenue`.
 */
export function referenceNoFreeLines(raw: Frame): Frame {
  const { frame } = clean(raw, { ...REFERENCE_PREPARATION, steps: [QUANTITY_IQR, PRICE_ZSCORE] });
  return select(frame, [...Object.keys(TRANSACTION_SCHEMA), 'revenue']);
}

const STEP_OF_FLAG: Readonly<Record<string, { step: string; parameters: string }>> = {
  'quantity-outlier': { step: QUANTITY_IQR.id, parameters: 'quantityOutlier' },
  'price-outlier': { step: PRICE_ZSCORE.id, parameters: 'priceOutlier' },
};

function notebookReport(report: QualityReport): ReferenceQualityReport {
  const removed = report.quarantine.byReason;
  const rules = report.rules.map((r) => {
    const by = STEP_OF_FLAG[r.id];
    return by ? { ...r, count: removed[by.step], details: { removedByStep: by.step } } : r;
  });
  const parameters = { ...report.parameters };
  for (const { step, parameters: name } of Object.values(STEP_OF_FLAG)) {
    parameters[name] = parameters[step];
    delete parameters[step];
  }
  return {
    preset: 'reference',
    ...report,
    rules,
    ruleCounts: Object.fromEntries(rules.map((r) => [r.id, r.count])),
    parameters,
  };
}
