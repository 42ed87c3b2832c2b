import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isRetailKitError, type Predictor, type PredictorLoader } from '@retailkit/core';
import { loadModels } from '@retailkit/serve';

/** One artifact file the service needs, and the loader of its kind. */
export interface ArtifactSpec {
  /** File name inside the artifacts folder, e.g. `recommender.json`. */
  readonly file: string;
  readonly loader: PredictorLoader;
  /** Run once after each load, before the model is answered from (e.g. a first prediction that fits lazily). */
  readonly warmUp?: (predictor: Predictor) => unknown;
}

/** What the service holds for one artifact file. */
export type ArtifactStatus =
  | { readonly file: string; readonly state: 'ok'; readonly predictor: Predictor }
  | {
      readonly file: string;
      readonly state: 'missing' | 'invalid';
      /** `ARTIFACT_MISSING`, or the code serve or the loader refused it with (`SERVE_ARTIFACT_PARSE`, `ARTIFACT_CHECKSUM`, …). */
      readonly code: string;
      readonly message: string;
    };

/** The artifacts of a folder, kept in step with the files. */
export interface Artifacts {
  readonly dir: string;
  /** The current status of one file (one of the specs). */
  status(file: string): ArtifactStatus;
  /** Every file's status, in spec order. */
  all(): ArtifactStatus[];
  /** The predictors of the files that loaded. */
  predictors(): Predictor[];
  /** Re-read the files that changed since the last look (or every file with `force`); resolves with their names. */
  refresh(force?: boolean): Promise<string[]>;
  /** Called with the changed file names after every refresh that changed something. */
  onChange(listener: (files: string[]) => void): void;
  /** Stop polling. */
  close(): void;
}

/** Options of `openArtifacts`. */
export interface OpenArtifactsOptions {
  readonly dir: string;
  readonly specs: readonly ArtifactSpec[];
  /** Milliseconds between looks at the files (default 500); 0 turns polling off. */
  readonly pollMs?: number;
}

/**
 * Load each artifact of `specs` from `dir` on its own, so that one missing or invalid file never stops the others,
 * then poll the files (size, mtime, ctime, inode) and reload the ones that change. Every file goes through
 * serve's `loadModels` (JSON only, envelope and checksum verified, input schema compiled, the kind's loader run).
 *
 * Reload policy: the status follows the file on disk. A deleted file becomes `missing`, a replacement that fails
 * to load becomes `invalid` and its last good model is dropped (never served from a file that is gone or
 * corrupt); a valid file brings it back. Write replacements atomically (write then rename) so that a poll never
 * sees half a file.
 */
export async function openArtifacts(options: OpenArtifactsOptions): Promise<Artifacts> {
  const { dir, specs } = options;
  const pollMs = options.pollMs ?? 500;
  const statuses = new Map<string, ArtifactStatus>();
  const stamps = new Map<string, string>();
  const listeners: ((files: string[]) => void)[] = [];
  let running: Promise<string[]> = Promise.resolve([]);

  const lookAll = async (force: boolean): Promise<string[]> => {
    const changed: string[] = [];
    for (const spec of specs) {
      const stamp = await stampOf(join(dir, spec.file));
      if (!force && stamps.get(spec.file) === stamp) continue;
      stamps.set(spec.file, stamp);
      statuses.set(spec.file, await load(dir, spec, stamp));
      changed.push(spec.file);
    }
    if (changed.length > 0) for (const l of listeners) l(changed);
    return changed;
  };
  const refresh = (force = false): Promise<string[]> => {
    running = running.then(
      () => lookAll(force),
      () => lookAll(force),
    );
    return running;
  };

  await refresh(true);
  const timer = pollMs > 0 ? setInterval(() => void refresh().catch(() => {}), pollMs) : null;
  timer?.unref();

  return {
    dir,
    status: (file) => statuses.get(file) as ArtifactStatus,
    all: () => specs.map((s) => statuses.get(s.file) as ArtifactStatus),
    predictors: () =>
      specs.flatMap((s) => {
        const st = statuses.get(s.file);
        return st?.state === 'ok' ? [st.predictor] : [];
      }),
    refresh,
    onChange: (listener) => void listeners.push(listener),
    close: () => {
      if (timer) clearInterval(timer);
    },
  };
}

/** A cheap signature of a file's current content, or `missing`. */
async function stampOf(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return 'missing';
  }
}

async function load(dir: string, spec: ArtifactSpec, stamp: string): Promise<ArtifactStatus> {
  const missing = { file: spec.file, state: 'missing', code: 'ARTIFACT_MISSING' } as const;
  if (stamp === 'missing') return { ...missing, message: `${spec.file} is not in the artifacts folder.` };
  try {
    const [predictor] = await loadModels({
      store: { get: (key) => readFile(join(dir, key)) },
      keys: [spec.file],
      loaders: [spec.loader],
    });
    await spec.warmUp?.(predictor);
    return { file: spec.file, state: 'ok', predictor };
  } catch (e) {
    if ((await stampOf(join(dir, spec.file))) === 'missing')
      return { ...missing, message: `${spec.file} is not in the artifacts folder.` };
    const code = isRetailKitError(e) ? e.code : 'ARTIFACT_INVALID';
    const message = e instanceof Error ? e.message : String(e);
    return { file: spec.file, state: 'invalid', code, message: message.replaceAll(dir, '<artifacts>') };
  }
}
