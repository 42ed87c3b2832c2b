import { clean } from '@retailkit/cleaning';
import { concat, isRetailKitError } from '@retailkit/core';
import { transactions } from '@retailkit/seeds';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CustomerRisk, customerRisks, winBackCoupons } from '../src/index.js';
import { AS_OF, shop } from './shop.js';

const customer = (customerId: string, x: number, churnProbability: number, expectedSpend: number): CustomerRisk => ({
  customerId,
  x,
  churnProbability,
  expectedSpend,
  clv: 0,
});

describe('winBackCoupons on hand-made customers', () => {
  // expected values computed by hand: valueAtRisk = churnProbability × expectedSpend
  const customers = [
    customer('loyal', 12, 0.05, 900), // not at risk
    customer('lapsing', 4, 0.6, 300), // 180
    customer('lapsed', 2, 0.9, 250), // 225
    customer('bargain', 3, 0.8, 20), // below minSpend
    customer('once', 0, 0.95, 400), // never came back: nothing to win back
  ];

  it('offers at-risk repeat customers above the spend floor, highest value at risk first', () => {
    expect(winBackCoupons(customers, { minChurn: 0.5, minSpend: 50 })).toEqual([
      { customerId: 'lapsed', churnProbability: 0.9, expectedSpend: 250, valueAtRisk: 225 },
      { customerId: 'lapsing', churnProbability: 0.6, expectedSpend: 300, valueAtRisk: 180 },
    ]);
  });

  it('spends a limited budget on the highest value at risk', () => {
    const offers = winBackCoupons(customers, { minChurn: 0.5, minSpend: 0, minRepeat: 0, maxCoupons: 2 });
    expect(offers.map((o) => o.customerId)).toEqual(['once', 'lapsed']); // 380, 225; then 180 and 16 miss out
  });

  it('rejects a policy it cannot apply, naming the option', () => {
    for (const policy of [
      { minChurn: 1.5, minSpend: 0 },
      { minChurn: 0.5, minSpend: -1 },
      { minChurn: 0.5, minSpend: 0, maxCoupons: 2.5 },
    ]) {
      let caught: unknown;
      try {
        winBackCoupons(customers, policy);
      } catch (e) {
        caught = e;
      }
      expect(isRetailKitError(caught) && caught.code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('winBackCoupons properties (fast-check)', () => {
  const customerArb = fc.record({
    customerId: fc.string({ minLength: 1, maxLength: 4 }),
    x: fc.nat(30),
    churnProbability: fc.double({ min: 0, max: 1, noNaN: true }),
    expectedSpend: fc.double({ min: 0, max: 5000, noNaN: true }),
    clv: fc.constant(0),
  });
  const customersArb = fc.uniqueArray(customerArb, { selector: (c) => c.customerId, maxLength: 40 });
  const policyArb = fc.record({
    minChurn: fc.double({ min: 0, max: 1, noNaN: true }),
    minSpend: fc.double({ min: 0, max: 5000, noNaN: true }),
    minRepeat: fc.nat(5),
    maxCoupons: fc.nat(50),
  });

  it('every offer meets the policy, the ranking never rises, and only the budget leaves anyone out', () => {
    fc.assert(
      fc.property(customersArb, policyArb, (customers, policy) => {
        const offers = winBackCoupons(customers, policy);
        const byId = new Map(customers.map((c) => [c.customerId, c]));
        const eligible = customers.filter(
          (c) => c.churnProbability >= policy.minChurn && c.expectedSpend >= policy.minSpend && c.x >= policy.minRepeat,
        );
        expect(offers.length).toBe(Math.min(eligible.length, policy.maxCoupons));
        for (const [i, o] of offers.entries()) {
          expect(eligible).toContain(byId.get(o.customerId));
          if (i > 0) expect(o.valueAtRisk).toBeLessThanOrEqual(offers[i - 1].valueAtRisk);
        }
      }),
    );
  });

  it('a stricter churn threshold only ever removes customers, and the input is not changed', () => {
    fc.assert(
      fc.property(customersArb, policyArb, fc.double({ min: 0, max: 1, noNaN: true }), (customers, policy, more) => {
        const before = structuredClone(customers);
        const loose = new Set(winBackCoupons(customers, { ...policy, maxCoupons: undefined }).map((o) => o.customerId));
        const strict = winBackCoupons(customers, {
          ...policy,
          maxCoupons: undefined,
          minChurn: policy.minChurn + more * (1 - policy.minChurn),
        });
        for (const o of strict) expect(loose.has(o.customerId)).toBe(true);
        expect(customers).toEqual(before);
      }),
    );
  });
});

describe('win-back on the generated shop (planted archetypes from the seeds manifest)', () => {
  const { manifest, views, frame } = shop();
  const risks = customerRisks(views.revenue, { asOf: AS_OF });
  const churnOf = new Map(risks.map((r) => [r.customerId, r.churnProbability]));
  const median = (ids: readonly string[]) => {
    const v = ids.map((id) => churnOf.get(id)!).sort((a, b) => a - b);
    return v[v.length >> 1];
  };

  it('scores every planted customer, and ranks the planted cadences by churn risk', () => {
    const { archetypes } = manifest.customers;
    expect(risks.length).toBe(manifest.customers.distinct);
    // regulars buy at a steady cadence, occasional customers 2–6 times, one-time buyers once
    expect(median(archetypes.regular)).toBeLessThan(median(archetypes.occasional));
    expect(median(archetypes.occasional)).toBeLessThan(median(archetypes.oneTime));
  });

  it('sends no coupon to a planted regular or big spender, and most to occasional customers', () => {
    const offers = winBackCoupons(risks, { minChurn: 0.5, minSpend: 100 });
    const { archetypes } = manifest.customers;
    const archetypeOf = new Map(Object.entries(archetypes).flatMap(([a, ids]) => ids.map((id) => [id, a])));
    const counts: Record<string, number> = {};
    for (const o of offers) counts[archetypeOf.get(o.customerId)!] = (counts[archetypeOf.get(o.customerId)!] ?? 0) + 1;
    expect(counts.regular ?? 0).toBe(0);
    expect(counts.bigSpender ?? 0).toBe(0);
    expect(counts.occasional).toBeGreaterThan(offers.length / 2);
  });

  it('leaves out a new customer whose only order is a literal fixture', () => {
    // one large order on the last trading day from a customer the generator never made
    const newcomer = transactions(
      [
        { invoiceNo: '999001', stockCode: '22697', quantity: 24, unitPrice: 2.95, customerId: '99999' },
        { invoiceNo: '999001', stockCode: '22699', quantity: 24, unitPrice: 2.95, customerId: '99999' },
      ],
      { defaults: { invoiceDate: '2011-12-09 10:00:00' } },
    );
    const withNewcomer = customerRisks(clean(concat([frame, newcomer])).views.revenue, { asOf: AS_OF });
    const row = withNewcomer.find((r) => r.customerId === '99999')!;
    expect(row.x).toBe(0);
    const offers = winBackCoupons(withNewcomer, { minChurn: 0, minSpend: 0 });
    expect(offers.some((o) => o.customerId === '99999')).toBe(false);
  });
});
