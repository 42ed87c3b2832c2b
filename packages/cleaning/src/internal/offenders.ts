import type { BooleanColumn, Frame, NumberColumn, StringColumn } from '@retailkit/core';
import type { Offender } from '../quality-report.js';

/** Top `topN` values by count (ties → smaller dictionary code, i.e. first seen). */
function top(
  values: readonly string[],
  counts: Int32Array,
  sums: Float64Array,
  topN: number,
  missing?: number,
): Offender[] {
  const idx: number[] = [];
  for (let c = 0; c < counts.length; c++) if (counts[c] > 0) idx.push(c);
  idx.sort((a, b) => counts[b] - counts[a] || a - b);
  const out: Offender[] = idx.slice(0, topN).map((c) => ({ value: values[c], rows: counts[c], revenue: sums[c] }));
  if (missing !== undefined && missing > 0) {
    out.push({ value: '(missing)', rows: missing, revenue: Number.NaN });
    out.sort((a, b) => b.rows - a.rows);
    out.length = Math.min(out.length, topN);
  }
  return out;
}

/** Top offenders of a cleaned frame and its quarantine (see `QualityReport.topOffenders`). O(rows). */
export function topOffenders(args: {
  frame: Frame;
  quarantine: Frame;
  topN: number;
  /** 0 where the row has a problem flag (cancellation, bad-debt, free-line, zero-price, duplicate, outliers). */
  problem: Uint8Array;
}): {
  stockCodes: Offender[];
  customers: Offender[];
  quarantineCountries: Offender[];
} {
  const { frame, quarantine, topN, problem } = args;
  const n = frame.length;
  const stock = frame.columns.stockCode as StringColumn;
  const cust = frame.columns.customerId as StringColumn;
  const rev = (frame.columns.revenue as NumberColumn).data;
  const cancel = (frame.columns.isCancellation as BooleanColumn).data;
  const anon = (frame.columns.isAnonymous as BooleanColumn).data;
  const sCount = new Int32Array(stock.values.length);
  const sSum = new Float64Array(stock.values.length);
  const cCount = new Int32Array(cust.values.length);
  const cSum = new Float64Array(cust.values.length);
  for (let i = 0; i < n; i++) {
    const s = stock.codes[i];
    if (problem[i] === 0 && s >= 0) {
      sCount[s]++;
      sSum[s] += rev[i];
    }
    const c = cust.codes[i];
    if (cancel[i] && !anon[i] && c >= 0) {
      cCount[c]++;
      cSum[c] += rev[i];
    }
  }
  const country = quarantine.columns.country as StringColumn;
  const qCount = new Int32Array(country.values.length);
  const qSum = new Float64Array(country.values.length);
  let qMissing = 0;
  const qq = (quarantine.columns.quantity as NumberColumn).data;
  const qp = (quarantine.columns.unitPrice as NumberColumn).data;
  for (let i = 0; i < quarantine.length; i++) {
    const c = country.codes[i];
    if (c < 0) qMissing++;
    else {
      qCount[c]++;
      const r = qq[i] * qp[i];
      if (Number.isFinite(r)) qSum[c] += r;
    }
  }
  return {
    stockCodes: top(stock.values, sCount, sSum, topN),
    customers: top(cust.values, cCount, cSum, topN),
    quarantineCountries: top(country.values, qCount, qSum, topN, qMissing),
  };
}
