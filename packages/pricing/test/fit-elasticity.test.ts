import { readFileSync } from 'node:fs';
import { fromRows, isRetailKitError, TRANSACTION_SCHEMA } from '@retailkit/core';
import { fitElasticity, PRICING_ERROR_CODES } from '@retailkit/pricing';
import { describe, expect, it } from 'vitest';

interface Oracle {
  panel: { stockCode: string; weekStart: string; quantity: number; price: number }[];
  coefficients: Record<string, number>;
  stdErrors: Record<string, number>;
  hc1StdErrors: Record<string, number>;
  df: number;
  sigma: number;
  rows: number;
}
const oracle: Oracle = JSON.parse(readFileSync(new URL('./oracles/fe_ols.json', import.meta.url), 'utf8'));

/** One sale per product and week: the weekly quantity is the line's, the list price its unit price. */
function panelLines(panel: Oracle['panel']) {
  return fromRows(
    panel.map((r, i) => ({
      invoiceNo: String(500000 + i),
      stockCode: r.stockCode,
      description: `ITEM ${r.stockCode}`,
      quantity: r.quantity,
      invoiceDate: Date.parse(`${r.weekStart}T10:00:00Z`),
      unitPrice: r.price,
      customerId: '12345',
      country: 'United Kingdom',
    })),
    TRANSACTION_SCHEMA,
  );
}

const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-8 * Math.max(1, Math.abs(b)));

describe('fitElasticity', () => {
  const lines = panelLines(oracle.panel);
  const { report } = fitElasticity(lines, { smallQuantity: Number.POSITIVE_INFINITY, confirmWeeks: 1, minWeeks: 10 });

  it('equals statsmodels OLS (coefficients, HC1 standard errors) on the dummy-variable design to 1e-8 (oracle: test/oracles/fe_ols.py)', () => {
    for (const p of report.products) {
      const b = oracle.coefficients[`beta:${p.stockCode}`];
      if (b === undefined) expect(p.rawElasticity).toBeNull();
      else {
        close(p.rawElasticity as number, b);
        close(p.rawStdError as number, oracle.hc1StdErrors[`beta:${p.stockCode}`]);
      }
    }
    for (const c of report.controls) {
      close(c.coefficient, oracle.coefficients[c.name]);
      close(c.stdError, oracle.hc1StdErrors[c.name]);
    }
    expect(report.regression.rows).toBe(oracle.rows);
    expect(report.regression.df).toBe(oracle.df);
    close(report.regression.sigma, oracle.sigma);
  });

  it('gives no slope to a product whose price never moves and leaves a one-week product out of the regression', () => {
    const p6 = report.products.find((p) => p.stockCode === 'P6');
    const p7 = report.products.find((p) => p.stockCode === 'P7');
    expect(p6?.rawElasticity).toBeNull();
    expect(p7?.sellingWeeks).toBe(1);
    expect(p7?.rawElasticity).toBeNull();
    expect(p6?.identified).toBe(false);
    expect(p6?.elasticity).toBeNull();
  });

  it('identifies only products with enough changes and weeks, and pools them toward their band mean', () => {
    for (const p of report.products) {
      const ok = p.rawElasticity !== null && p.changes >= 2 && p.sellingWeeks >= 10;
      expect(p.identified).toBe(ok);
      if (!p.identified) {
        expect(p.elasticity).toBeNull();
        expect(p.stdError).toBeNull();
        continue;
      }
      // pooled = w·own + (1 − w)·band mean: lies between the two, and never less certain than it need be
      const w = p.weight as number;
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(1);
      expect(p.stdError as number).toBeLessThanOrEqual((p.rawStdError as number) + 1e-12);
    }
    expect(report.counts.identified).toBe(report.products.filter((p) => p.identified).length);
  });

  it('raising minChanges leaves a product with fewer changes unidentified', () => {
    const strict = fitElasticity(lines, {
      smallQuantity: Number.POSITIVE_INFINITY,
      confirmWeeks: 1,
      minWeeks: 10,
      minChanges: 9,
    });
    expect(strict.report.counts.identified).toBe(0);
    expect(strict.report.products.every((p) => p.elasticity === null)).toBe(true);
  });

  it('fails with PRICING_TOO_LITTLE_DATA when no product has two selling weeks', () => {
    const one = panelLines(oracle.panel.filter((r) => r.stockCode === 'P7'));
    try {
      fitElasticity(one);
      expect.unreachable();
    } catch (e) {
      expect(isRetailKitError(e) && e.code).toBe(PRICING_ERROR_CODES.tooLittleData);
    }
  });

  it('rejects a bad option with INVALID_ARGUMENT naming it', () => {
    expect(() => fitElasticity(lines, { minWeeks: 1.5 })).toThrow(/fitElasticity: minWeeks must be an integer/);
    expect(() => fitElasticity(lines, { level: 1 })).toThrow(/level/);
  });
});
