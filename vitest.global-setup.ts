import type { TestProject } from 'vitest/node';
import { setupPostgres } from './packages/connectors/test/helpers/global-postgres.js';

/**
 * Run-wide fixtures, set up once per `vitest run` before any test file and torn down after the last one.
 * - PostgreSQL: one embedded server for every file that needs it, started only when the run selects such a
 *   file (see packages/connectors/test/helpers/global-postgres.ts); files get it with `inject('retailkitPostgres')`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopPostgres = await setupPostgres(project);
  return async () => {
    await stopPostgres();
  };
}
