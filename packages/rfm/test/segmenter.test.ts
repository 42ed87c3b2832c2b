import { sealArtifact, toRows } from '@retailkit/core';
import {
  customerFeatures,
  fitSegmenter,
  RFM_ERROR_CODES,
  type SegmenterParams,
  segmenterFromJSON,
  segmenterLoader,
} from '@retailkit/rfm';
import { describe, expect, it } from 'vitest';
import { fixtureFrame } from './fixtures/load.js';

const small = { seed: 1, kRange: [2, 2] as const, churn: false, folds: 2, candidates: 3 };
const fitted = fitSegmenter(fixtureFrame(), small);
const artifact = () => JSON.parse(JSON.stringify(fitted.model.toJSON()));
const tx = [
  { invoiceNo: '1', stockCode: 'A', quantity: 6, invoiceDate: '2011-11-01 10:00:00', unitPrice: 2.5 },
  { invoiceNo: '2', stockCode: 'B', quantity: 2, invoiceDate: '2011-12-01 10:00:00', unitPrice: 4 },
];

describe('segmenterFromJSON and segmenterLoader', () => {
  it('load the artifact as a Predictor that predicts like the fitted model', async () => {
    const loaded = segmenterFromJSON(artifact());
    expect([loaded.name, loaded.kind, segmenterLoader.kind]).toEqual(['segments', 'rfm.segmenter', 'rfm.segmenter']);
    expect(segmenterLoader.fromJSON(artifact()).toJSON().checksum).toBe(fitted.model.toJSON().checksum);
    for (const row of toRows(customerFeatures(fixtureFrame()))) {
      const features = Object.fromEntries(loaded.toJSON().params.inputFeatures.map((f) => [f, row[f] as number]));
      expect(await loaded.predict({ features })).toEqual(await fitted.model.predict({ features }));
    }
  });

  it('publish an input schema naming every feature and forbidding others', () => {
    const schema = fitted.model.inputSchema as {
      properties: { features: { required: string[]; additionalProperties: boolean } };
      additionalProperties: boolean;
    };
    expect(schema.properties.features.required).toEqual(fitted.model.toJSON().params.inputFeatures);
    expect(schema.properties.features.additionalProperties).toBe(false);
    expect(schema.additionalProperties).toBe(false);
  });

  it('refuse a changed artifact, another kind and malformed parameters', () => {
    const tampered = artifact();
    tampered.params.k = 3;
    expect(() => segmenterFromJSON(tampered)).toThrow(/checksum/);
    expect(() => segmenterFromJSON({ ...artifact(), kind: 'basket.recommender' })).toThrow(
      /expected kind "rfm.segmenter"/,
    );
    const { checksum: _, schemaVersion: __, ...rest } = artifact();
    const bad = sealArtifact<SegmenterParams>({ ...rest, params: { ...rest.params, centroids: [1, 2] } });
    expect(() => segmenterFromJSON(bad)).toThrow(/^segmenterFromJSON: params.centroids must be \d+ numbers/);
  });
});

describe('Segmenter.predict', () => {
  it('predicts from transactions the same as from the features they produce', async () => {
    const a = await fitted.model.predict({ transactions: tx });
    const b = await fitted.model.predict({ features: a.features });
    expect(b.segment).toBe(a.segment);
    expect(a.features.frequency).toBe(2);
    expect(a.features.recency).toBe(9);
    expect(a.rule).toMatch(/→/);
  });

  it('refuses unknown, missing and non-numeric features with RFM_BAD_INPUT', async () => {
    const { features } = await fitted.model.predict({ transactions: tx });
    const code = async (input: unknown) => {
      try {
        await fitted.model.predict(input as never);
      } catch (e) {
        return [(e as { code: string }).code, (e as Error).message];
      }
      return ['no error', ''];
    };
    expect(await code({ features: { ...features, extra: 1 } })).toEqual([
      RFM_ERROR_CODES.badInput,
      expect.stringMatching(/^segments.predict: unknown feature "extra"/),
    ]);
    const { recency: _, ...missing } = features;
    expect((await code({ features: missing }))[1]).toMatch(/feature "recency" must be a finite number/);
    expect((await code({ features: { ...features, recency: 'x' } }))[0]).toBe(RFM_ERROR_CODES.badInput);
  });

  it('refuses transactions when fitted on caller-computed features, naming the features to pass', async () => {
    const table = customerFeatures(fixtureFrame());
    const { model } = fitSegmenter(fixtureFrame(), {
      ...small,
      features: { table, columns: ['recency', 'frequency', 'monetary'], name: 'mine' },
    });
    await expect(async () => model.predict({ transactions: tx })).rejects.toThrow(
      /fitted on caller-computed features \("mine"\).*pass \{ features: \{ recency, frequency, monetary \} \}/,
    );
    const out = await model.predict({ features: { recency: 3, frequency: 2, monetary: 40 } });
    expect(out.churnProbability).toBeNull();
  });
});
