import { fitElasticity, recommendPrices } from '@retailkit/pricing';
import { describe, expect, it } from 'vitest';
import { mugLines } from './fixture.js';

describe('recommendPrices', () => {
  const { model } = fitElasticity(mugLines(), { harmonics: 0 });
  const e = model.toJSON().params.products.find((p) => p.stockCode === 'MUG')?.elasticity as number;

  it('flags a change more recent than minWeeksBetweenChanges and keeps the price', () => {
    // the last change (week 36) is 3 weeks before the last week (39)
    const mug = recommendPrices(model).find((r) => r.stockCode === 'MUG');
    expect(mug?.flag).toBe('recent-change');
    expect(mug?.recommendedPrice).toBe(2.2);
    expect(mug?.expectedRevenueChange).toBeCloseTo(0, 12);
  });

  it('for β < −1 moves to the lower guardrail, and the margin price follows the Lerner rule clipped', () => {
    expect(e).toBeLessThan(-1);
    const mug = recommendPrices(model, { minWeeksBetweenChanges: 2, costRatio: 0.5 }).find(
      (r) => r.stockCode === 'MUG',
    );
    expect(mug?.flag).toBeNull();
    expect(mug?.recommendedPrice).toBe(1.98); // 2.20 − 10 %
    // Lerner: 0.5·2.2·β/(1 + β) ≈ 3.2, clipped to 2.20 + 10 % = 2.42
    expect(mug?.marginPrice).toBe(2.42);
    const q0 = model.toJSON().params.products.find((p) => p.stockCode === 'MUG')?.baseDemand as number;
    // hand formula: q = q0·(1.98/2.2)^β; revenue change = 1.98·q − 2.2·q0
    expect(mug?.demand).toBeCloseTo(q0 * (1.98 / 2.2) ** e, 10);
    expect(mug?.expectedRevenueChange).toBeCloseTo(1.98 * q0 * (1.98 / 2.2) ** e - 2.2 * q0, 10);
    expect(mug?.revenueChangeLow as number).toBeLessThan(mug?.expectedRevenueChange as number);
    expect(mug?.revenueChangeHigh as number).toBeGreaterThan(mug?.expectedRevenueChange as number);
  });

  it('gives nulls, never a number, for a product that is not identified', () => {
    const card = recommendPrices(model).find((r) => r.stockCode === 'CARD');
    expect(card).toMatchObject({ flag: 'not-identified', recommendedPrice: null, expectedRevenueChange: null });
  });

  it('rejects guardrails outside (0, 1) and cost ratios outside [0, 1)', () => {
    expect(() => recommendPrices(model, { guardrail: 0 })).toThrow(/recommendPrices: guardrail/);
    expect(() => recommendPrices(model, { costRatio: 1 })).toThrow(/costRatio/);
  });
});
