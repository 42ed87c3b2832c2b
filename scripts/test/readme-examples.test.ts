/**
 * Every TypeScript code block of every README is type-checked and executed.
 *
 * Blocks fenced ```ts (or ```typescript) are written to `.readme-examples/` (git-ignored), type-checked together
 * with `tsc` against the packages' source (strict, the repository's tsconfig), and each is run in its own child
 * process with `tsx` from a fresh temporary folder. A block fenced ```ts no-run is type-checked but not run; its
 * README says why. A block is a complete program: its own imports, top-level await allowed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../api-report.js';

/** One fenced TypeScript block of a README. */
interface CodeBlock {
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly run: boolean;
  readonly code: string;
}

/** The ```ts blocks of a markdown text. */
function codeBlocks(readme: string, text: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+[\w-]+)*\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    out.push({ readme, line: start + 1, run: !/\bno-run\b/.test(lines[start]), code: body.join('\n') });
  }
  return out;
}

function readmes(dir = ROOT): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist' || name === 'out') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...readmes(p));
    else if (name === 'README.md') found.push(p);
  }
  return found.sort();
}

const OUT = join(ROOT, '.readme-examples');
const blocks = readmes().flatMap((f) => codeBlocks(relative(ROOT, f), readFileSync(f, 'utf8')));
const fileOf = (b: CodeBlock) =>
  join(OUT, `${b.readme.replace(/[\\/]/g, '__').replace(/\.md$/, '')}-L${b.line}.ts`.replace(/^\.+/, ''));

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

describe('README code blocks', () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const b of blocks) writeFileSync(fileOf(b), `${b.code}\n\nexport {};\n`);

  it('type-check against the packages (strict)', () => {
    const config = {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false, baseUrl: '..' },
      include: ['./*.ts'],
    };
    writeFileSync(join(OUT, 'tsconfig.json'), JSON.stringify(config, null, 2));
    const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(OUT, 'tsconfig.json')], {
      encoding: 'utf8',
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  for (const b of blocks.filter((x) => x.run))
    it(`${b.readme}:${b.line} runs`, async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'rk-readme-'));
      try {
        const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
        const r = await run(tsx, ['--tsconfig', join(ROOT, 'tsconfig.json'), fileOf(b)], cwd, 60_000);
        expect(r.code, r.out.slice(-4000)).toBe(0);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }, 90_000);
});

describe('codeBlocks', () => {
  it('finds ts blocks, their opening line and the no-run marker', () => {
    const md = ['# t', '```ts', 'a;', '```', '```sh', 'x', '```', '```ts no-run', 'b;', 'c;', '```'].join('\n');
    expect(codeBlocks('R.md', md)).toEqual([
      { readme: 'R.md', line: 2, run: true, code: 'a;' },
      { readme: 'R.md', line: 8, run: false, code: 'b;\nc;' },
    ]);
  });
});
