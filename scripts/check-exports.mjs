// CI check: every built package loads from both ESM (import) and CJS (require) through its exports map,
// and both expose the same named exports.
import { createRequire } from 'node:module';
import { PACKAGES } from './pack-packages.mjs';

const require = createRequire(import.meta.url);
let bad = 0;
for (const n of PACKAGES) {
  const id = `@retailkit/${n}`;
  try {
    const esm = await import(id);
    const cjs = require(id);
    const a = Object.keys(esm)
      .filter((k) => k !== 'default')
      .sort();
    const b = Object.keys(cjs)
      .filter((k) => k !== '__esModule')
      .sort();
    if (a.join() !== b.join()) throw new Error(`ESM exports ${a.length} names, CJS ${b.length}`);
    console.log(`ok ${id}: ${a.length} exports from ESM and CJS`);
  } catch (e) {
    bad++;
    console.log(`FAIL ${id}: ${e instanceof Error ? e.message : e}`);
  }
}
process.exit(bad ? 1 : 0);
