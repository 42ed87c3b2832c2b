import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ModelArtifact, RetailKitError, sealArtifact } from '@retailkit/core';
import {
  createLoaderRegistry,
  defaultLoaders,
  loadModelDir,
  loadModelsFromStore,
  loadPredictor,
  parseArtifact,
  readArtifact,
  registerLoader,
} from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactChecksum } from '../../core/src/artifact.js';
import { centroidArtifact, centroidLoader } from './fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as RetailKitError).code;
  }
  return undefined;
}

async function asyncCodeOf(p: Promise<unknown>): Promise<RetailKitError> {
  try {
    await p;
  } catch (e) {
    return e as RetailKitError;
  }
  throw new Error('expected a rejection');
}

const loaders = { 'test.centroid': centroidLoader };

describe('readArtifact / loadPredictor', () => {
  it('loads a file, verifies it and builds a working predictor', async () => {
    const path = join(dir, 'segments.json');
    await writeFile(path, JSON.stringify(centroidArtifact()));
    const artifact = await readArtifact(path);
    expect(artifact).toEqual(centroidArtifact());
    const p = loadPredictor(artifact, { loaders });
    expect(p.name).toBe('segments');
    // hand-computed: (12, 9, 900) is nearest to centroid 0 (10, 10, 1000): d² = 4 + 1 + 10000 vs 188² + 8² + 850²
    expect(p.predict({ recency: 12, frequency: 9, monetary: 900 })).toEqual({ segment: 'champions', cluster: 0 });
  });

  it('loads from any object store with get(key) returning bytes or text', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(centroidArtifact({ name: 'a' })));
    const store = {
      async get(key: string) {
        if (key === 'models/a.json') return bytes;
        if (key === 'models/b.json') return JSON.stringify(centroidArtifact({ name: 'b' }));
        throw new Error(`NoSuchKey: ${key}`);
      },
    };
    const ps = await loadModelsFromStore(store, ['models/a.json', 'models/b.json'], { loaders });
    expect(ps.map((p) => p.name)).toEqual(['a', 'b']);
    const err = await asyncCodeOf(readArtifact({ store, key: 'models/missing.json' }));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('models/missing.json');
  });

  it('loads from a connectors lake (localLake implements ArtifactStore)', async () => {
    const { localLake } = await import('@retailkit/connectors');
    const lake = localLake(join(dir, 'lake'));
    await lake.put('models/segments.json', new TextEncoder().encode(JSON.stringify(centroidArtifact())));
    const [p] = await loadModelsFromStore(lake, ['models/segments.json'], { loaders });
    expect(p.toJSON()).toEqual(centroidArtifact());
    const err = await asyncCodeOf(readArtifact({ store: lake, key: 'models/none.json' }));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
  });

  it('refuses a tampered file (checksum)', async () => {
    const a = centroidArtifact() as unknown as { params: { labels: string[] } };
    a.params.labels[0] = 'whales';
    const path = join(dir, 'tampered.json');
    await writeFile(path, JSON.stringify(a));
    const err = await asyncCodeOf(readArtifact(path));
    expect(err.code).toBe('ARTIFACT_CHECKSUM');
    expect(err.message).toContain('tampered.json');
  });

  it('refuses a newer schema version even with a valid checksum', () => {
    const { checksum: _c, ...rest } = centroidArtifact();
    const newer = { ...rest, schemaVersion: 2 };
    const sealed = { ...newer, checksum: artifactChecksum(newer as ModelArtifact) };
    expect(codeOf(() => parseArtifact(JSON.stringify(sealed)))).toBe('ARTIFACT_VERSION');
  });

  it('refuses invalid JSON, missing fields and missing files with clear codes', async () => {
    expect(codeOf(() => parseArtifact('{"kind": "x",'))).toBe('SERVE_ARTIFACT_PARSE');
    expect(codeOf(() => parseArtifact('[1,2]'))).toBe('ARTIFACT_INVALID');
    expect(codeOf(() => parseArtifact('{"kind": "x"}'))).toBe('ARTIFACT_INVALID');
    const err = await asyncCodeOf(readArtifact(join(dir, 'nope.json')));
    expect(err.code).toBe('SERVE_ARTIFACT_READ');
  });

  it('refuses an unknown kind, naming the registered kinds and the fix', () => {
    const a = centroidArtifact({ kind: 'rfm.unknown' });
    try {
      loadPredictor(a, { loaders });
      expect.unreachable();
    } catch (e) {
      const err = e as RetailKitError;
      expect(err).toBeInstanceOf(RetailKitError);
      expect(err.code).toBe('SERVE_UNKNOWN_KIND');
      expect(err.message).toContain('"rfm.unknown"');
      expect(err.message).toContain('"test.centroid"');
      expect(err.message).toContain('registerLoader');
      expect(err.details.registered).toEqual(['test.centroid']);
    }
  });

  it('refuses a loader that returns something that is not a Predictor', () => {
    const bad = createLoaderRegistry({ 'test.centroid': () => ({ name: 'x' }) as never });
    expect(codeOf(() => loadPredictor(centroidArtifact(), { loaders: bad }))).toBe('SERVE_INVALID_PREDICTOR');
  });

  it('evaluates no code from the artifact and is immune to __proto__ keys', async () => {
    const text = JSON.stringify(centroidArtifact()).replace(
      '"params":{',
      '"params":{"__proto__":{"polluted":true},"toString":"function(){throw 1}",',
    );
    // the checksum no longer matches the edited text: verification refuses it before any loader runs
    let called = false;
    const spy = createLoaderRegistry({
      'test.centroid': (a) => {
        called = true;
        return centroidLoader(a);
      },
    });
    expect(codeOf(() => loadPredictor(parseArtifactLoose(text), { loaders: spy }))).toBe('ARTIFACT_CHECKSUM');
    expect(called).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // sealed with the odd keys inside: it verifies, loads as plain data, and pollutes nothing
    const { checksum: _c, schemaVersion: _v, ...rest } = parseArtifactLoose(text) as ModelArtifact;
    const sealed = sealArtifact(rest);
    const loaded = loadPredictor(parseArtifact(JSON.stringify(sealed)), { loaders: spy });
    expect(called).toBe(true);
    expect(Object.hasOwn(loaded.toJSON().params as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof (loaded.toJSON().params as Record<string, unknown>).toString).toBe('string');
  });

  it('loads every *.json in a folder, sorted, ignoring other files; names the failing file', async () => {
    const sub = await mkdtemp(join(dir, 'models-'));
    await writeFile(join(sub, 'b.json'), JSON.stringify(centroidArtifact({ name: 'beta' })));
    await writeFile(join(sub, 'a.json'), JSON.stringify(centroidArtifact({ name: 'alpha' })));
    await writeFile(join(sub, 'notes.txt'), 'not an artifact');
    expect((await loadModelDir(sub, { loaders })).map((p) => p.name)).toEqual(['alpha', 'beta']);
    await writeFile(join(sub, 'c.json'), JSON.stringify(centroidArtifact({ name: 'gamma', kind: 'nope.kind' })));
    const err = await asyncCodeOf(loadModelDir(sub, { loaders }));
    expect(err.code).toBe('SERVE_UNKNOWN_KIND');
    expect(err.message).toContain('c.json');
    expect(JSON.parse(await readFile(join(sub, 'a.json'), 'utf8')).name).toBe('alpha');
  });
});

describe('loader registry', () => {
  it('refuses duplicates unless override, and the default registry works with registerLoader', () => {
    const r = createLoaderRegistry();
    r.register('test.centroid', centroidLoader);
    expect(codeOf(() => r.register('test.centroid', centroidLoader))).toBe('SERVE_LOADER_EXISTS');
    const other = () => centroidLoader(centroidArtifact());
    r.register('test.centroid', other, { override: true });
    expect(r.get('test.centroid')).toBe(other);
    expect(codeOf(() => r.register('bad kind!', centroidLoader))).toBe('INVALID_ARGUMENT');

    registerLoader('test.default-registry', centroidLoader);
    expect(defaultLoaders.kinds()).toContain('test.default-registry');
    expect(codeOf(() => registerLoader('test.default-registry', centroidLoader))).toBe('SERVE_LOADER_EXISTS');
    defaultLoaders.register('test.default-registry', (a) => ({ ...centroidLoader(centroidArtifact()), name: a.name }), {
      override: true,
    });
    const viaDefault = loadPredictor(centroidArtifact({ kind: 'test.default-registry' }));
    expect(viaDefault.name).toBe('segments');
  });
});

function parseArtifactLoose(text: string): unknown {
  return JSON.parse(text);
}
