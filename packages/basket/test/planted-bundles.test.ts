import { existsSync, readFileSync } from 'node:fs';
import { apriori, associationRules, buildBaskets, fitRecommender, fpgrowth } from '@retailkit/basket';
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
function manifestRows(frame: Frame): (row: number) => boolean {
  const inv = strings(frame, 'invoiceNo');
  const code = strings(frame, 'stockCode');
  const q = numbers(frame, 'quantity');
  const product = code.values.map((v) => /^\d{5}[A-Za-z]*$/.test(v));
  return (i) => {
    const ic = inv.codes[i];
    const sc = code.codes[i];
    return ic >= 0 && sc >= 0 && !inv.values[ic].startsWith('C') && product[sc] && q[i] >= 1;
  };
}

describe.skipIf(!present)('planted bundles of the seeds are recovered (values from seeds/manifest.json)', () => {
  let frame: Frame;
  let manifest: { baskets: { count: number }; bundles: Bundle[] };
  beforeAll(async () => {
    frame = (await readCsv(CSV)).frame;
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  });

  it('same basket count, every bundle frequent with its support, count and rule metrics', () => {
    const baskets = buildBaskets(filter(frame, manifestRows(frame)));
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

  it("fitRecommender's defaults rank the planted bundles among the strongest rules", () => {
    const { report } = fitRecommender(frame, { where: manifestRows(frame), minSupport: 0.015 });
    const planted = new Set(manifest.bundles.flatMap((b) => b.items));
    const top = report.rules.slice(0, 10);
    for (const r of top) for (const item of [...r.antecedents, ...r.consequents]) expect(planted.has(item)).toBe(true);
  });
});
