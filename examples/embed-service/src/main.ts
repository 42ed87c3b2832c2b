import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitArtifacts } from './fit-artifacts.js';
import { ARTIFACT_FILES } from './retailkit-routes.js';
import { readSeedViews, storeFromRevenue } from './seed-store.js';
import { startService } from './service.js';

// `npm run example:embed [-- --port 3000 --artifacts <dir> --data <file> --fit]`: the shop with RetailKit added.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    artifacts: { type: 'string', default: resolve(root, 'out/embed-service/models') },
    data: { type: 'string', default: resolve(root, 'seeds/online-retail.csv.gz') },
    fit: { type: 'boolean', default: false },
  },
});
const dir = resolve(values.artifacts);
const data = resolve(values.data);

const views = await readSeedViews(data);
if (values.fit || !Object.values(ARTIFACT_FILES).some((f) => existsSync(resolve(dir, f)))) {
  console.log(`fitting the models on ${data} into ${dir} …`);
  await fitArtifacts({ views, dir });
}
const store = storeFromRevenue(views.revenue);
const service = await startService({ store, artifactsDir: dir, port: Number(values.port), host: values.host });
for (const s of service.artifacts.all())
  console.log(
    `  ${s.file.padEnd(20)} ${s.state === 'ok' ? `ok (${s.predictor.name} ${s.predictor.version})` : `${s.state}: ${s.message}`}`,
  );
const customer = [...store.customers.keys()][0];
const sold = new Map<string, number>();
for (const l of store.lines) if (store.products.has(l.sku)) sold.set(l.sku, (sold.get(l.sku) ?? 0) + 1);
const sku = [...sold].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
console.log(`shop on ${service.url}: ${store.products.size} products, ${store.customers.size} customers`);
console.log(`  ${service.url}/products  ${service.url}/customers/${customer}/insights  ${service.url}/forecast/${sku}`);
console.log(`  ${service.url}/recommendations?items=${sku}  ${service.url}/ml/docs  ${service.url}/ml/dashboard`);
console.log('artifacts are reloaded when their files change; Ctrl-C stops');
const stop = async () => {
  await service.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
