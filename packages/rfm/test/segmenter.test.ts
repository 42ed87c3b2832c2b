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

describe('segmenter artifacts that pass their checksum but do not fit', () => {
  // issue 17, finding 10: params = {} crashed start-up with an uncoded TypeError
  const reseal = (params: unknown) => {
    const { checksum: _, schemaVersion: __, ...rest } = artifact();
    return sealArtifact<SegmenterParams>({ ...rest, params: params as SegmenterParams });
  };
  const refusal = (params: unknown) => {
    try {
      segmenterFromJSON(reseal(params));
    } catch (e) {
      return [(e as { code: string }).code, (e as { details: { field: string } }).details.field];
    }
    return ['no error', ''];
  };
  it('refuses empty, null and malformed parameters with ARTIFACT_INVALID naming the field', () => {
    const p = artifact().params;
    expect(refusal({})).toEqual(['ARTIFACT_INVALID', 'preset']);
    expect(refusal(null)).toEqual(['ARTIFACT_INVALID', '']);
    expect(refusal([])).toEqual(['ARTIFACT_INVALID', '']);
    expect(refusal({ ...p, tree: { ...p.tree, nodes: [null] } })).toEqual(['ARTIFACT_INVALID', 'tree.nodes[0]']);
    expect(refusal({ ...p, names: [] })).toEqual(['ARTIFACT_INVALID', 'names']);
    expect(refusal({ ...p, scaler: { ...p.scaler, log: p.scaler.log.map(() => 'yes') } })).toEqual([
      'ARTIFACT_INVALID',
      'scaler',
    ]);
    expect(refusal({ ...p, churn: { horizon: 90, bgNbd: null } })).toEqual(['ARTIFACT_INVALID', 'churn']);
  });
});

describe('Segmenter input bounds and cost', () => {
  // issue 17, finding 1: every array and string of a request schema is bounded
  it('bounds the transactions array and every string of its input schema', () => {
    const props = (fitted.model.inputSchema as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.transactions.maxItems).toBe(10_000);
    const tx = (props.transactions.items as { properties: Record<string, { maxLength?: number }> }).properties;
    expect([tx.invoiceNo.maxLength, tx.stockCode.maxLength, tx.invoiceDate.maxLength]).toEqual([64, 64, 32]);
    expect(props.asOf.maxLength).toBe(32);
  });
  it('costs features × centroids plus tree nodes, and more per transaction', () => {
    const p = fitted.model.toJSON().params;
    const base = p.features.length * p.k + p.tree.nodes.length; // the documented formula
    const features = Object.fromEntries(p.inputFeatures.map((f) => [f, 1]));
    expect(fitted.model.cost?.({ features })).toBe(base);
    expect(fitted.model.cost?.({ transactions: tx })).toBe(base + 2 * 200);
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
