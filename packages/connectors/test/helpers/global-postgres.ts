import { relative, sep } from 'node:path';
import { startEmbeddedPostgres } from '@retailkit/embedded-postgres';
import type { TestProject } from 'vitest/node';

/**
 * Test folders (relative to the repository root, `/`-separated) whose files use the run-wide PostgreSQL through
 * `createTestDatabase` / `runServer` (test/helpers/postgres.ts). Add a folder here when its tests start using it.
 */
export const POSTGRES_TEST_FOLDERS: readonly string[] = ['packages/connectors/test/'];

/**
 * Whether the files this run selected include one under {@link POSTGRES_TEST_FOLDERS}. The CLI filters
 * (`npx vitest run packages/core`) are read from the Vitest instance; when they cannot be read the answer is yes
 * (a wasted start costs ~1 s, a missing server would only make each file start its own).
 */
export async function runNeedsPostgres(project: TestProject): Promise<boolean> {
  // `filenamePattern` is Vitest's (internal) record of the CLI file filters; undefined = no filters = every file.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  const root = project.config.root;
  return testFiles.some((f) => {
    const rel = relative(root, f).split(sep).join('/');
    return POSTGRES_TEST_FOLDERS.some((folder) => rel.startsWith(folder));
  });
}

/**
 * Vitest global setup: start one embedded PostgreSQL for the whole run (not one per test file) when a selected
 * file needs it, `provide` its connection facts as `retailkitPostgres` (each file then creates its own database),
 * and return the teardown that stops it. Started with `startEmbeddedPostgres` defaults: a free loopback port, a
 * temporary data folder without fsync, and, as root, the `postgres` user with binaries copied to the temp folder
 * (so it also works from a clone inside a 0700 folder, as in CI).
 */
export async function setupPostgres(project: TestProject): Promise<() => Promise<void>> {
  if (!(await runNeedsPostgres(project))) {
    project.provide('retailkitPostgres', null);
    return async () => undefined;
  }
  const pg = await startEmbeddedPostgres();
  const { stop, ...info } = pg;
  project.provide('retailkitPostgres', info);
  return stop;
}
