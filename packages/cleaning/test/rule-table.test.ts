import { describe, expect, it } from 'vitest';
import { CLEANING_RULES, clean } from '../src/index.js';
import { RULES } from '../src/internal/rule-table.js';
import { FLAG_RULE_IDS } from '../src/rules.js';
import { fixtureFrame } from './fixture.js';

describe('the rule table', () => {
  it('runs quarantine checks, then transforms, then flags, each id once', () => {
    const kinds = RULES.map((r) => r.kind);
    const order = ['quarantine', 'transform', 'flag'];
    for (let i = 1; i < kinds.length; i++)
      expect(order.indexOf(kinds[i])).toBeGreaterThanOrEqual(order.indexOf(kinds[i - 1]));
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('has one flag column per flag id, in the frame order FLAG_RULE_IDS gives', () => {
    const flags = RULES.filter((r) => r.kind === 'flag');
    expect(new Set(flags.map((r) => r.id))).toEqual(new Set(FLAG_RULE_IDS));
    const { frame } = clean(fixtureFrame());
    expect(Object.keys(frame.columns).filter((c) => c.startsWith('is'))).toEqual(
      FLAG_RULE_IDS.map((id) => flags.find((r) => r.id === id)?.column),
    );
  });

  it('is published as CLEANING_RULES without its implementation, frozen', () => {
    expect(CLEANING_RULES.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of CLEANING_RULES) {
      expect(Object.keys(r).sort()).toEqual(
        r.kind === 'quarantine'
          ? ['description', 'example', 'id', 'kind']
          : ['column', 'description', 'example', 'id', 'kind'],
      );
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.example.before.length * r.example.after.length).toBeGreaterThan(0);
    }
    expect(Object.isFrozen(CLEANING_RULES) && Object.isFrozen(CLEANING_RULES[0])).toBe(true);
  });

  it('is what the report lists, in order', () => {
    const { report } = clean(fixtureFrame());
    expect(report.rules.map((r) => r.id)).toEqual(CLEANING_RULES.map((r) => r.id));
    expect(report.rules.map((r) => r.kind)).toEqual(CLEANING_RULES.map((r) => r.kind));
  });
});
