import { existsSync } from 'node:fs';
import { mineRules } from '@retailkit/basket';
import { cleanReference } from '@retailkit/cleaning';
import { readCsv } from '@retailkit/connectors';
import { describe, expect, it } from 'vitest';

// Opt-in realism test (RETAILKIT_REAL_DATA=1): the UCI file lives outside the repository.
const DATA = '/work/shared/data/online-retail/online_retail.csv.gz';
const enabled = process.env.RETAILKIT_REAL_DATA === '1' && existsSync(DATA);

// Expected values computed by /usr/bin/python3 (pandas 1.5.3) replaying the notebook on the real file: cleaning
// reference steps (482,515 rows kept), CustomerID != "0", codes DOT POST M "BANK CHARGES" D CRUK B S dropped,
// revenue >= 0, groupby([InvoiceNo, Description]).Quantity.sum().unstack() >= 1, baskets with >= 2 items,
// brute-force frequent itemsets at support >= 0.03 (count >= 470) and rules with lift >= 1.
describe.skipIf(!enabled)('reference preset on the real UCI data (values from pandas)', () => {
  it('15,660 baskets, 3,550 items, 104 itemsets, 8 rules; top rule as pandas', async () => {
    const cleaned = cleanReference((await readCsv(DATA)).frame).frame;
    expect(cleaned.length).toBe(482515);
    const { summary, minCount } = mineRules(cleaned, { preset: 'reference' });
    expect([summary.baskets, summary.items, summary.itemsets, summary.rules.length, minCount]).toEqual([
      15660, 3550, 104, 8, 470,
    ]);
    expect(summary.rules[0].antecedents.length + summary.rules[1].antecedents.length).toBe(2);
    expect(summary.rules[0].support).toBeCloseTo(0.03218390804597701, 12);
    expect(summary.rules[0].lift).toBeCloseTo(12.50786828818378, 10);
    expect(summary.rules.map((r) => Number((r.lift as number).toFixed(6)))).toEqual([
      12.507868, 12.507868, 7.252425, 7.252425, 6.425003, 6.425003, 6.373681, 6.373681,
    ]);
  });
});
