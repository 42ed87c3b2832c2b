import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelArtifact, sealArtifact } from '@retailkit/core';
import { loadModels } from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactChecksum } from '../../core/src/artifact.js';
import { centroidArtifact, centroidFromJSON, centroidLoader } from './fixtures/centroid.js';
import { rejection } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh folder holding `files` (name → text). */
async function folder(files: Record<string, string>): Promise<string> {
  const sub = await mkdtemp(join(dir, 'models-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(sub, name), text);
  return sub;
}

const loaders = [centroidLoader];

describe('loadModels from a folder', () => {
  it('loads every *.json, sorted by file name, ignoring other files, into working predictors', async () => {
    const sub = await folder({
      'b.json': JSON.stringify(centroidArtifact({ name: 'beta' })),
      'a.json': JSON.stringify(centroidArtifact({ name: 'alpha' })),
      'notes.txt': 'not an artifact',
    });
    const ps = await loadModels({ dir: sub, loaders });
    expect(ps.map((p) => p.name)).toEqual(['alpha', 'beta']);
    expect(ps[0].toJSON()).toEqual(centroidArtifact({ name: 'alpha' }));
    // hand-computed: (12, 9, 900) is nearest to centroid 0 (10, 10, 1000): d² = 4 + 1 + 10000 vs 188² + 8² + 850²
    expect(ps[0].predict({ recency: 12, frequency: 9, monetary: 900 })).toEqual({ segment: 'champions', cluster: 0 });
  });

  it('names the failing file, and leaves the files alone', async () => {
    const sub = await folder({
      'a.json': JSON.stringify(centroidArtifact({ name: 'alpha' })),
      'c.json': JSON.stringify(centroidArtifact({ name: 'gamma', kind: 'nope.kind' })),
    });
    const err = await rejection(loadModels({ dir: sub, loaders }));
    expect(err.code).toBe('SERVE_UNKNOWN_KIND');
    expect(err.message).toContain('c.json');
    expect(JSON.parse(await readFile(join(sub, 'a.json'), 'utf8')).name).toBe('alpha');
  });

  it('refuses a tampered file (checksum)', async () => {
    const a = centroidArtifact() as unknown as { params: { labels: string[] } };
    a.params.labels[0] = 'whales';
    const err = await rejection(loadModels({ dir: await folder({ 'tampered.json': JSON.stringify(a) }), loaders }));
    expect(err.code).toBe('ARTIFACT_CHECKSUM');
    expect(err.message).toContain('tampered.json');
  });

  it('refuses a newer schema version even with a valid checksum', async () => {
    const { checksum: _c, ...rest } = centroidArtifact();
    const newer = { ...rest, schemaVersion: 2 };
    const sealed = { ...newer, checksum: artifactChecksum(newer as ModelArtifact) };
    const err = await rejection(loadModels({ dir: await folder({ 'n.json': JSON.stringify(sealed) }), loaders }));
    expect(err.code).toBe('ARTIFACT_VERSION');
  });

  it('refuses invalid JSON, a non-object, missing fields and a missing folder with clear codes', async () => {
    const codeFor = async (text: string) =>
      (await rejection(loadModels({ dir: await folder({ 'x.json': text }), loaders }))).code;
    expect(await codeFor('{"kind": "x",')).toBe('SERVE_ARTIFACT_PARSE');
    expect(await codeFor('[1,2]')).toBe('ARTIFACT_INVALID');
    expect(await codeFor('{"kind": "x"}')).toBe('ARTIFACT_INVALID');
    const err = await rejection(loadModels({ dir: join(dir, 'nope'), loaders }));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
    expect(err.retryable).toBe(true);
  });

  it('refuses a loader that returns something that is not a Predictor, naming the kind and file', async () => {
    const bad = [{ kind: 'test.centroid', fromJSON: () => ({ name: 'x' }) as never }];
    const err = await rejection(
      loadModels({ dir: await folder({ 's.json': JSON.stringify(centroidArtifact()) }), loaders: bad }),
    );
    expect(err.code).toBe('SERVE_INVALID_PREDICTOR');
    expect(err.message).toMatch(/"test\.centroid".*s\.json/);
  });

  it('evaluates no code from an artifact and is immune to __proto__ keys', async () => {
    const text = JSON.stringify(centroidArtifact()).replace(
      '"params":{',
      '"params":{"__proto__":{"polluted":true},"toString":"function(){throw 1}",',
    );
    let called = false;
    const spy = [
      {
        kind: 'test.centroid',
        fromJSON: (json: unknown) => {
          called = true;
          return centroidFromJSON(json);
        },
      },
    ];
    // the checksum no longer matches the edited text: verification refuses it before any loader runs
    const err = await rejection(loadModels({ dir: await folder({ 'p.json': text }), loaders: spy }));
    expect(err.code).toBe('ARTIFACT_CHECKSUM');
    expect(called).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // sealed with the odd keys inside: it verifies, loads as plain data, and pollutes nothing
    const { checksum: _c, schemaVersion: _v, ...rest } = JSON.parse(text) as ModelArtifact;
    const sealed = JSON.stringify(sealArtifact(rest));
    const [loaded] = await loadModels({ dir: await folder({ 'p.json': sealed }), loaders: spy });
    expect(called).toBe(true);
    expect(Object.hasOwn(loaded.toJSON().params as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof (loaded.toJSON().params as Record<string, unknown>).toString).toBe('string');
  });
});

describe('loadModels from an object store', () => {
  it('loads keys in order from any object with get(key) returning bytes or text', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(centroidArtifact({ name: 'a' })));
    const store = {
      async get(key: string) {
        if (key === 'models/a.json') return bytes;
        if (key === 'models/b.json') return JSON.stringify(centroidArtifact({ name: 'b' }));
        throw new Error(`NoSuchKey: ${key}`);
      },
    };
    const ps = await loadModels({ store, keys: ['models/b.json', 'models/a.json'], loaders });
    expect(ps.map((p) => p.name)).toEqual(['b', 'a']);
    const err = await rejection(loadModels({ store, keys: ['models/missing.json'], loaders }));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('models/missing.json');
  });

  it('loads from a connectors lake (localLake implements ArtifactStore)', async () => {
    const { localLake } = await import('@retailkit/connectors');
    const lake = localLake(join(dir, 'lake'));
    await lake.put('models/segments.json', new TextEncoder().encode(JSON.stringify(centroidArtifact())));
    const [p] = await loadModels({ store: lake, keys: ['models/segments.json'], loaders });
    expect(p.toJSON()).toEqual(centroidArtifact());
    const err = await rejection(loadModels({ store: lake, keys: ['models/none.json'], loaders }));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
  });

  it('takes exactly one of dir and store, and keys with a store', async () => {
    const store = { get: async () => '' };
    for (const options of [{}, { dir, store, keys: [] }, { store }, { store, keys: 'models/a.json' }]) {
      const err = await rejection(loadModels({ ...options, loaders } as never));
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toMatch(/^loadModels: /);
    }
  });
});
