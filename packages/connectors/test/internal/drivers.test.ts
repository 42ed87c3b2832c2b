import { describe, expect, it } from 'vitest';
import { importModules, loadDrivers } from '../../src/internal/drivers.js';

describe('optional drivers are imported on first use', () => {
  it('a driver that is not installed fails with CONNECTOR_DRIVER_MISSING naming the function and npm install', async () => {
    const err = await importModules('postgresWarehouse', ['retailkit-no-such-driver']).catch((e) => e);
    expect(err).toMatchObject({
      name: 'RetailKitError',
      code: 'CONNECTOR_DRIVER_MISSING',
      retryable: false,
      details: { function: 'postgresWarehouse', missing: ['retailkit-no-such-driver'] },
    });
    expect(err.message).toBe(
      'postgresWarehouse: needs retailkit-no-such-driver, an optional peer dependency of @retailkit/connectors that is not installed. Install with: npm install retailkit-no-such-driver',
    );
  });

  it('several missing drivers are named together in one install line; installed ones do not count', async () => {
    const err = await importModules('readPostgres', ['retailkit-no-such-a', 'pg', '@retailkit/no-such-b']).catch(
      (e) => e,
    );
    expect(err.code).toBe('CONNECTOR_DRIVER_MISSING');
    expect(err.details.missing).toEqual(['retailkit-no-such-a', '@retailkit/no-such-b']);
    expect(err.message).toContain(
      'needs retailkit-no-such-a and @retailkit/no-such-b, optional peer dependencies of @retailkit/connectors that are not installed. Install with: npm install retailkit-no-such-a @retailkit/no-such-b',
    );
  });

  it('installed drivers load with their module shape (pg exports its classes on default)', async () => {
    const [pg, copyStreams] = await loadDrivers('readPostgres', ['pg', 'pg-copy-streams']);
    expect(typeof pg.default.Pool).toBe('function');
    expect(typeof copyStreams.to).toBe('function');
  });
});
