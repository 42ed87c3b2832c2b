import { countOnes, dictionaryTest, mapDictionary } from '../../internal/frames.js';
import type { TransformRule } from '../../internal/rule.js';
import { hasLoneSurrogate, hasNul, hasUnsafeText, toSafeText, unsafeTextKey } from '../../internal/text.js';

export const safeText: TransformRule = {
  id: 'safe-text',
  kind: 'transform',
  column: '*',
  description:
    'in every text column, NUL characters (U+0000) removed and lone UTF-16 surrogates replaced by U+FFFD, so warehouses and UTF-8 writers accept the text (the quarantine gets the same text); count = trusted rows changed, details = trusted rows with a NUL and with a lone surrogate.',
  example: { before: 'description="LANTERN\\u0000"', after: 'description="LANTERN"' },
  apply(t) {
    const changed = new Uint8Array(t.n);
    const nul = new Uint8Array(t.n);
    const lone = new Uint8Array(t.n);
    for (const [name, col] of Object.entries(t.columns)) {
      if (col.type !== 'string') continue;
      const unsafe = dictionaryTest(col.values, hasUnsafeText);
      if (countOnes(unsafe) === 0) continue;
      const withNul = dictionaryTest(col.values, hasNul);
      const withLone = dictionaryTest(col.values, hasLoneSurrogate);
      for (let i = 0; i < t.n; i++) {
        const c = col.codes[i];
        if (c >= 0 && unsafe[c] && t.reason[i] === 0) {
          changed[i] = 1;
          nul[i] |= withNul[c];
          lone[i] |= withLone[c];
        }
      }
      t.columns[name] = mapDictionary(col, toSafeText);
      t.memo.set(unsafeTextKey(name), unsafe);
    }
    return {
      count: countOnes(changed),
      details: { rowsWithNul: countOnes(nul), rowsWithLoneSurrogate: countOnes(lone) },
    };
  },
  // the identity in SQL: no UTF-8 text holds a lone surrogate and PostgreSQL text cannot hold NUL (DuckDB and
  // BigQuery text can: there a NUL stays, the one difference from the in-memory rule)
  sql: () => ({}),
  sqlChanged: () => 'FALSE',
};
