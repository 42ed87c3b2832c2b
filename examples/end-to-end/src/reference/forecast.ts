/**
 * The original notebook's forecast, replayed from public library exports: its daily demand target and its forecast
 * run. Used by `retailkit forecast --preset reference`.
 */
import { type FitResult, type Frame, frame, numberColumn, numbers, strings, timestampColumn } from '@retailkit/core';
import { buildSeries, type Forecaster, type ForecastReport, fitForecaster, type SeriesData } from '@retailkit/forecast';

/**
 * The original's daily target as demand lines (`invoiceDate`, `quantity`), so that `buildSeries` sums them per day:
 * y(day) = all_qty + refund_qty + free_qty, where
 * - all_qty = Σ |quantity| over `cleaned` (the reference cleaning's output, anonymous customers kept);
 * - refund_qty = Σ quantity over the lines of `noFreeLines` with quantity < 0, unitPrice > 0 and description ≠
 *   "Discount";
 * - free_qty = Σ quantity over the lines of `noFreeLines` with quantity < 0 and unitPrice = 0;
 * `noFreeLines` being the reference preparation followed by the quantity IQR and price z-score fences, without the
 * free-lines step. The days are those of either part. The cleaned lines come first, in order, then the refund and
 * free lines, which is the order in which the original added them up.
 */
export function referenceDemandLines(cleaned: Frame, noFreeLines: Frame): Frame {
  const dates: number[] = Array.from(numbers(cleaned, 'invoiceDate'));
  const quantities: number[] = Array.from(numbers(cleaned, 'quantity'), Math.abs);
  const d = numbers(noFreeLines, 'invoiceDate');
  const q = numbers(noFreeLines, 'quantity');
  const p = numbers(noFreeLines, 'unitPrice');
  const desc = strings(noFreeLines, 'description');
  const discount = desc.values.indexOf('Discount');
  for (let i = 0; i < noFreeLines.length; i++) {
    if (!(q[i] < 0)) continue;
    const refund = p[i] > 0 && (discount < 0 || desc.codes[i] !== discount);
    if (refund || p[i] === 0) {
      dates.push(d[i]);
      quantities.push(q[i]);
    }
  }
  return frame({ invoiceDate: timestampColumn(dates), quantity: numberColumn(quantities) });
}

/** The original's daily target as a series: trading days only (closed on Saturdays), days without sales left out. */
export function referenceDailySeries(cleaned: Frame, noFreeLines: Frame): SeriesData {
  return buildSeries(referenceDemandLines(cleaned, noFreeLines), { freq: 'D', calendar: 'business', fill: 'absent' });
}

/** The original's forecast run: `fitForecaster` on its daily target, the series labelled `reference`. */
export function referenceForecast(
  cleaned: Frame,
  noFreeLines: Frame,
  seed: number,
): FitResult<Forecaster, ForecastReport> {
  return fitForecaster(referenceDailySeries(cleaned, noFreeLines), { label: 'reference', seed });
}
