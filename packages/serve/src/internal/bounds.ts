import type { JsonSchema } from '@retailkit/core';

/** Bounds serve applies where an input schema leaves an array or a string unbounded (see `HandlerOptions.limits`). */
export interface SchemaLimits {
  /** `maxItems` given to every array schema without one. Default 10,000. */
  readonly maxItems: number;
  /** `maxLength` given to every string schema without one. Default 1,000. */
  readonly maxLength: number;
}

export const DEFAULT_LIMITS: SchemaLimits = { maxItems: 10_000, maxLength: 1_000 };

const SUBSCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf'] as const;
const SUBSCHEMA_MAPS = ['properties', '$defs', 'definitions'] as const;

const hasType = (s: JsonSchema, t: string): boolean =>
  s.type === t || (Array.isArray(s.type) && (s.type as readonly string[]).includes(t));

/**
 * `schema` with a `maxItems` on every array schema and a `maxLength` on every string schema (the schema's own bound
 * when it has one, else `limits`'), through `properties`, `items`, `additionalProperties`, `oneOf`/`anyOf`/`allOf`,
 * `not` and `$defs`. The original is not modified: what changes is copied, and a schema already bounded everywhere
 * is returned as is (the same object). O(schema size).
 */
export function boundSchema(schema: JsonSchema, limits: SchemaLimits): JsonSchema {
  const walk = (s: JsonSchema): JsonSchema => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return s;
    const out: JsonSchema = { ...s };
    let changed = false;
    const set = (key: string, value: unknown) => {
      if (value !== s[key]) {
        out[key] = value;
        changed = true;
      }
    };
    if ((hasType(s, 'array') || s.items !== undefined) && s.maxItems === undefined) set('maxItems', limits.maxItems);
    if (hasType(s, 'string') && s.maxLength === undefined) set('maxLength', limits.maxLength);
    if (s.items !== undefined && typeof s.items === 'object') set('items', walk(s.items));
    if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object')
      set('additionalProperties', walk(s.additionalProperties));
    if (s.not !== undefined && typeof s.not === 'object') set('not', walk(s.not as JsonSchema));
    for (const k of SUBSCHEMA_LISTS)
      if (Array.isArray(s[k])) {
        const list = s[k] as JsonSchema[];
        const walked = list.map(walk);
        if (walked.some((b, i) => b !== list[i])) set(k, walked);
      }
    for (const k of SUBSCHEMA_MAPS) {
      const m = s[k] as Record<string, JsonSchema> | undefined;
      if (m === null || typeof m !== 'object') continue;
      const walked = Object.entries(m).map(([name, sub]) => [name, walk(sub)] as const);
      if (walked.some(([name, sub]) => sub !== m[name])) set(k, Object.fromEntries(walked));
    }
    return changed ? out : s;
  };
  return walk(schema);
}
