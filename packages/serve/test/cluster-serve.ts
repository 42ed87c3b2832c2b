// Run by serve-models.test.ts in a child process: serveModels with two cluster workers. cluster.fork re-runs this
// file in each worker, where the same call serves; the primary prints where it listens and the worker pids.
// The loaders come from a module specifier, which each process imports itself.
import { fileURLToPath } from 'node:url';
import { serveModels } from '@retailkit/serve';

const served = await serveModels({
  dir: process.argv[2],
  port: 0,
  workers: 2,
  loaders: fileURLToPath(new URL('./fixtures/loaders.ts', import.meta.url)),
  signals: ['SIGTERM'],
});
if (served.workerPids.length > 0) console.log(JSON.stringify({ url: served.url, pids: served.workerPids }));
