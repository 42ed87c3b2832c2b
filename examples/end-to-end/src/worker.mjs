// Entry of the CLI's worker threads: a worker does not inherit the CLI's TypeScript loader, so register tsx here
// (with the repository's tsconfig paths, as bin/retailkit.js does), then import the TypeScript module named in
// workerData.module (a file URL).
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import(workerData.module);
