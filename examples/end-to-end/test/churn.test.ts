import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { customerValueLoader } from '@retailkit/rfm';
import { generateCsv } from '@retailkit/seeds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/retailkit.js', import.meta.url));

describe('retailkit churn on a generated year of data', () => {
  let dir: string;
  const readJson = async (p: string) => JSON.parse(await readFile(join(dir, p), 'utf8'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rk-churn-'));
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'small.csv'), generateCsv({ seed: 7, rows: 20000 }).csv);
    await run(process.execPath, [BIN, 'churn', '--data', 'small.csv', '--out', 'out', '--quiet'], {
      cwd: tmpdir(),
      env: { ...process.env, INIT_CWD: dir },
      maxBuffer: 1 << 24,
    });
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("writes churn.json in the issue's shape: rows per cut-off and model, baselines marked, one selected model", async () => {
    const churn = await readJson('out/churn.json');
    expect(churn.horizonDays).toBe(90);
    const models = new Set(churn.evaluations.map((e: { model: string }) => e.model));
    for (const m of ['naive-rate', 'last-horizon', 'bg-nbd', 'pareto-nbd', 'gamma-gamma'])
      expect(models.has(m)).toBe(true);
    for (const e of churn.evaluations) {
      expect(Object.keys(e)).toEqual([
        'cutoff',
        'model',
        'baseline',
        'countMae',
        'countRmse',
        'revenueMae',
        'churnAuc',
        'churnBrier',
      ]);
      expect(e.baseline).toBe(!['gbt', 'blend', 'selected'].includes(e.model));
    }
    expect(['gbt', 'blend']).toContain(churn.selected.model);
    expect(typeof churn.selected.reason).toBe('string');
    expect(churn.customers.length).toBeGreaterThan(0);
    for (const c of churn.customers.slice(0, 50)) {
      expect(Object.keys(c)).toEqual(['customerId', 'pChurn', 'expectedPurchases', 'expectedRevenue', 'clv']);
      expect(c.pChurn).toBeGreaterThanOrEqual(0);
      expect(c.pChurn).toBeLessThanOrEqual(1);
    }
  });

  it('writes a customer-value artifact that loads and predicts what churn.json says', async () => {
    const model = customerValueLoader.fromJSON(await readJson('out/models/customer-value.json'));
    const churn = await readJson('out/churn.json');
    expect(model.kind).toBe('rfm.customer-value');
    expect(model.toJSON().params.model).toBe(churn.selected.model);
  });
});
