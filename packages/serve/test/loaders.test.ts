// The `loaders` option of loadModels and serveModels: a list of PredictorLoaders, or the specifier of a module
// that exports `loaders`. Serve imports nothing the app did not name.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type LoadersOption, loadModels, SERVE_ERROR_CODES, serveModels } from '@retailkit/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centroidArtifact, centroidLoader } from './fixtures/centroid.js';
import { rejection } from './helpers.js';

const LOADERS_MODULE = fileURLToPath(new URL('./fixtures/loaders.ts', import.meta.url));
const MISNAMED_MODULE = fileURLToPath(new URL('./fixtures/misnamed-loaders.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-loaders-'));
  await writeFile(join(dir, 'segments.json'), JSON.stringify(centroidArtifact()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const names = async (loaders: LoadersOption) => (await loadModels({ dir, loaders })).map((p) => p.name);

describe('loaders given as a list', () => {
  it('loads each artifact with the loader of its kind', async () => {
    const other = { kind: 'test.other', fromJSON: () => centroidLoader.fromJSON(centroidArtifact()) };
    expect(await names([other, centroidLoader])).toEqual(['segments']);
  });

  it('refuses two loaders of one kind (SERVE_DUPLICATE_KIND)', async () => {
    const err = await rejection(loadModels({ dir, loaders: [centroidLoader, { ...centroidLoader }] }));
    expect(err.code).toBe(SERVE_ERROR_CODES.duplicateKind);
    expect(err.message).toBe(
      'loadModels: loaders[0] and loaders[1] both handle kind "test.centroid". Pass one loader per kind.',
    );
  });

  it('refuses an entry that is not a loader, and a loaders option that is neither a list nor a specifier', async () => {
    const notLoader = await rejection(loadModels({ dir, loaders: [centroidLoader.fromJSON] as never }));
    expect(notLoader.code).toBe('INVALID_ARGUMENT');
    expect(notLoader.message).toMatch(/^loadModels: loaders\[0\] must be a PredictorLoader/);
    for (const loaders of [undefined, { 'test.centroid': centroidLoader }, '']) {
      const err = await rejection(loadModels({ dir, loaders: loaders as never }));
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toContain('segmenterLoader, recommenderLoader, forecasterLoader');
    }
  });
});

describe('an artifact kind no loader handles (SERVE_UNKNOWN_KIND)', () => {
  it('lists the kinds given and names the file', async () => {
    const err = await rejection(loadModels({ dir, loaders: [{ ...centroidLoader, kind: 'test.square' }] }));
    expect(err.code).toBe(SERVE_ERROR_CODES.unknownKind);
    expect(err.message).toBe(
      `loadModels: no loader handles kind "test.centroid" (artifact "segments", file: ${join(dir, 'segments.json')}). ` +
        'Kinds of the loaders given: "test.square". Add a PredictorLoader { kind: "test.centroid", fromJSON } to loaders.',
    );
    expect(err.details).toMatchObject({ kind: 'test.centroid', name: 'segments', given: ['test.square'] });
  });

  it('says which package exports the loader of a RetailKit kind', async () => {
    const sub = await mkdtemp(join(dir, 'suite-'));
    const cases = [
      ['rfm.segmenter', 'segmenterLoader from @retailkit/rfm'],
      ['basket.recommender', 'recommenderLoader from @retailkit/basket'],
      ['forecast.model', 'forecasterLoader from @retailkit/forecast'],
    ];
    for (const [kind, fix] of cases) {
      await writeFile(join(sub, 'model.json'), JSON.stringify(centroidArtifact({ kind })));
      const err = await rejection(serveModels({ dir: sub, loaders: [], port: 0 }));
      expect(err.code).toBe('SERVE_UNKNOWN_KIND');
      expect(err.message).toMatch(/^serveModels: no loader handles kind/);
      expect(err.message).toContain('Kinds of the loaders given: none.');
      expect(err.message).toContain(`Add ${fix} to loaders.`);
    }
  });
});

describe('loaders given as a module specifier', () => {
  it('imports the module named by an absolute path, a file: URL or a ./ path, and uses its `loaders` export', async () => {
    expect(await names(LOADERS_MODULE)).toEqual(['segments']);
    expect(await names(pathToFileURL(LOADERS_MODULE).href)).toEqual(['segments']);
    expect(await names(`./${relative(process.cwd(), LOADERS_MODULE)}`)).toEqual(['segments']);
  });

  it('names the module in the unknown-kind message', async () => {
    const sub = await mkdtemp(join(dir, 'kinds-'));
    await writeFile(join(sub, 'x.json'), JSON.stringify(centroidArtifact({ kind: 'rfm.segmenter' })));
    const err = await rejection(loadModels({ dir: sub, loaders: LOADERS_MODULE }));
    expect(err.message).toContain(`Kinds of the loaders given (from "${LOADERS_MODULE}"): "test.centroid".`);
  });

  it('refuses a module that cannot be imported (SERVE_LOADERS_MODULE)', async () => {
    for (const specifier of [join(dir, 'no-such-module.mjs'), '@retailkit/no-such-package']) {
      const err = await rejection(loadModels({ dir, loaders: specifier }));
      expect(err.code).toBe(SERVE_ERROR_CODES.loadersModule);
      expect(err.message).toContain(`the loaders module "${specifier}"`);
      expect(err.message).toContain('cannot be imported');
      expect(err.details.specifier).toBe(specifier);
    }
  });

  it('refuses a module without a `loaders` array export, listing what it exports', async () => {
    const misnamed = await rejection(loadModels({ dir, loaders: MISNAMED_MODULE }));
    expect(misnamed.code).toBe('SERVE_LOADERS_MODULE');
    expect(misnamed.message).toContain('does not export "loaders" (it exports "loader")');
    const builtin = await rejection(loadModels({ dir, loaders: 'node:os' }));
    expect(builtin.code).toBe('SERVE_LOADERS_MODULE');
    expect(builtin.message).toMatch(/^loadModels: the loaders module "node:os" does not export "loaders"/);
  });
});
