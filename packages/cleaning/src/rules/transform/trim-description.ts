import { countTrustedByCode, dictionaryTest, mapDictionary } from '../../internal/frames.js';
import type { TransformRule } from '../../internal/rule.js';
import { working } from '../../internal/table.js';

export const trimDescription: TransformRule = {
  id: 'trim-description',
  kind: 'transform',
  column: 'description',
  description:
    'leading/trailing whitespace removed from descriptions (option trimDescriptions, default true; off: the rule does not run and is not reported); count = rows whose description as read had such whitespace.',
  example: { before: 'description="WHITE METAL LANTERN "', after: 'description="WHITE METAL LANTERN"' },
  enabled: (options) => options.trimDescriptions,
  apply(t) {
    const read = t.canonical.description;
    const changed = dictionaryTest(read.values, (v) => v !== v.trim());
    t.columns.description = mapDictionary(working(t, 'description'), (v) => v.trim());
    return { count: countTrustedByCode(read.codes, changed, 0, t.reason) };
  },
  sql: (c) => ({ description: c.f.trim(c.col.description) }),
  sqlChanged: (c) => `${c.raw.description} <> ${c.f.trim(c.raw.description)}`,
};
