import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLEANING_RULES } from '../src/index.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

/** The README's rules table, one row per entry of `CLEANING_RULES`. */
function rulesTable(): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const rows = CLEANING_RULES.map(
    (r) => `| \`${r.id}\` | ${r.kind} | ${r.column ? `\`${r.column}\`` : ''} | ${cell(r.description)} |`,
  );
  return ['| id | kind | column | what |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('README', () => {
  it('its rules table is generated from CLEANING_RULES (UPDATE_README=1 rewrites it)', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(0);
    const want = `${text.slice(0, start + START.length)}\n${rulesTable()}\n${text.slice(end)}`;
    if (process.env.UPDATE_README) writeFileSync(README, want);
    expect(text).toBe(want);
  });

  it('stays within 150 lines', () => {
    expect(readFileSync(README, 'utf8').split('\n').length).toBeLessThanOrEqual(151);
  });
});
