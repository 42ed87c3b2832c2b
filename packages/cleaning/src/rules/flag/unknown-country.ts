import { dictionaryTest, markByCode } from '../../internal/frames.js';
import { blankSql, isBlank } from '../../internal/lookups.js';
import type { FlagRule } from '../../internal/rule.js';

export const unknownCountry: FlagRule = {
  id: 'unknown-country',
  kind: 'flag',
  column: 'isUnknownCountry',
  description:
    'country missing, blank or a pseudo country (PSEUDO_COUNTRIES: Unspecified, European Community; option pseudoCountries).',
  example: { before: 'country="Unspecified"', after: 'isUnknownCountry=true' },
  mark(t, out) {
    const country = t.canonical.country;
    const unknown = dictionaryTest(country.values, (v) => t.options.pseudo.has(v) || isBlank(v));
    markByCode(country.codes, unknown, 1, out);
  },
  sql: (c) => {
    const country = c.raw.country;
    const pseudo = [...c.options.pseudo].map((v) => c.f.literal(v));
    const listed = pseudo.length > 0 ? ` OR ${country} IN (${pseudo.join(', ')})` : '';
    return `(${country} IS NULL OR ${blankSql(c, country)}${listed})`;
  },
};
