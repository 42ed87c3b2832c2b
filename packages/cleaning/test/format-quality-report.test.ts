import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CleanOptions, clean, formatQualityReport } from '../src/index.js';
import { fixtureFrame } from './fixture.js';

/** Options that exercise every line of the summary: a fill value, no trimming, and three steps. */
const WITH_STEPS: CleanOptions = {
  trimDescriptions: false,
  anonymousCustomerId: '0',
  steps: [
    { id: 'drop-free', drop: 'free-line' },
    { id: 'quantity-fence', drop: { column: 'quantity', method: 'iqr' } },
    { id: 'price-fence', drop: { column: 'unitPrice', method: 'zscore' } },
  ],
};

const GOLDEN = fileURLToPath(new URL('./fixtures/quality-report.golden.txt', import.meta.url));
const GOLDEN_JSON = fileURLToPath(new URL('./fixtures/quality.golden.json', import.meta.url));

describe('formatQualityReport', () => {
  it('matches the golden summary of the fixture (defaults, then with steps)', () => {
    const text = `${formatQualityReport(clean(fixtureFrame()).report)}\n----\n${formatQualityReport(
      clean(fixtureFrame(), WITH_STEPS).report,
    )}\n`;
    // set UPDATE_GOLDEN=1 to rewrite after a deliberate change, then review the diff
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('quality.json of the fixture matches its golden file (the CLI contract)', () => {
    const json = `${JSON.stringify(clean(fixtureFrame()).report, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN_JSON, json);
    expect(json).toBe(readFileSync(GOLDEN_JSON, 'utf8'));
    const report = JSON.parse(json);
    expect(Object.keys(report).slice(0, 4)).toEqual(['rowsIn', 'rowsKept', 'rowsQuarantined', 'steps']);
  });

  it('starts with the totals and lists every step', () => {
    const lines = formatQualityReport(clean(fixtureFrame(), WITH_STEPS).report).split('\n');
    expect(lines[0]).toBe('Cleaning: 44 rows in, 28 kept, 16 quarantined (36.4%)');
    expect(lines.filter((l) => / rows after$/.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'quarantine',
      'drop-free',
      'quantity-fence',
      'price-fence',
    ]);
  });
});
