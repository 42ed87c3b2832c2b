// The load worker's entry: a worker thread does not inherit the CLI's TypeScript loader, so register tsx here
// (with the repository's tsconfig paths, as bin/retailkit.js does) before importing the TypeScript module.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./load-worker.ts');
