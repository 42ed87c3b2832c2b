import { fromRows, isoDate } from '@retailkit/core';
import { describe, expect, it } from 'vitest';
import { referenceDailySeries, referenceDemandLines, referenceForecast } from '../src/reference/forecast.js';

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

// Hand-made: 2011-01-07 is a Friday, 2011-01-08 a Saturday, 2011-01-10 a Monday.
const cleaned = fromRows([
  { invoiceDate: at('2011-01-07'), quantity: 5 },
  { invoiceDate: at('2011-01-07', 15), quantity: -2 }, // |−2| counts 2
  { invoiceDate: at('2011-01-10'), quantity: 3 },
]);
const noFreeLines = fromRows([
  { invoiceDate: at('2011-01-07'), quantity: -4, unitPrice: 2, description: 'MUG' }, // refund: −4
  { invoiceDate: at('2011-01-07'), quantity: -1, unitPrice: 0, description: 'MUG' }, // free: −1
  { invoiceDate: at('2011-01-07'), quantity: -6, unitPrice: 3, description: 'Discount' }, // neither
  { invoiceDate: at('2011-01-10'), quantity: 7, unitPrice: 2, description: 'MUG' }, // a sale: neither
  { invoiceDate: at('2011-01-08'), quantity: -2, unitPrice: 1, description: 'MUG' }, // refund on a Saturday: −2
]);

describe('the reference daily target (computed by hand from the definition)', () => {
  it('is Σ|q| of the cleaned lines plus the refund and free quantities of the no-free-lines data, per day', () => {
    const lines = referenceDemandLines(cleaned, noFreeLines);
    expect(lines.length).toBe(6); // 3 cleaned lines, 2 refunds, 1 free line
    const s = referenceDailySeries(cleaned, noFreeLines);
    expect(s.ids).toEqual(['total']);
    expect(Array.from(s.ds, isoDate)).toEqual(['2011-01-07', '2011-01-08', '2011-01-10']);
    // Friday 5 + 2 − 4 − 1 = 2; Saturday (closed, but it has a refund: kept) −2; Monday 3
    expect(Array.from(s.y)).toEqual([2, -2, 3]);
    expect(s.calendar).toEqual({ closedWeekdays: [6], holidays: [] });
  });

  it('is forecast as the series labelled "reference" with a six-day season', () => {
    const rows: { invoiceDate: Date; quantity: number }[] = [];
    for (let day = 0, t = Date.UTC(2011, 0, 3); rows.length < 60; day++, t += 86_400_000)
      if (new Date(t).getUTCDay() !== 6)
        rows.push({ invoiceDate: new Date(t), quantity: 100 + (day % 7) * 5 + ((day * 7919) % 13) });
    const none = fromRows([{ invoiceDate: at('2011-01-03'), quantity: 1, unitPrice: 1, description: 'MUG' }]);
    const { model, report } = referenceForecast(fromRows(rows), none, 42);
    expect(report.series[0]).toMatchObject({ id: 'reference', freq: 'D', length: 60, seasonLength: 6 });
    expect(model.toJSON().params).toMatchObject({ series: 'reference', seed: 42, calendar: { closedWeekdays: [6] } });
  });
});
