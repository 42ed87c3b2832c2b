import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));

describe('Terraform (offline: parsed as HCL, no terraform binary)', () => {
  const dir = `${DEPLOY}terraform/`;
  const files = readdirSync(dir).filter((f) => f.endsWith('.tf'));

  it('every file parses and every var.X reference is a declared variable', async () => {
    const declared = new Set<string>();
    const used = new Set<string>();
    const resources = new Map<string, Record<string, unknown>>();
    for (const f of files) {
      const text = readFileSync(dir + f, 'utf8');
      const json = (await parse(f, text)) as Record<string, Record<string, unknown>>;
      for (const name of Object.keys(json.variable ?? {})) declared.add(name);
      for (const [type, byName] of Object.entries(json.resource ?? {}))
        for (const [name, body] of Object.entries(byName as Record<string, unknown[]>))
          resources.set(`${type}.${name}`, (body as Record<string, unknown>[])[0]);
      for (const m of text.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(m[1]);
    }
    expect([...used].filter((v) => !declared.has(v))).toEqual([]);
    expect([...resources.keys()].sort()).toEqual(
      expect.arrayContaining([
        'google_storage_bucket.lake',
        'google_bigquery_dataset.warehouse',
        'google_bigquery_table.transactions',
        'google_bigquery_table.transactions_external',
        'google_artifact_registry_repository.images',
        'aws_s3_bucket.lake',
        'aws_s3_bucket_public_access_block.lake',
      ]),
    );
    const bucket = resources.get('google_storage_bucket.lake') as Record<string, unknown>;
    expect(bucket.public_access_prevention).toBe('enforced');
    expect((bucket.lifecycle_rule as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('holds no secrets', () => {
    for (const f of files)
      expect(readFileSync(dir + f, 'utf8')).not.toMatch(/secret_key|access_key|private_key|password\s*=/i);
  });
});

describe('Airflow DAG (offline: parsed by python3)', () => {
  it('parses and names only existing CLI commands', () => {
    const file = `${DEPLOY}airflow/retailkit_dag.py`;
    const script = [
      'import ast, json, sys',
      'tree = ast.parse(open(sys.argv[1]).read())',
      'steps = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "STEPS" for t in n.targets)]',
      'print(json.dumps(steps[0]))',
    ].join('\n');
    const steps = JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[];
    expect(steps.length).toBeGreaterThan(3);
    expect(steps.filter((s) => !(s in COMMANDS))).toEqual([]);
  });
});
