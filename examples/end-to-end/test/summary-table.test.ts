import { describe, expect, it } from 'vitest';
import { summaryTable } from '../src/commands/run.js';
import { table } from '../src/context.js';

// The load step's result on the real data (issue 18: about 230 characters in one cell).
const LOAD =
  'transactions_raw 541,909, transactions_clean 536,641, view_revenue 536,641, view_customers 401,604, view_basket ' +
  '528,183, view_modeling 530,104, view_inventory 531,283 into embedded PostgreSQL on 127.0.0.1:41239 (data in ' +
  '/home/user/retailkit/out/warehouse)';

// issue 18, item 5: the summary table fits in 100 columns
describe('the run summary table', () => {
  const text = summaryTable(
    [
      {
        step: 'ingest',
        ms: 2310.4,
        peakRssMB: 412.2,
        detail: '541,909 rows from online_retail.csv.gz (utf-8, 0 quarantined)',
      },
      { step: 'load', ms: 4012, peakRssMB: 590.6, detail: LOAD },
      { step: 'forecast', ms: 2700, peakRssMB: 595, detail: 'selected gbt (test RMSE 1234.5, MAPE 12.3%)' },
    ],
    [{ step: 'basket', code: 'BASKET_NO_BASKETS', message: 'no basket with two items' }],
  );
  const lines = text.split('\n');

  it('fits in 100 columns', () => {
    expect(LOAD.length).toBeGreaterThan(200);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(100);
  });

  it('wraps the result column onto continuation lines and loses no word of it', () => {
    const start = lines.findIndex((l) => l.startsWith('load '));
    const resultAt = lines[0].indexOf('result');
    const continued = [];
    for (let i = start + 1; lines[i].startsWith(' '.repeat(resultAt)); i++) continued.push(lines[i].slice(resultAt));
    expect(continued.length).toBeGreaterThan(1);
    expect([lines[start].slice(resultAt), ...continued].join(' ')).toBe(LOAD);
    expect(lines.at(-1)).toMatch(/^basket +— +— +skipped: BASKET_NO_BASKETS \(see run\.json\)$/);
  });

  it('keeps the other columns aligned: step, time, peak RSS', () => {
    expect(lines[0]).toMatch(/^step +time +peak RSS MB +result$/);
    expect(lines[2]).toMatch(/^ingest +2\.31 s +412 +541,909 rows/);
  });
});

describe('table', () => {
  it('without maxWidth, lays each row on one line (as for the ingest and segment tables)', () => {
    expect(
      table(
        ['a', 'n'],
        [
          ['x', 1],
          ['yy', 22],
        ],
      ),
    ).toBe(['a    n', '--  --', 'x    1', 'yy  22'].join('\n'));
  });
});
