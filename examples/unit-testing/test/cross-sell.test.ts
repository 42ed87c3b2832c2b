import { fitRecommender } from '@retailkit/basket';
import { isRetailKitError } from '@retailkit/core';
import { baskets } from '@retailkit/seeds';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossSell } from '../src/index.js';
import { fitShopRecommender, shop } from './shop.js';

describe('crossSell on literal baskets', () => {
  // 10 baskets; by hand: TEA is in 5, all 5 with CUPS (TEA → CUPS: confidence 5/5 = 1, lift 1 / 0.5 = 2) and 3
  // with CUPS and JAM (TEA → {CUPS, JAM}: confidence 3/5 = 0.6, lift 0.6 / 0.3 = 2; it beats TEA → JAM, also 0.6
  // but lift 0.6 / 0.5 = 1.2, on the tie-break)
  const carts = baskets([
    ...Array.from({ length: 3 }, () => ['TEA', 'CUPS', 'JAM']),
    ...Array.from({ length: 2 }, () => ['TEA', 'CUPS']),
    ...Array.from({ length: 2 }, () => ['JAM', 'SCONES']),
    ...Array.from({ length: 3 }, () => ['SUGAR', 'SCONES']),
  ]);
  const { model } = fitRecommender(carts, { minSupport: 0.3 });
  const stocked = new Map([
    ['CUPS', 40],
    ['JAM', 4],
    ['SCONES', 9],
  ]);

  it("shows the recommender's items in its order when all are in stock", () => {
    const shown = crossSell(model, ['TEA'], stocked);
    expect(shown.map((r) => [r.item, r.confidence, r.lift])).toEqual([
      ['CUPS', 1, 2],
      ['JAM', 0.6, 2],
    ]);
  });

  it('skips an item out of stock, or below the stock floor, and moves the next one up', () => {
    expect(crossSell(model, ['TEA'], new Map([['JAM', 4]])).map((r) => r.item)).toEqual(['JAM']);
    expect(crossSell(model, ['TEA'], stocked, { minStock: 5 }).map((r) => r.item)).toEqual(['CUPS']);
    expect(crossSell(model, ['TEA'], stocked, { k: 1 }).map((r) => r.item)).toEqual(['CUPS']);
  });

  it('rejects a k the page cannot show', () => {
    let caught: unknown;
    try {
      crossSell(model, ['TEA'], stocked, { k: 0 });
    } catch (e) {
      caught = e;
    }
    expect(isRetailKitError(caught) && caught.code).toBe('INVALID_ARGUMENT');
  });
});

describe('crossSell on the generated shop (planted bundles from the seeds manifest)', () => {
  const { manifest, frame } = shop();
  const { model } = fitShopRecommender(frame);
  const everything = new Map(model.params.rules.flatMap((r) => r.consequents.map((c) => [c, 100])));

  it('recovers every planted bundle rule with the manifest confidence and lift', () => {
    expect(manifest.bundles.length).toBe(6);
    for (const bundle of manifest.bundles) {
      for (const rule of bundle.rules) {
        const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
        const found = model.params.rules.find(
          (r) => same(r.antecedents, rule.antecedent) && same(r.consequents, rule.consequent),
        );
        expect(found, `${bundle.name}: ${rule.antecedent} → ${rule.consequent}`).toBeDefined();
        expect(found!.confidence).toBeCloseTo(rule.confidence, 6); // the manifest rounds to 6 decimals
        expect(found!.lift).toBeCloseTo(rule.lift, 5);
        expect(found!.lift).toBeGreaterThan(5);
      }
    }
  });

  it('completes every planted bundle first, and never offers its missing item when that is sold out', () => {
    for (const bundle of manifest.bundles) {
      const missing = bundle.items[bundle.items.length - 1];
      const cart = bundle.items.slice(0, -1);
      expect(crossSell(model, cart, everything)[0]?.item, bundle.name).toBe(missing);
      const soldOut = new Map([...everything, [missing, 0]]);
      expect(
        crossSell(model, cart, soldOut).map((r) => r.item),
        bundle.name,
      ).not.toContain(missing);
    }
  });

  it('only ever shows in-stock items not in the cart, in the recommender order, at most k (fast-check)', () => {
    const items = model.params.items;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 4 }),
        fc.dictionary(fc.constantFrom(...everything.keys()), fc.nat(20)),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(5),
        (cart, stockRecord, k, minStock) => {
          const stock = new Map(Object.entries(stockRecord));
          const shown = crossSell(model, cart, stock, { k, minStock }).map((r) => r.item);
          const all = model.recommend(cart, { k: 100 }).map((r) => r.item);
          const expected = all.filter((item) => (stock.get(item) ?? 0) >= minStock).slice(0, k);
          expect(shown).toEqual(expected); // an independent filter of the unfiltered list
          for (const item of shown) expect(cart).not.toContain(item);
        },
      ),
    );
  });
});
