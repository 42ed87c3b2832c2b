import type { StringColumn } from '@retailkit/core';
import { dictionaryTest } from '../../internal/frames.js';
import { blankSql, isBlank } from '../../internal/lookups.js';
import type { TransformRule } from '../../internal/rule.js';
import type { RuleSql } from '../../internal/rule-sql.js';
import { working } from '../../internal/table.js';

/** What a missing or blank description becomes. */
export const NO_DESCRIPTION = 'No Description';

export const fillDescription: TransformRule = {
  id: 'fill-description',
  kind: 'transform',
  column: 'description',
  description:
    'missing or blank description → "No Description" (blank: empty, or only whitespace when trimDescriptions is on); count = rows filled.',
  example: { before: 'description=null', after: 'description="No Description"' },
  apply(t) {
    const d = working(t, 'description');
    const blank = dictionaryTest(d.values, t.options.trimDescriptions ? isBlank : (v) => v === '');
    let code = d.values.indexOf(NO_DESCRIPTION);
    const values = code < 0 ? [...d.values, NO_DESCRIPTION] : d.values;
    if (code < 0) code = values.length - 1;
    const codes = new Int32Array(t.n);
    const count = fillCodes(d.codes, blank, code, t.reason, codes);
    t.columns.description = { type: 'string', codes, values } satisfies StringColumn;
    return { count };
  },
  sql: (c) => ({
    description: `CASE WHEN ${fillableSql(c)} THEN ${c.f.literal(NO_DESCRIPTION)} ELSE ${c.col.description} END`,
  }),
  sqlChanged: (c) => fillableSql(c),
};

/** A missing or blank working description (blank: trimmed empty with trimDescriptions, else the empty string). */
const fillableSql = (c: RuleSql): string => {
  const d = c.col.description;
  return `(${d} IS NULL OR ${c.options.trimDescriptions ? blankSql(c, d) : `${d} = ''`})`;
};

/** `out` = `codes` with missing or `fillable` codes replaced by `fillCode`; returns the trusted rows filled. */
function fillCodes(codes: Int32Array, fillable: Uint8Array, fillCode: number, reason: Uint8Array, out: Int32Array) {
  let filled = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c < 0 || fillable[c] !== 0) {
      out[i] = fillCode;
      if (reason[i] === 0) filled++;
    } else out[i] = c;
  }
  return filled;
}
