/**
 * `npm run bench`: every package's benchmarks, one child process each (so that peak memory is per
 * benchmark), in dependency order. Benchmarks read the real UCI data from ../shared/data/online-retail/
 * and print their peer, measured in the same run, as a ratio. Pass package names to run only those:
 * `npm run bench -- basket forecast`; any other argument goes to each benchmark run
 * (`npm run bench -- end-to-end --copies 10`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ORDER = ['connectors', 'cleaning', 'rfm', 'basket', 'forecast', 'pricing', 'serve', 'end-to-end', 'scale'];
const wanted = process.argv.slice(2).filter((a) => ORDER.includes(a));
const passed = process.argv.slice(2).filter((a) => !ORDER.includes(a));

console.log(
  `RetailKit benchmarks on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);
let failed = 0;
for (const name of ORDER) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const dir = name === 'end-to-end' || name === 'scale' ? 'examples/end-to-end' : `packages/${name}`;
  const files = [name === 'scale' ? `${dir}/bench/scale.ts` : `${dir}/bench/index.ts`];
  if (name === 'connectors') files.unshift(`${dir}/bench/csv.ts`);
  if (name === 'rfm') files.push(`${dir}/bench/churn.ts`);
  for (const file of files) {
    if (!existsSync(`${ROOT}/${file}`)) continue;
    console.log(`=== ${file}`);
    const r = spawnSync(
      `${ROOT}/node_modules/.bin/tsx`,
      ['--tsconfig', `${ROOT}/tsconfig.json`, `${ROOT}/${file}`, ...passed],
      {
        stdio: 'inherit',
        cwd: ROOT,
      },
    );
    if (r.status !== 0) {
      failed++;
      console.log(`!!! ${file} exited with ${r.status}`);
    }
    console.log();
  }
}
process.exitCode = failed > 0 ? 1 : 0;
