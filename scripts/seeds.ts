/**
 * `npm run seeds`: writes the committed seed files from `@retailkit/seeds` with the default options —
 * `seeds/online-retail.csv.gz` (the CSV text of `generateCsv()`, gzipped with fixed settings: level 9, no file name,
 * mtime 0, so the same text gives the same bytes on one zlib build) and `seeds/manifest.json`.
 * The package itself does no I/O; this script is the only place that writes the files.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateCsv } from '@retailkit/seeds';

const t0 = performance.now();
const { rows, csv, manifest } = generateCsv();
const t1 = performance.now();
const gz = gzipSync(Buffer.from(csv, 'utf8'), { level: 9, memLevel: 9, strategy: 0 });
const csvPath = fileURLToPath(new URL('../seeds/online-retail.csv.gz', import.meta.url));
const manifestPath = fileURLToPath(new URL('../seeds/manifest.json', import.meta.url));
const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
writeFileSync(csvPath, gz);
writeFileSync(manifestPath, manifestText);
console.log(
  `seeds: ${rows.length} rows, ${manifest.invoices.distinct} invoices, generated in ${Math.round(t1 - t0)} ms\n` +
    `  ${csvPath} (${(gz.length / 1024 / 1024).toFixed(2)} MiB gzip, csv sha256 ${manifest.generator.csvSha256})\n` +
    `  ${manifestPath} (${(manifestText.length / 1024).toFixed(1)} KB)`,
);
