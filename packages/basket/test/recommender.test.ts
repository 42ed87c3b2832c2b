import {
  associationRules,
  createRecommender,
  fpgrowth,
  type Recommendation,
  recommenderFromJSON,
  recommenderLoader,
} from '@retailkit/basket';
import { sealArtifact } from '@retailkit/core';
import { describe, expect, it } from 'vitest';

// Hand-made rules; expected rankings worked out by hand below.
const rules = [
  { antecedents: ['tea'], consequents: ['cups'], support: 0.2, confidence: 0.8, lift: 2 },
  { antecedents: ['tea'], consequents: ['sugar'], support: 0.3, confidence: 0.6, lift: 3 },
  { antecedents: ['tea', 'milk'], consequents: ['sugar'], support: 0.1, confidence: 0.9, lift: 2.5 },
  { antecedents: ['jam'], consequents: ['bread'], support: 0.4, confidence: 0.95, lift: 1.1 },
  { antecedents: ['tea'], consequents: ['milk', 'spoon'], support: 0.05, confidence: 0.5, lift: 4 },
];

/** The model's answer with every option at hand (k per call, by per call, three rules per item). */
function recommend(
  cart: string[],
  r: typeof rules,
  o: { k?: number; by?: 'confidence' | 'lift' } = {},
): Recommendation[] {
  return createRecommender(r).recommend(cart, o);
}

describe('recommendations: consequents of the rules that fire, best rule first', () => {
  it('ranks consequents of the rules that fire, by confidence (max over rules)', () => {
    // cart {tea}: cups .8 (lift 2), sugar .6 (lift 3), milk .5, spoon .5 (both lift 4; tie → support .05, label)
    const r = recommend(['tea'], rules, { k: 10 });
    expect(r.map((x) => [x.item, x.score])).toEqual([
      ['cups', 0.8],
      ['sugar', 0.6],
      ['milk', 0.5],
      ['spoon', 0.5],
    ]);
    expect(r[1].rules).toEqual([rules[1]]);
  });

  it('uses the better rule when more fire, and skips items already in the cart', () => {
    // cart {tea, milk}: sugar via tea+milk .9 beats tea .6; milk in cart; spoon .5
    const r = recommend(['tea', 'milk'], rules, { k: 3 });
    expect(r.map((x) => [x.item, x.score, x.lift])).toEqual([
      ['sugar', 0.9, 2.5],
      ['cups', 0.8, 2],
      ['spoon', 0.5, 4],
    ]);
    expect(r[0].rules.map((x) => x.confidence)).toEqual([0.9, 0.6]);
  });

  it('by lift', () => {
    expect(recommend(['tea'], rules, { k: 2, by: 'lift' }).map((x) => [x.item, x.score])).toEqual([
      ['milk', 4],
      ['spoon', 4],
    ]);
  });

  it('empty or unknown carts give nothing; bad input is INVALID_ARGUMENT', () => {
    expect(recommend([], rules)).toEqual([]);
    expect(recommend(['caviar'], rules)).toEqual([]);
    expect(() => recommend('tea' as never, rules)).toThrow(/cart must be an array of item labels/);
    expect(() => recommend(['tea'], rules, { k: 0 })).toThrow(/k must be an integer >= 1/);
    expect(() => createRecommender(rules, { k: 101 })).toThrow(/k must be an integer in \[1, 100\]/);
    expect(() => createRecommender([{ ...rules[0], consequents: [] }])).toThrow(/rules\[0\]\.consequents must be/);
    expect(() => createRecommender(rules, { createdAt: 'yesterday' })).toThrow(/createdAt must be an ISO 8601/);
  });
});

describe('createRecommender: the Predictor and its artifact', () => {
  const model = createRecommender(rules, { createdAt: '2011-12-09T12:50:00.000Z', k: 2 });

  it('is a Predictor named recommender of kind basket.recommender', () => {
    expect(model.name).toBe('recommender');
    expect(model.kind).toBe('basket.recommender');
    expect(model.version).toBe('2011-12-09T12:50:00.000Z');
    expect(model.predict({ cart: ['tea', 'milk'] })).toEqual({ items: recommend(['tea', 'milk'], rules, { k: 2 }) });
    expect(model.recommend(['tea', 'milk'])).toEqual(model.predict({ cart: ['tea', 'milk'] }).items);
    expect(model.predict({ cart: ['tea'], k: 1, by: 'lift' }).items.map((x) => x.item)).toEqual(['milk']);
  });

  it('input schema names required fields and forbids unknown ones', () => {
    expect(model.inputSchema.required).toEqual(['cart']);
    expect(model.inputSchema.additionalProperties).toBe(false);
    expect(model.outputSchema.required).toEqual(['items']);
    expect(model.toJSON().inputSchema).toEqual(model.inputSchema);
  });

  it('round-trips through JSON with a verified checksum', () => {
    const text = JSON.stringify(model.toJSON());
    const back = recommenderFromJSON(JSON.parse(text));
    expect(back.predict({ cart: ['tea', 'milk'] })).toEqual(model.predict({ cart: ['tea', 'milk'] }));
    expect(back.toJSON().checksum).toBe(model.toJSON().checksum);
    const tampered = JSON.parse(text);
    tampered.params.rules[0].confidence = 0.1;
    expect(() => recommenderFromJSON(tampered)).toThrow(expect.objectContaining({ code: 'ARTIFACT_CHECKSUM' }));
    expect(() => recommenderFromJSON({ ...JSON.parse(text), kind: 'rfm.segmenter' })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_KIND' }),
    );
  });

  it('refuses a sealed artifact whose params are malformed (ARTIFACT_INVALID), before building anything', () => {
    const bad = sealArtifact({ ...model.toJSON(), params: { ...model.toJSON().params, by: 'support' } });
    expect(() => recommenderFromJSON(bad)).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INVALID', message: expect.stringMatching(/by must be/) }),
    );
    const noRules = sealArtifact({ ...model.toJSON(), params: { ...model.toJSON().params, rules: [{}] } });
    expect(() => recommenderFromJSON(noRules)).toThrow(expect.objectContaining({ code: 'ARTIFACT_INVALID' }));
  });

  it('recommenderLoader is the PredictorLoader of kind basket.recommender', () => {
    expect(recommenderLoader.kind).toBe('basket.recommender');
    expect(recommenderLoader.kind).toBe(model.kind);
    const back = recommenderLoader.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(back.predict({ cart: ['tea'] })).toEqual(model.predict({ cart: ['tea'] }));
  });

  it('is deterministic: same rules and options give the same artifact, never reading the clock', () => {
    const again = createRecommender(rules, { createdAt: '2011-12-09T12:50:00.000Z', k: 2 });
    expect(again.toJSON()).toEqual(model.toJSON());
  });

  it('accepts full rules from associationRules', () => {
    const table = fpgrowth([['a', 'b'], ['a', 'b'], ['a'], ['c']], { minSupport: 0.5 });
    const m = createRecommender(associationRules(table, { metric: 'lift', minThreshold: 1 }));
    // b → a: confidence 1, a → b: 2/3
    expect(m.predict({ cart: ['b'] }).items.map((x) => [x.item, x.score])).toEqual([['a', 1]]);
    expect(m.params.items).toEqual(['a', 'b']);
  });
});
