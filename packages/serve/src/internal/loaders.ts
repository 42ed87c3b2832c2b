import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  invalidArgument,
  isRetailKitError,
  type ModelArtifact,
  type Predictor,
  type PredictorLoader,
  RetailKitError,
} from '@retailkit/core';
import { SERVE_ERROR_CODES } from '../errors.js';
import { checkPredictor } from './artifacts.js';
import { compileSchema } from './compile-schema.js';

/** The export a loaders module must have: `export const loaders: PredictorLoader[] = [...]`. */
export const LOADERS_EXPORT = 'loaders';

/**
 * The loaders option, resolved once (the one place a loaders module is imported). A worker thread that must
 * load predictors itself imports `url` and calls `resolveLoaders` on its `loaders` export again; `specifier` is
 * kept as the app wrote it, for messages.
 */
export interface ResolvedLoaders {
  /** The module specifier as given, or null when the app passed a list. */
  readonly specifier: string | null;
  /** What was imported: a `file:` URL for a path, the specifier itself for a bare one; null for a list. */
  readonly url: string | null;
  /** The kinds handled, in the order given. */
  readonly kinds: readonly string[];
  readonly byKind: ReadonlyMap<string, PredictorLoader>;
}

/** The package and export that provide a loader for the suite's own artifact kinds (for messages only). */
const WELL_KNOWN: Readonly<Record<string, { readonly pkg: string; readonly name: string }>> = {
  'rfm.segmenter': { pkg: '@retailkit/rfm', name: 'segmenterLoader' },
  'basket.recommender': { pkg: '@retailkit/basket', name: 'recommenderLoader' },
  'forecast.model': { pkg: '@retailkit/forecast', name: 'forecasterLoader' },
};

const SUITE_FIX =
  'For the RetailKit models pass [segmenterLoader, recommenderLoader, forecasterLoader] from @retailkit/rfm, @retailkit/basket and @retailkit/forecast.';

/**
 * Resolve the `loaders` option of `fn`: a list of `PredictorLoader`s, or a module specifier (bare, absolute path,
 * `./` or `../` path relative to the working directory, or `file:` URL) of a module that exports `loaders`.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` (not a list or a string; a list entry that is not a loader),
 *   `SERVE_DUPLICATE_KIND`, `SERVE_LOADERS_MODULE`.
 */
export async function resolveLoaders(fn: string, option: unknown): Promise<ResolvedLoaders> {
  if (Array.isArray(option)) return indexLoaders(fn, option, null);
  if (typeof option !== 'string' || option.trim() === '')
    throw invalidArgument(
      fn,
      'loaders',
      option,
      `a list of PredictorLoader objects ({ kind, fromJSON }) or the specifier of a module that exports "${LOADERS_EXPORT}"`,
      SUITE_FIX,
    );
  const specifier = option;
  const url = importTarget(specifier);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (cause) {
    throw moduleError(
      fn,
      specifier,
      url,
      `cannot be imported (${(cause as Error)?.message ?? String(cause)})`,
      'Pass the bare specifier of an installed package, an absolute path or a file: URL.',
      cause,
    );
  }
  const list = mod[LOADERS_EXPORT];
  if (!Array.isArray(list)) {
    const exported = Object.keys(mod);
    throw moduleError(
      fn,
      specifier,
      url,
      list === undefined
        ? `does not export "${LOADERS_EXPORT}" (it exports ${exported.length ? exported.map((k) => `"${k}"`).join(', ') : 'nothing'})`
        : `exports "${LOADERS_EXPORT}" as ${typeof list}, not as an array`,
      `Add \`export const ${LOADERS_EXPORT}: PredictorLoader[] = [...]\` to it.`,
    );
  }
  return indexLoaders(fn, list, { specifier, url });
}

/** What `import()` is given for a specifier: paths become `file:` URLs, bare specifiers stay as they are. */
function importTarget(specifier: string): string {
  if (specifier.startsWith('file:')) return specifier;
  if (isAbsolute(specifier)) return pathToFileURL(specifier).href;
  if (specifier.startsWith('./') || specifier.startsWith('../')) return pathToFileURL(resolve(specifier)).href;
  return specifier;
}

function moduleError(
  fn: string,
  specifier: string,
  url: string,
  problem: string,
  fix: string,
  cause?: unknown,
): RetailKitError {
  const shown = url === specifier ? `"${specifier}"` : `"${specifier}" (${url})`;
  return new RetailKitError(SERVE_ERROR_CODES.loadersModule, `${fn}: the loaders module ${shown} ${problem}. ${fix}`, {
    details: { function: fn, specifier, url },
    cause,
  });
}

function indexLoaders(
  fn: string,
  list: readonly unknown[],
  source: { specifier: string; url: string } | null,
): ResolvedLoaders {
  const byKind = new Map<string, PredictorLoader>();
  const firstIndex = new Map<string, number>();
  const from = source ? ` (exported by "${source.specifier}")` : '';
  list.forEach((entry, i) => {
    const l = entry as Partial<PredictorLoader> | null;
    if (
      l === null ||
      typeof l !== 'object' ||
      typeof l.kind !== 'string' ||
      l.kind === '' ||
      typeof l.fromJSON !== 'function'
    ) {
      const allowed = 'a PredictorLoader { kind: string, fromJSON(json): Predictor }';
      if (source)
        throw moduleError(
          fn,
          source.specifier,
          source.url,
          `exports a "${LOADERS_EXPORT}" entry ${i} that is not ${allowed}`,
          SUITE_FIX,
        );
      throw invalidArgument(fn, `loaders[${i}]`, entry, allowed, SUITE_FIX);
    }
    const seen = firstIndex.get(l.kind);
    if (seen !== undefined)
      throw new RetailKitError(
        SERVE_ERROR_CODES.duplicateKind,
        `${fn}: loaders[${seen}] and loaders[${i}] both handle kind "${l.kind}"${from}. Pass one loader per kind.`,
        { details: { function: fn, kind: l.kind, indices: [seen, i], specifier: source?.specifier ?? null } },
      );
    firstIndex.set(l.kind, i);
    byKind.set(l.kind, l as PredictorLoader);
  });
  return { specifier: source?.specifier ?? null, url: source?.url ?? null, kinds: [...byKind.keys()], byKind };
}

/**
 * Turn a verified artifact into a Predictor with the loader for its kind, check the Predictor's shape and compile
 * its input schema (so a schema the handler cannot validate fails at load time). `where` says where the artifact
 * came from, for messages.
 *
 * @throws RetailKitError `SERVE_UNKNOWN_KIND`, `SERVE_INVALID_PREDICTOR`, `SERVE_SCHEMA_UNSUPPORTED`, and
 *   `SERVE_BAD_ARTIFACT` for anything the loader's `fromJSON` throws (its code in `details.cause`).
 */
export function loadPredictor(fn: string, artifact: ModelArtifact, loaders: ResolvedLoaders, where: string): Predictor {
  const loader = loaders.byKind.get(artifact.kind);
  if (loader === undefined) throw unknownKind(fn, artifact, loaders, where);
  let predictor: Predictor;
  try {
    predictor = loader.fromJSON(artifact);
  } catch (error) {
    throw badArtifact(fn, artifact, error, where);
  }
  checkPredictor(predictor, `${fn}: the loader for "${artifact.kind}" (${where})`);
  try {
    compileSchema(predictor.inputSchema);
  } catch (error) {
    throw withSource(error, where);
  }
  return predictor;
}

/**
 * What a loader threw (a coded error, or a TypeError from parameters it did not expect), as `SERVE_BAD_ARTIFACT`
 * naming the source and, when the loader named one, the field.
 */
function badArtifact(fn: string, artifact: ModelArtifact, error: unknown, where: string): RetailKitError {
  const coded = isRetailKitError(error);
  const field = coded && typeof error.details.field === 'string' ? error.details.field : null;
  const message = (error as Error)?.message ?? String(error);
  return new RetailKitError(
    SERVE_ERROR_CODES.badArtifact,
    `${fn}: the artifact "${artifact.name}" (kind "${artifact.kind}", ${where}) passed its checksum but its loader refused it${field === null ? '' : ` at params.${field}`}: ${message} Re-export the model with the release that serves it.`,
    {
      details: {
        function: fn,
        source: where,
        name: artifact.name,
        kind: artifact.kind,
        field,
        cause: coded ? error.code : ((error as Error)?.name ?? typeof error),
      },
      cause: error,
    },
  );
}

/** A RetailKitError from a loader or the schema compiler, with where the artifact came from added. */
function withSource(error: unknown, where: string): unknown {
  if (!isRetailKitError(error)) return error;
  return new RetailKitError(error.code, `${error.message} (${where})`, {
    details: { ...error.details, source: where },
    cause: error,
    retryable: error.retryable,
  });
}

function unknownKind(fn: string, artifact: ModelArtifact, loaders: ResolvedLoaders, where: string): RetailKitError {
  const { kind, name } = artifact;
  const given = loaders.kinds.length ? loaders.kinds.map((k) => `"${k}"`).join(', ') : 'none';
  const from = loaders.specifier === null ? '' : ` (from "${loaders.specifier}")`;
  const known = Object.hasOwn(WELL_KNOWN, kind) ? WELL_KNOWN[kind] : undefined;
  const fix = known
    ? `Add ${known.name} from ${known.pkg} to loaders.`
    : `Add a PredictorLoader { kind: "${kind}", fromJSON } to loaders.`;
  return new RetailKitError(
    SERVE_ERROR_CODES.unknownKind,
    `${fn}: no loader handles kind "${kind}" (artifact "${name}", ${where}). Kinds of the loaders given${from}: ${given}. ${fix}`,
    {
      details: {
        function: fn,
        kind,
        name,
        source: where,
        given: [...loaders.kinds],
        ...(known ? { package: known.pkg, loader: known.name } : {}),
      },
    },
  );
}
