import { type JsonSchema, RetailKitError } from '@retailkit/core';
import { SERVE_ERROR_CODES } from '../errors.js';

/** One schema violation: where (JSONPath and JSON Pointer), which keyword, and a readable message. */
export interface SchemaIssue {
  /** JSONPath of the offending value, e.g. `$.instances[3].recency` (for a missing field: the field's path). */
  readonly path: string;
  /** RFC 6901 JSON Pointer of the same location, e.g. `/instances/3/recency`. */
  readonly pointer: string;
  /** The JSON Schema keyword that failed: `type`, `required`, `additionalProperties`, `minimum`, ... */
  readonly keyword: string;
  /** What is wrong, e.g. `must be a number`. */
  readonly message: string;
}

/**
 * A compiled validator: returns the issues found (empty when valid), at most `maxIssues` of them (default: all).
 * Once `maxIssues` are found it stops walking, so its cost is proportional to what it reports.
 */
export interface Validator {
  (value: unknown, maxIssues?: number): SchemaIssue[];
  /** The schema it was compiled from (the same object, not a copy). */
  readonly schema: JsonSchema;
}

type Path = (string | number)[];
type Check = (v: unknown, path: Path, out: SchemaIssue[]) => void;

/** Assertion keywords of draft 2020-12 that this validator does not implement: refused rather than ignored. */
const UNSUPPORTED = new Set([
  'prefixItems',
  'contains',
  'minContains',
  'maxContains',
  'propertyNames',
  'patternProperties',
  'dependentRequired',
  'dependentSchemas',
  'if',
  'then',
  'else',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
]);

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Render a path stack as JSONPath (`$.a[0]['b c']`). */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let s = '$';
  for (const p of path)
    if (typeof p === 'number') s += `[${p}]`;
    else if (IDENT.test(p)) s += `.${p}`;
    else s += `['${p.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  return s;
}

/** Render a path stack as an RFC 6901 JSON Pointer (`/a/0/b~1c`). */
export function formatJsonPointer(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return s;
}

function issue(out: SchemaIssue[], path: Path, keyword: string, message: string, extra?: string | number): void {
  const full = extra === undefined ? path : [...path, extra];
  out.push({ path: formatJsonPath(full), pointer: formatJsonPointer(full), keyword, message });
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isType(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return false;
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

function unsupported(where: string, what: string): RetailKitError {
  return new RetailKitError(
    SERVE_ERROR_CODES.schemaUnsupported,
    `compileSchema: ${what} at ${where} is not supported by the serve validator. Use the subset documented in core's JsonSchema type.`,
    { details: { at: where, keyword: what } },
  );
}

/**
 * Compile a JSON Schema (the draft 2020-12 subset of core's `JsonSchema` type) into a fast validator that
 * reports **every** violation with the JSONPath and JSON Pointer of the offending field.
 *
 * Supported: `type` (one or a list; `number` means finite, `integer` means `Number.isInteger`), `enum`, `const`,
 * `properties`, `required` (reported at the missing field's path), `additionalProperties` (boolean or schema),
 * `minProperties`/`maxProperties`, `items`, `minItems`/`maxItems`, `uniqueItems`, `minimum`/`maximum`/
 * `exclusiveMinimum`/`exclusiveMaximum`/`multipleOf`, `minLength`/`maxLength` (in code points), `pattern`
 * (Unicode regular expression), `oneOf`/`anyOf`/`allOf`/`not`, and local `$ref` to `#/$defs/...` or
 * `#/definitions/...`. Annotations (`description`, `format`, `examples`, ...) are ignored; unimplemented assertion
 * keywords (`if`, `patternProperties`, ...) are refused at compile time so validation is never silently weaker.
 * Property lookups use own properties only (`__proto__` or `constructor` in the input are ordinary unknown keys).
 *
 * Bounded work: an array longer than its `maxItems` is reported without walking its items, and validation stops
 * walking arrays and objects once `maxIssues` issues are found.
 *
 * Complexity: compile O(schema size); validate O(size of the value) plus O(branches) for `oneOf`/`anyOf`, and
 * O(issues reported) on a value that fails early.
 *
 * @throws RetailKitError `SERVE_SCHEMA_UNSUPPORTED` for an unsupported keyword or `$ref`.
 * @example
 * const v = compileSchema({ type: 'object', properties: { recency: { type: 'number', minimum: 0 } },
 *   required: ['recency'], additionalProperties: false });
 * v({ recency: -1, x: 1 })
 * // [{ path: '$.recency', pointer: '/recency', keyword: 'minimum', message: 'must be >= 0' },
 * //  { path: '$.x', pointer: '/x', keyword: 'additionalProperties', message: 'is not allowed (unknown field)' }]
 */
export function compileSchema(schema: JsonSchema): Validator {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    throw unsupported('#', `a schema of type ${typeOf(schema)}`);
  const root = schema as Record<string, unknown>;
  const refs = new Map<string, Check>();
  /** The issue cap of the current call: array and object walks stop once an output list holds this many. */
  let cap = Number.POSITIVE_INFINITY;

  const resolveRef = (ref: string, where: string): Check => {
    const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
    if (!m) throw unsupported(where, `$ref "${ref}"`);
    const defs = root[m[1]] as Record<string, JsonSchema> | undefined;
    const name = m[2].replace(/~1/g, '/').replace(/~0/g, '~');
    if (!defs || !Object.hasOwn(defs, name)) throw unsupported(where, `unresolved $ref "${ref}"`);
    const cached = refs.get(ref);
    if (cached) return cached;
    let compiled: Check | undefined;
    const lazy: Check = (v, p, o) => compiled!(v, p, o);
    refs.set(ref, lazy);
    compiled = build(defs[name], ref);
    return lazy;
  };

  const build = (s: JsonSchema | boolean, where: string): Check => {
    if (s === true) return () => {};
    if (s === false) return (_v, p, o) => issue(o, p, 'false', 'is not allowed');
    if (s === null || typeof s !== 'object' || Array.isArray(s))
      throw unsupported(where, `a schema of type ${typeOf(s)}`);
    for (const k of Object.keys(s)) {
      if (UNSUPPORTED.has(k)) throw unsupported(where, `keyword "${k}"`);
    }
    const checks: Check[] = [];
    if (s.$ref !== undefined) checks.push(resolveRef(String(s.$ref), where));

    // type
    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
      for (const t of types)
        if (!['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'].includes(t))
          throw unsupported(where, `type "${t}"`);
      const expected = types.map(article).join(' or ');
      if (types.length === 1) {
        const t = types[0];
        checks.push((v, p, o) => {
          if (!isType(v, t)) issue(o, p, 'type', `must be ${expected}`);
        });
      } else
        checks.push((v, p, o) => {
          for (const t of types) if (isType(v, t)) return;
          issue(o, p, 'type', `must be ${expected}`);
        });
    }
    if (s.enum !== undefined) {
      const values = s.enum as readonly unknown[];
      const shown = values.map((x) => JSON.stringify(x)).join(', ');
      checks.push((v, p, o) => {
        for (const x of values) if (deepEqual(v, x)) return;
        issue(o, p, 'enum', `must be one of ${shown}`);
      });
    }
    if (s.const !== undefined) {
      const c = s.const;
      checks.push((v, p, o) => {
        if (!deepEqual(v, c)) issue(o, p, 'const', `must equal ${JSON.stringify(c)}`);
      });
    }

    // numbers
    const num = (key: string, test: (v: number, limit: number) => boolean, text: string) => {
      const limit = s[key];
      if (limit === undefined) return;
      if (typeof limit !== 'number') throw unsupported(where, `non-numeric "${key}"`);
      checks.push((v, p, o) => {
        if (typeof v === 'number' && !test(v, limit)) issue(o, p, key, `must be ${text} ${limit}`);
      });
    };
    num('minimum', (v, l) => v >= l, '>=');
    num('maximum', (v, l) => v <= l, '<=');
    num('exclusiveMinimum', (v, l) => v > l, '>');
    num('exclusiveMaximum', (v, l) => v < l, '<');
    num('multipleOf', (v, l) => Number.isInteger(v / l) || Math.abs(v / l - Math.round(v / l)) < 1e-9, 'a multiple of');

    // strings
    const strLen = (key: 'minLength' | 'maxLength') => {
      const limit = s[key];
      if (limit === undefined) return;
      const min = key === 'minLength';
      checks.push((v, p, o) => {
        if (typeof v !== 'string') return;
        let n = 0;
        for (const _ of v) n++;
        if (min ? n < (limit as number) : n > (limit as number))
          issue(o, p, key, `must have ${min ? 'at least' : 'at most'} ${limit} characters`);
      });
    };
    strLen('minLength');
    strLen('maxLength');
    if (s.pattern !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(String(s.pattern), 'u');
      } catch {
        throw unsupported(where, `pattern ${JSON.stringify(s.pattern)}`);
      }
      checks.push((v, p, o) => {
        if (typeof v === 'string' && !re.test(v)) issue(o, p, 'pattern', `must match the pattern ${re.source}`);
      });
    }

    // arrays
    if (s.minItems !== undefined) {
      const l = s.minItems;
      checks.push((v, p, o) => {
        if (Array.isArray(v) && v.length < l) issue(o, p, 'minItems', `must have at least ${l} items`);
      });
    }
    if (s.maxItems !== undefined) {
      const l = s.maxItems;
      checks.push((v, p, o) => {
        if (Array.isArray(v) && v.length > l) issue(o, p, 'maxItems', `must have at most ${l} items`);
      });
    }
    const tooLong = (v: unknown[]) => s.maxItems !== undefined && v.length > s.maxItems;
    if (s.uniqueItems === true)
      checks.push((v, p, o) => {
        if (!Array.isArray(v) || tooLong(v)) return;
        for (let i = 1; i < v.length; i++)
          for (let j = 0; j < i; j++)
            if (deepEqual(v[i], v[j])) {
              issue(o, p, 'uniqueItems', `must not contain duplicates (items ${j} and ${i} are equal)`);
              return;
            }
      });
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) throw unsupported(where, 'tuple "items" (an array)');
      const item = build(s.items as JsonSchema, `${where}/items`);
      checks.push((v, p, o) => {
        // an array over its maxItems is reported as such, its items are not walked
        if (!Array.isArray(v) || tooLong(v)) return;
        for (let i = 0; i < v.length && o.length < cap; i++) {
          p.push(i);
          item(v[i], p, o);
          p.pop();
        }
      });
    }

    // objects
    const props = new Map<string, Check>();
    if (s.properties !== undefined)
      for (const [k, sub] of Object.entries(s.properties)) props.set(k, build(sub, `${where}/properties/${k}`));
    const required = (s.required ?? []) as readonly string[];
    const ap = s.additionalProperties;
    const extra: Check | null =
      ap === undefined || ap === true
        ? null
        : ap === false
          ? null
          : build(ap as JsonSchema, `${where}/additionalProperties`);
    const forbidExtra = ap === false;
    if (props.size > 0 || required.length > 0 || ap !== undefined) {
      checks.push((v, p, o) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
        const obj = v as Record<string, unknown>;
        for (const r of required) if (!Object.hasOwn(obj, r)) issue(o, p, 'required', 'is required', r);
        for (const k of Object.keys(obj)) {
          if (o.length >= cap) return;
          const sub = props.get(k);
          if (sub !== undefined) {
            p.push(k);
            sub(obj[k], p, o);
            p.pop();
          } else if (forbidExtra) issue(o, p, 'additionalProperties', 'is not allowed (unknown field)', k);
          else if (extra !== null) {
            p.push(k);
            extra(obj[k], p, o);
            p.pop();
          }
        }
      });
    }
    if (s.minProperties !== undefined || s.maxProperties !== undefined) {
      const lo = (s.minProperties as number | undefined) ?? 0;
      const hi = (s.maxProperties as number | undefined) ?? Number.POSITIVE_INFINITY;
      checks.push((v, p, o) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
        const n = Object.keys(v).length;
        if (n < lo) issue(o, p, 'minProperties', `must have at least ${lo} properties`);
        if (n > hi) issue(o, p, 'maxProperties', `must have at most ${hi} properties`);
      });
    }

    // combinators
    const branches = (key: 'oneOf' | 'anyOf' | 'allOf') =>
      ((s[key] ?? []) as readonly JsonSchema[]).map((b, i) => build(b, `${where}/${key}/${i}`));
    if (s.allOf !== undefined) {
      const all = branches('allOf');
      checks.push((v, p, o) => {
        for (const b of all) b(v, p, o);
      });
    }
    for (const key of ['anyOf', 'oneOf'] as const) {
      if (s[key] === undefined) continue;
      const bs = branches(key);
      checks.push((v, p, o) => {
        let matches = 0;
        let best: SchemaIssue[] | null = null;
        for (const b of bs) {
          const tmp: SchemaIssue[] = [];
          b(v, p, tmp);
          if (tmp.length === 0) {
            matches++;
            if (key === 'anyOf') return;
          } else if (best === null || score(tmp, p) < score(best, p)) best = tmp;
        }
        if (matches === 1 && key === 'oneOf') return;
        if (matches > 1) {
          issue(o, p, key, `must match exactly one schema in oneOf; it matches ${matches}`);
          return;
        }
        // none matched: report the closest branch's issues (fewest type mismatches, then fewest issues)
        if (best) for (const x of best) o.push(x);
        else issue(o, p, key, `must match ${key === 'oneOf' ? 'exactly one' : 'at least one'} of the schemas`);
      });
    }
    if (s.not !== undefined) {
      const inner = build(s.not as JsonSchema, `${where}/not`);
      checks.push((v, p, o) => {
        const tmp: SchemaIssue[] = [];
        inner(v, p, tmp);
        if (tmp.length === 0) issue(o, p, 'not', 'must not match the schema in "not"');
      });
    }
    if (checks.length === 0) return () => {};
    if (checks.length === 1) return checks[0];
    return (v, p, o) => {
      for (const c of checks) c(v, p, o);
    };
  };

  const check = build(schema, '#');
  const validator = ((value: unknown, maxIssues?: number) => {
    const out: SchemaIssue[] = [];
    const limit = maxIssues ?? Number.POSITIVE_INFINITY;
    cap = limit;
    try {
      check(value, [], out);
    } finally {
      cap = Number.POSITIVE_INFINITY;
    }
    return out.length > limit ? out.slice(0, limit) : out;
  }) as Validator;
  Object.defineProperty(validator, 'schema', { value: schema, enumerable: true });
  return validator;
}

/** A branch whose root `type` failed is a worse match than one with field-level issues. */
function score(issues: readonly SchemaIssue[], at: Path): number {
  const here = formatJsonPointer(at);
  let s = issues.length;
  for (const x of issues) if (x.keyword === 'type' && x.pointer === here) s += 1000;
  return s;
}
