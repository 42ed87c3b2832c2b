import { existsSync, readFileSync } from 'node:fs';
import { apriori, associationRules, buildBaskets, fpgrowth, mineRules } from '@retailkit/basket';
import { cleanReference } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { type Frame, filter, numbers, strings } from '@retailkit/core';
import { beforeAll, describe, expect, it } from 'vitest';

const CSV = new URL('../../../seeds/online-retail.csv.gz', import.meta.url).pathname;
const MANIFEST = new URL('../../../seeds/manifest.json', import.meta.url).pathname;
const present = existsSync(CSV) && existsSync(MANIFEST);

interface Bundle {
  name: string;
  items: string[];
  support: number;
  count: number;
  itemSupport: Record<string, number>;
  rules: { antecedent: string[]; consequent: string[]; support: number; confidence: number; lift: number }[];
}

// The manifest's basket definition: invoices not starting with C, product codes ^\d{5}[A-Za-z]*$, quantity >= 1.
function manifestLines(frame: Frame): Frame {
  const inv = strings(frame, 'invoiceNo');
  const code = strings(frame, 'stockCode');
  const q = numbers(frame, 'quantity');
  const product = code.values.map((v) => /^\d{5}[A-Za-z]*$/.test(v));
  return filter(frame, (i) => {
    const ic = inv.codes[i];
    const sc = code.codes[i];
    return ic >= 0 && sc >= 0 && !inv.values[ic].startsWith('C') && product[sc] && q[i] >= 1;
  });
}

describe.skipIf(!present)('planted bundles of the seeds are recovered (values from seeds/manifest.json)', () => {
  let frame: Frame;
  let manifest: { baskets: { count: number }; bundles: Bundle[] };
  beforeAll(async () => {
    frame = (await readCsv(CSV)).frame;
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  });

  it('same basket count, every bundle frequent with its support, count and rule metrics', () => {
    const baskets = buildBaskets(manifestLines(frame));
    expect(baskets.length).toBe(manifest.baskets.count);
    const table = fpgrowth(baskets, { minSupport: 0.015 });
    expect(apriori(baskets, { minSupport: 0.015 }).itemsets).toEqual(table.itemsets);
    const bySet = new Map(table.itemsets.map((s) => [[...s.items].sort().join(','), s]));
    const rules = associationRules(table, { minThreshold: 0 });
    const byRule = new Map(rules.map((r) => [`${[...r.antecedents].sort()}>${[...r.consequents].sort()}`, r]));
    for (const b of manifest.bundles) {
      const s = bySet.get([...b.items].sort().join(','));
      expect(s, b.name).toBeDefined();
      expect(s?.count).toBe(b.count);
      expect(s?.support).toBeCloseTo(b.support, 6);
      for (const [item, sup] of Object.entries(b.itemSupport))
        expect(bySet.get(item)?.support, `${b.name} ${item}`).toBeCloseTo(sup, 6);
      for (const r of b.rules) {
        const got = byRule.get(`${[...r.antecedent].sort()}>${[...r.consequent].sort()}`);
        expect(got, `${b.name}: ${r.antecedent} → ${r.consequent}`).toBeDefined();
        expect(got?.support).toBeCloseTo(r.support, 6);
        expect(got?.confidence).toBeCloseTo(r.confidence, 6);
        // lift is rounded to 6 decimals in the manifest; values ~30 keep 7-8 significant digits
        expect(got?.lift).toBeCloseTo(r.lift, 5);
      }
    }
  });

  it('the default preset ranks the planted bundles among the strongest rules', () => {
    const { summary } = mineRules(frame, { minSupport: 0.015 });
    const planted = new Set(manifest.bundles.flatMap((b) => b.items));
    const top = summary.rules.slice(0, 10);
    for (const r of top) for (const item of [...r.antecedents, ...r.consequents]) expect(planted.has(item)).toBe(true);
  });
});

// Expected values computed by /usr/bin/python3 (pandas 1.5.3) replaying the notebook on seeds/online-retail.csv.gz:
// cleaning reference steps, then CustomerID != "0", codes DOT POST M "BANK CHARGES" D CRUK B S dropped,
// revenue >= 0, groupby([InvoiceNo, Description]).Quantity.sum().unstack() >= 1, baskets with >= 2 items,
// brute-force frequent itemsets (count >= ceil(minSupport × n)) and rules with lift >= 1.
describe.skipIf(!present)('reference preset on the seeds (values from pandas)', () => {
  let cleaned: Frame;
  beforeAll(async () => {
    cleaned = cleanReference((await readCsv(CSV)).frame).frame;
  });

  it('minSupport 0.03 (the notebook): 3767 baskets, 1585 items, 95 itemsets, no rule (with a warning)', () => {
    expect(cleaned.length).toBe(90440);
    const { summary, warnings, minCount } = mineRules(cleaned, { preset: 'reference' });
    expect([summary.baskets, summary.items, summary.itemsets, summary.rules.length, minCount]).toEqual([
      3767, 1585, 95, 0, 114,
    ]);
    expect(warnings.join(' ')).toMatch(/no rule passes lift ≥ 1/);
  });

  it('minSupport 0.015: 309 itemsets, 60 rules, same lifts and top rule as pandas', () => {
    const { summary } = mineRules(cleaned, { preset: 'reference', minSupport: 0.015 });
    expect([summary.itemsets, summary.rules.length]).toEqual([309, 60]);
    expect(summary.rules[0]).toMatchObject({
      antecedents: ['GREEN REGENCY TEACUP AND SAUCER', 'PINK REGENCY TEACUP AND SAUCER'],
      consequents: ['ROSES REGENCY TEACUP AND SAUCER '],
    });
    expect(summary.rules[0].support).toBeCloseTo(0.019113352800637112, 12);
    expect(summary.rules[0].confidence).toBeCloseTo(0.935064935064935, 12);
    expect(summary.rules[0].lift).toBeCloseTo(32.02172373081464, 10);
    const lifts = summary.rules.map((r) => Number((r.lift as number).toFixed(6)));
    expect(lifts.slice(0, 6)).toEqual([32.021724, 32.021724, 31.264575, 31.264575, 29.439271, 29.439271]);
    expect(lifts.at(-1)).toBe(1.88203);
    expect(lifts.filter((l) => l > 10).length).toBe(16);
  });
});
