// Run by serve-models.test.ts in a child process: serveModels with two cluster workers. cluster.fork re-runs this
// file in each worker, where the same call serves; the primary prints where it listens and the worker pids.
import { serveModels } from '@retailkit/serve';
import { centroidLoader } from './fixtures.js';

const served = await serveModels({
  dir: process.argv[2],
  port: 0,
  workers: 2,
  loaders: { 'test.centroid': centroidLoader },
  signals: ['SIGTERM'],
});
if (served.workerPids.length > 0) console.log(JSON.stringify({ url: served.url, pids: served.workerPids }));
