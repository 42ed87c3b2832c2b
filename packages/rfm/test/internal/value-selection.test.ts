import { describe, expect, it } from 'vitest';
import { applyPlatt, fitPlatt } from '../../src/internal/value-gbt.js';
import { chooseBlend, EVEN_BLEND, selectModel } from '../../src/internal/value-selection.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('chooseBlend: weights chosen on earlier cut-offs only (hand-computed)', () => {
  it('an even blend without history', () => {
    expect(chooseBlend([])).toEqual(EVEN_BLEND);
  });

  it('picks, per target, the grid weight with the lowest loss', () => {
    // counts: actual 2 and 0; gbt says 2 and 0 (exact), classic 0 and 2 → weight 1 on the gbt (MAE 0)
    // revenue: actual 10, 10; gbt 0, 0; classic 10, 10 → weight 0 (MAE 0)
    // churn: churned = [0, 1]; gbt [1, 0], classic [0, 1] → weight 0 (Brier 0)
    const h = {
      gbt: { count: f(2, 0), revenue: f(0, 0), churn: f(1, 0) },
      classic: { count: f(0, 2), revenue: f(10, 10), churn: f(0, 1) },
      count: f(2, 0),
      revenue: f(10, 10),
    };
    expect(chooseBlend([h])).toEqual({ count: 1, revenue: 0, churn: 0 });
  });

  it('a weight in between when the errors cancel', () => {
    // actual 1; gbt 2, classic 0: only w = 0.5 gives 1 exactly
    const h = {
      gbt: { count: f(2), revenue: f(2), churn: f(1) },
      classic: { count: f(0), revenue: f(0), churn: f(0) },
      count: f(1),
      revenue: f(1),
    };
    // churned = 0; Brier (w·1)² is lowest at w = 0
    expect(chooseBlend([h])).toEqual({ count: 0.5, revenue: 0.5, churn: 0 });
  });
});

describe('selectModel', () => {
  const row = (cutoff: string, model: string, countMae: number, revenueMae: number, churnBrier: number) => ({
    cutoff,
    model,
    countMae,
    revenueMae,
    churnBrier,
  });

  it('defaults to blend without an earlier cut-off', () => {
    expect(selectModel([], ['blend', 'gbt'])?.model).toBe('blend');
    expect(selectModel([], ['gbt'])?.model).toBe('gbt');
    expect(selectModel([], [])).toBeNull();
  });

  it('picks the lowest mean score relative to naive-rate (hand-computed)', () => {
    const earlier = [
      row('2011-06-01', 'naive-rate', 1, 100, 0.2),
      row('2011-06-01', 'gbt', 0.9, 90, 0.2), // 0.9 + 0.9 + 1 = 2.8
      row('2011-06-01', 'blend', 1, 95, 0.2), // 1 + 0.95 + 1 = 2.95
    ];
    const s = selectModel(earlier, ['blend', 'gbt']);
    expect(s?.model).toBe('gbt');
    expect(s?.reason).toContain('2.8000');
    expect(s?.reason).toContain('blend 2.9500');
  });
});

describe('Platt scaling', () => {
  it('leaves calibrated scores alone and fixes a constant shift (oracle: the generating σ(a·z + b))', () => {
    // scores p with logit z; outcomes drawn deterministically with frequency σ(z − 1) in each score group
    const p: number[] = [];
    const y: number[] = [];
    for (const z of [-2, -1, 0, 1, 2]) {
      const rate = 1 / (1 + Math.exp(-(z - 1)));
      const k = Math.round(rate * 1000);
      for (let i = 0; i < 1000; i++) {
        p.push(1 / (1 + Math.exp(-z)));
        y.push(i < k ? 1 : 0);
      }
    }
    const c = fitPlatt(p, y);
    expect(c.a).toBeCloseTo(1, 2);
    expect(c.b).toBeCloseTo(-1, 2);
    expect(applyPlatt(c, 0.5)).toBeCloseTo(1 / (1 + Math.E), 2);
  });
});
