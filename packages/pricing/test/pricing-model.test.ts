import { isRetailKitError } from '@retailkit/core';
import { fitElasticity, PRICING_ERROR_CODES, pricingFromJSON, pricingLoader } from '@retailkit/pricing';
import { describe, expect, it } from 'vitest';
import { mugLines } from './fixture.js';

describe('pricingFromJSON and the served model', () => {
  const { model } = fitElasticity(mugLines(), { harmonics: 0, createdAt: '2011-10-01T00:00:00.000Z' });
  const json = JSON.parse(JSON.stringify(model.toJSON()));

  it('round-trips the artifact and predicts the same', () => {
    const back = pricingLoader.fromJSON(json);
    expect(pricingLoader.kind).toBe('pricing.model');
    expect(back.predict({ stockCode: 'MUG', price: 2 })).toEqual(model.predict({ stockCode: 'MUG', price: 2 }));
    expect(back.version).toBe('2011-10-01T00:00:00.000Z');
  });

  it('predicts q0·(p/p0)^β with the elasticity interval (hand formula)', () => {
    const out = model.predict({ stockCode: 'MUG', prices: [2.2, 2.42] });
    const { elasticity: b, stdError: se, baseDemand: q0, listPrice: p0 } = out;
    const [at, up] = out.points;
    expect(at.demand).toBeCloseTo(q0, 12);
    expect(up.demand).toBeCloseTo(q0 * (2.42 / p0) ** (b as number), 10);
    expect(up.demandLow).toBeCloseTo(
      q0 * Math.exp((b as number) * Math.log(1.1) - 1.959963985 * (se as number) * Math.log(1.1)),
      6,
    );
    expect(up.revenue).toBeCloseTo(2.42 * (up.demand as number), 10);
    expect(out.elasticityLow as number).toBeLessThan(b as number);
  });

  it('answers null for an unidentified product and refuses unknown products and bad prices', () => {
    expect(model.predict({ stockCode: 'CARD', price: 1 }).points[0].demand).toBeNull();
    for (const bad of [
      { stockCode: 'NOPE', price: 1 },
      { stockCode: 'MUG', price: -1 },
    ]) {
      try {
        model.predict(bad);
        expect.unreachable();
      } catch (e) {
        expect(isRetailKitError(e) && e.code).toBe(PRICING_ERROR_CODES.badInput);
      }
    }
  });

  it('refuses a tampered artifact and one with an invented elasticity', () => {
    expect(() => pricingFromJSON({ ...json, name: 'other' })).toThrow(/checksum/);
    expect(json.inputSchema.properties.prices.maxItems).toBe(200);
  });
});
