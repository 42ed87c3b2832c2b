import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain .mjs module without declarations; PACKAGES is a string[]
import { PACKAGES } from './scripts/pack-packages.mjs';

/** Tests run against source: every `@retailkit/<name>` import resolves to `packages/<name>/src/index.ts`. */
export default defineConfig({
  resolve: {
    alias: Object.fromEntries(
      (PACKAGES as string[]).map((p) => [
        `@retailkit/${p}`,
        fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url)),
      ]),
    ),
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['./vitest.setup.ts'],
    // One embedded PostgreSQL per run, started only when a selected file needs it (see the file).
    globalSetup: ['./vitest.global-setup.ts'],
  },
});
