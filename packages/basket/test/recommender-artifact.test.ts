import { createRecommender, recommenderFromJSON } from '@retailkit/basket';
import { type JsonSchema, type RetailKitError, sealArtifact } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

const model = createRecommender(
  [
    { antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 },
    { antecedents: ['tea', 'milk'], consequents: ['sugar'], support: 0.1, confidence: 0.9, lift: 2.5 },
  ],
  { createdAt: '2011-12-09T12:50:00.000Z' },
);
const withParams = (params: unknown) => sealArtifact({ ...model.toJSON(), params } as never);
const refusal = (json: unknown) => {
  try {
    recommenderFromJSON(json);
  } catch (e) {
    const err = e as RetailKitError;
    return { code: err.code, field: (err.details as { field?: string }).field, message: err.message };
  }
  return null;
};
const good = model.toJSON().params;
const rule0 = good.rules[0];

// issue 17, finding 10: an artifact that passes its checksum is validated against its shape, field by field.
describe('recommenderFromJSON refuses malformed params with a coded error naming the field', () => {
  it.each([
    ['empty params', {}, 'params.k'],
    ['params not an object', [1, 2], 'params'],
    ['k out of range', { ...good, k: 1000 }, 'params.k'],
    ['unknown by', { ...good, by: 'support' }, 'params.by'],
    ['maxRulesPerItem negative', { ...good, maxRulesPerItem: -1 }, 'params.maxRulesPerItem'],
    ['items not strings', { ...good, items: [1] }, 'params.items'],
    ['rules missing', { ...good, rules: undefined }, 'params.rules'],
    ['a rule that is null', { ...good, rules: [null] }, 'params.rules[0]'],
    ['numeric labels', { ...good, rules: [{ ...rule0, antecedents: [1] }] }, 'params.rules[0].antecedents'],
    ['empty consequents', { ...good, rules: [rule0, { ...rule0, consequents: [] }] }, 'params.rules[1].consequents'],
    ['lift a string', { ...good, rules: [{ ...rule0, lift: 'x' }] }, 'params.rules[0].lift'],
    ['support above 1', { ...good, rules: [{ ...rule0, support: 2 }] }, 'params.rules[0].support'],
  ])('%s → ARTIFACT_INVALID at %s', (_name, params, field) => {
    const r = refusal(withParams(params));
    expect(r).toMatchObject({ code: 'ARTIFACT_INVALID', field });
    expect(r?.message).toContain(`${field} must be`);
  });

  it('still loads a well-formed artifact', () => {
    expect(refusal(JSON.parse(JSON.stringify(model.toJSON())))).toBeNull();
  });

  it('createRecommender refuses the same malformed rules up front (INVALID_ARGUMENT)', () => {
    expect(() => createRecommender([{ ...rule0, antecedents: [1 as never] }])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('rules[0].antecedents') }),
    );
  });
});

// issue 17 (server stays responsive): the request schema bounds every array and string it accepts.
describe('the input schema bounds its arrays and strings', () => {
  const unbounded: string[] = [];
  const walk = (s: JsonSchema, path: string) => {
    if (s.type === 'array') {
      if (typeof s.maxItems !== 'number') unbounded.push(`${path} (maxItems)`);
      if (s.items) walk(s.items as JsonSchema, `${path}[]`);
    }
    if (s.type === 'string' && !s.enum && typeof s.maxLength !== 'number') unbounded.push(`${path} (maxLength)`);
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) walk(v, `${path}.${k}`);
  };
  it('every array has maxItems and every free string maxLength', () => {
    walk(model.inputSchema, 'input');
    expect(unbounded).toEqual([]);
    expect(model.inputSchema.properties?.cart).toMatchObject({ maxItems: 1000, items: { maxLength: 256 } });
  });
});
