import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** The published packages: every folder under packages/. */
const PACKAGES = readdirSync(join(ROOT, 'packages'));

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };

describe('the release workflow (checked offline; publishing needs the registry)', () => {
  const text = readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8');
  const wf = parse(text) as {
    on: { push: { branches: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }>;
  };
  const job = wf.jobs.release;
  const runs = job.steps.map((s) => s.run ?? '');

  it('runs on main with the permissions trusted publishing needs, and no more at the top level', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
  });

  it('installs from the lockfile, tests and builds before it publishes', () => {
    const at = (cmd: string) => runs.findIndex((r) => r.startsWith(cmd));
    const publish = job.steps.findIndex((s) => s.uses?.startsWith('changesets/action@'));
    for (const cmd of ['npm ci', 'npm test', 'npm run build', 'npm run check:packages']) {
      expect(at(cmd), cmd).toBeGreaterThanOrEqual(0);
      expect(at(cmd), cmd).toBeLessThan(publish);
    }
    expect(at('npm ci')).toBeLessThan(at('npm test'));
  });

  it('publishes with provenance through OIDC, never with a long-lived npm token', () => {
    const action = job.steps.find((s) => s.uses?.startsWith('changesets/action@'));
    expect(action?.with?.publish).toBe('npx changeset publish');
    expect(action?.with?.version).toBe('npx changeset version');
    expect(action?.env?.NPM_CONFIG_PROVENANCE).toBe('true');
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/);
    const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
    expect(runs.some((r) => /npm install -g npm@\^11\.5/.test(r))).toBe(true); // trusted publishing needs npm ≥ 11.5.1
  });

  it('every published package is public, with provenance, license, repository directory and internal ^ ranges', () => {
    for (const name of PACKAGES) {
      const pkg = readJson(join(ROOT, 'packages', name, 'package.json'));
      expect(pkg.publishConfig, name).toEqual({ access: 'public', provenance: true });
      expect(pkg.license, name).toBe('MIT');
      expect(pkg.repository.directory, name).toBe(`packages/${name}`);
      for (const key of ['description', 'homepage', 'bugs', 'keywords', 'author', 'engines'])
        expect(pkg[key], `${name} ${key}`).toBeTruthy();
      expect(pkg.files, name).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'README.md', 'CHANGELOG.md']));
      readFileSync(join(ROOT, 'packages', name, 'LICENSE'), 'utf8');
      for (const section of ['dependencies', 'devDependencies', 'peerDependencies'])
        for (const [dep, range] of Object.entries<string>(pkg[section] ?? {}))
          if (dep.startsWith('@retailkit/')) expect(range, `${name} ${section} ${dep}`).toMatch(/^\^/);
    }
  });
});

describe('changesets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-changeset-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a minor changeset on core bumps core and patches its dependents with updated ranges', () => {
    // A temporary copy of the workspace's manifests (what `changeset version` reads and writes).
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    // the configuration only: pending changesets of the repository would add their own bumps
    mkdirSync(join(dir, '.changeset'));
    cpSync(join(ROOT, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
    for (const ws of readJson(join(ROOT, 'package.json')).workspaces as string[]) {
      mkdirSync(join(dir, ws), { recursive: true });
      cpSync(join(ROOT, ws, 'package.json'), join(dir, ws, 'package.json'));
      for (const f of ['CHANGELOG.md'])
        try {
          cpSync(join(ROOT, ws, f), join(dir, ws, f));
        } catch {}
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, '.changeset', 'frame-slice.md'),
      '---\n"@retailkit/core": minor\n---\n\nFrames gain a `slice` view.\n',
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@changesets/cli/bin.js'), 'version'], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, CI: 'true' },
    });
    const pkg = (name: string) => readJson(join(dir, 'packages', name, 'package.json'));
    expect(pkg('core').version).toBe('0.2.0');
    // ^0.1.0 does not admit 0.2.0 (a 0.x minor is breaking), so every dependent is patched and its range moved.
    for (const name of PACKAGES.filter((n) => n !== 'core')) {
      expect(pkg(name).version, name).toBe('0.1.1');
      expect(pkg(name).dependencies['@retailkit/core'], name).toBe('^0.2.0');
    }
    const changelog = readFileSync(join(dir, 'packages/core/CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/## 0\.2\.0[\s\S]*### Minor Changes[\s\S]*Frames gain a `slice` view\./);
    expect(readFileSync(join(dir, 'packages/rfm/CHANGELOG.md'), 'utf8')).toMatch(
      /## 0\.1\.1[\s\S]*@retailkit\/core@0\.2\.0/,
    );
  });
});
