import { existsSync } from 'node:fs';
import { readCsv } from '@retailkit/connectors';
import { referenceBenchmark } from './reference.js';
const path = '/work/shared/data/online-retail/online_retail.csv.gz';
if (!existsSync(path)) console.log('data absent');
else {
  const { frame } = await readCsv(path);
  const r = referenceBenchmark(frame);
  console.log(r.lines.join('\n'));
}
