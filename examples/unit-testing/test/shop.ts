import { clean } from '@retailkit/cleaning';
import { generateTransactions } from '@retailkit/seeds';

/** The generated shop every planted-truth test reads: small enough to build in about a second. */
export const SHOP = { seed: 7, rows: 20_000 } as const;

/** The day after the generated window's last trading day (2011-12-09): the models' `asOf`. */
export const AS_OF = '2011-12-10';

/** Generated transactions with their manifest of planted truths, and cleaning's views of them. */
export function shop() {
  const { frame, manifest } = generateTransactions(SHOP);
  const { views } = clean(frame);
  return { frame, manifest, views };
}
