import { validatePriceChanges } from '@retailkit/pricing';
import { describe, expect, it } from 'vitest';
import { mugLines } from './fixture.js';

describe('validatePriceChanges', () => {
  const v = validatePriceChanges(mugLines(), { harmonics: 0 });

  it('scores the held-out change with the elasticity fitted on the weeks before the cut-off', () => {
    expect(v.cutoff).toBe('2011-08-15'); // 40 weeks from 2011-01-03, the last 8 held out: week 32
    expect(v.changes).toHaveLength(1);
    const c = v.changes[0];
    expect([c.stockCode, c.week, c.oldPrice, c.newPrice]).toEqual(['MUG', '2011-09-12', 1.8, 2.2]);
    // planted: demand ∝ price^-1.5, so the actual change is about -1.5·ln(2.2/1.8) = -0.301
    expect(c.actual).toBeCloseTo(-1.5 * Math.log(2.2 / 1.8), 1);
    expect(Math.abs(c.predicted - c.actual)).toBeLessThan(0.05);
  });

  it('beats the no-price-effect baseline, whose error is the whole change', () => {
    expect(v.mae.noPriceEffect).toBeCloseTo(Math.abs(v.changes[0].actual), 12);
    expect(v.mae.model as number).toBeLessThan(v.mae.noPriceEffect as number);
    // harmonics 0 leaves the trend alone, which moves little over 8 weeks of a flat fixture
    expect(Math.abs((v.mae.seasonal as number) - (v.mae.noPriceEffect as number))).toBeLessThan(0.01);
  });

  it('reports the training fit: one identified product, significantly below zero', () => {
    expect(v.elasticities.identified).toBe(1);
    expect(v.elasticities.shareSignificantlyNegative).toBe(1);
    expect(v.elasticities.quantiles.map((q) => q.q)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95]);
  });

  it('refuses to hold out the whole data', () => {
    expect(() => validatePriceChanges(mugLines(), { holdoutWeeks: 39 })).toThrow(/holding out 39/);
    expect(() => validatePriceChanges(mugLines(), { window: 0 })).toThrow(/window/);
  });
});
