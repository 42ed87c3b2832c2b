import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../src/postgres/start-embedded-postgres.js';

let shared: Promise<EmbeddedPostgres> | undefined;

/**
 * One embedded PostgreSQL per test file (vitest runs each file in its own fork): started on first use in a
 * `beforeAll`, stopped by `stopSharedPostgres()` in `afterAll` (and by the exit hook otherwise).
 */
export function sharedPostgres(): Promise<EmbeddedPostgres> {
  shared ??= startEmbeddedPostgres();
  return shared;
}

export async function stopSharedPostgres(): Promise<void> {
  if (!shared) return;
  const s = shared;
  shared = undefined;
  await (await s).stop();
}
