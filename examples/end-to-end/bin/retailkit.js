#!/usr/bin/env node
// The `retailkit` CLI, run from source: TypeScript is compiled on the fly by tsx, and the workspace's
// @retailkit/* packages resolve to their sources through the repository's tsconfig paths, so
// `npm install && npm start` needs no build step.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('../src/cli.ts');
