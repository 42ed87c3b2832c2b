import { fromRows } from '@retailkit/core';

/**
 * 40 weeks of lines, one a day Monday to Friday: MUG's list price is 2.00, 2.40 from week 14, 1.80 from week 27 and
 * 2.20 from week 36; its weekly quantity follows price^-1.5 (times a small deterministic wiggle). CARD never changes
 * price. Hand-built: the planted elasticity is the expected value.
 */
export function mugLines() {
  const rows = [];
  for (let week = 0; week < 40; week++) {
    const mug = week < 14 ? 2 : week < 27 ? 2.4 : week < 36 ? 1.8 : 2.2;
    for (let day = 0; day < 5; day++) {
      const invoiceDate = new Date(Date.UTC(2011, 0, 3 + week * 7 + day, 10));
      const wiggle = 1 + 0.1 * Math.sin(week * 3.7 + day);
      const quantity = Math.round(20 * mug ** -1.5 * wiggle * 10) / 10;
      rows.push({ stockCode: 'MUG', quantity, unitPrice: mug, invoiceDate, customerId: 'C1' });
      rows.push({
        stockCode: 'CARD',
        quantity: Math.round(30 * wiggle),
        unitPrice: 0.5,
        invoiceDate,
        customerId: 'C2',
      });
    }
  }
  return fromRows(rows);
}
