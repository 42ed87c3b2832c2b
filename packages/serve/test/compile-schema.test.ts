import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSchema, formatJsonPath, formatJsonPointer } from '../src/internal/compile-schema.js';
import { CENTROID_INPUT } from './fixtures/centroid.js';

// Expected issues below are hand-computed from the JSON Schema 2020-12 specification.
describe('compileSchema', () => {
  const v = compileSchema(CENTROID_INPUT);

  it('accepts a valid instance', () => {
    expect(v({ recency: 3.5, frequency: 2, monetary: -10 })).toEqual([]);
  });

  it('reports every offending field with its path: missing, wrong type, range, unknown', () => {
    expect(v({ recency: -1, frequency: 1.5, extra: true, 'we ird': 1 })).toEqual([
      { path: '$.monetary', pointer: '/monetary', keyword: 'required', message: 'is required' },
      { path: '$.recency', pointer: '/recency', keyword: 'minimum', message: 'must be >= 0' },
      { path: '$.frequency', pointer: '/frequency', keyword: 'type', message: 'must be an integer' },
      {
        path: '$.extra',
        pointer: '/extra',
        keyword: 'additionalProperties',
        message: 'is not allowed (unknown field)',
      },
      {
        path: "$['we ird']",
        pointer: '/we ird',
        keyword: 'additionalProperties',
        message: 'is not allowed (unknown field)',
      },
    ]);
    expect(v([1])).toEqual([{ path: '$', pointer: '', keyword: 'type', message: 'must be an object' }]);
    expect(v(null)).toEqual([{ path: '$', pointer: '', keyword: 'type', message: 'must be an object' }]);
  });

  it('treats __proto__ and constructor in the input as ordinary unknown keys', () => {
    const input = JSON.parse('{"recency":1,"frequency":1,"monetary":1,"__proto__":{"x":1},"constructor":2}');
    expect(v(input).map((i) => i.path)).toEqual(['$.__proto__', '$.constructor']);
  });

  it('nests paths through arrays, items and combinators', () => {
    const batch = compileSchema({
      type: 'object',
      properties: { instances: { type: 'array', items: CENTROID_INPUT, minItems: 1, maxItems: 3 } },
      required: ['instances'],
      additionalProperties: false,
    });
    expect(
      batch({
        instances: [{ recency: 1, frequency: 1, monetary: 1 }, { recency: 'x', frequency: 1, monetary: 1 }, 5],
      }),
    ).toEqual([
      { path: '$.instances[1].recency', pointer: '/instances/1/recency', keyword: 'type', message: 'must be a number' },
      { path: '$.instances[2]', pointer: '/instances/2', keyword: 'type', message: 'must be an object' },
    ]);
    expect(batch({ instances: [] })[0]).toMatchObject({ path: '$.instances', keyword: 'minItems' });
    expect(batch({ instances: [{}, {}, {}, {}] })[0]).toMatchObject({ keyword: 'maxItems' });
  });

  it('supports enum, const, strings, multiple types, oneOf/anyOf/allOf/not and local $ref', () => {
    const s = compileSchema({
      $defs: { sku: { type: 'string', minLength: 1, maxLength: 3, pattern: '^[0-9A-Z]+$' } },
      type: 'object',
      properties: {
        cart: { type: 'array', items: { $ref: '#/$defs/sku' }, uniqueItems: true },
        k: { type: ['integer', 'null'], exclusiveMinimum: 0, maximum: 10 },
        mode: { enum: ['a', 'b'] },
        v: { const: 1 },
        u: { oneOf: [{ type: 'string' }, { type: 'number', multipleOf: 0.5 }] },
        w: { anyOf: [{ type: 'string' }, { type: 'boolean' }] },
        n: { not: { type: 'string' } },
        all: { allOf: [{ type: 'number' }, { minimum: 2 }] },
      },
    });
    expect(s({ cart: ['A1', '85123A', 'a', 'A1', '🙂🙂'], k: null, mode: 'a', v: 1, u: 1.5, w: true, all: 3 })).toEqual(
      [
        {
          path: '$.cart',
          pointer: '/cart',
          keyword: 'uniqueItems',
          message: 'must not contain duplicates (items 0 and 3 are equal)',
        },
        { path: '$.cart[1]', pointer: '/cart/1', keyword: 'maxLength', message: 'must have at most 3 characters' },
        { path: '$.cart[2]', pointer: '/cart/2', keyword: 'pattern', message: 'must match the pattern ^[0-9A-Z]+$' },
        { path: '$.cart[4]', pointer: '/cart/4', keyword: 'pattern', message: 'must match the pattern ^[0-9A-Z]+$' },
      ],
    );
    const bad = s({ k: 0, mode: 'c', v: 2, u: 1.2, w: 3, n: 'x', all: 1 });
    expect(bad.map((i) => `${i.path} ${i.keyword}`)).toEqual([
      '$.k exclusiveMinimum',
      '$.mode enum',
      '$.v const',
      '$.u multipleOf',
      '$.w type',
      '$.n not',
      '$.all minimum',
    ]);
    expect(s({ k: 2.5 })[0]).toMatchObject({ message: 'must be an integer or a null' });
  });

  it('refuses unsupported keywords and unresolved references at compile time', () => {
    expect(() => compileSchema({ type: 'object', if: { type: 'object' } })).toThrow(/keyword "if"/);
    expect(() => compileSchema({ $ref: 'https://example.com/s.json' })).toThrow(/SERVE|not supported/);
    expect(() => compileSchema({ $ref: '#/$defs/missing' })).toThrow(/unresolved/);
  });

  it('formats paths as JSONPath and JSON Pointer (RFC 6901 escaping)', () => {
    expect(formatJsonPath(['a', 0, "it's", 'b/c'])).toBe("$.a[0]['it\\'s']['b/c']");
    expect(formatJsonPointer(['a', 0, 'm~n', 'b/c'])).toBe('/a/0/m~0n/b~1c');
  });

  it('property: valid instances pass; breaking one field reports exactly that field', () => {
    const valid = fc.record({
      recency: fc.double({ min: 0, max: 1e6, noNaN: true }),
      frequency: fc.integer({ min: 1, max: 1e6 }),
      monetary: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        valid,
        fc.constantFrom('recency', 'frequency', 'monetary'),
        fc.oneof(fc.string(), fc.boolean(), fc.constant(null)),
        (x, field, junk) => {
          expect(v(x)).toEqual([]);
          const broken = { ...x, [field]: junk };
          const issues = v(broken);
          expect(issues.map((i) => i.path)).toEqual([`$.${field}`]);
        },
      ),
    );
  });
});
