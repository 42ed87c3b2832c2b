import { fromRows, type Row, type StringColumn, TRANSACTION_SCHEMA } from '@retailkit/core';
import type { CleanOptions } from '../../src/clean.js';
import { resolveOptions } from '../../src/internal/options.js';
import type { Rule, RuleOutcome } from '../../src/internal/rule.js';
import { RULES } from '../../src/internal/rule-table.js';
import { runRules } from '../../src/internal/run-rules.js';
import { createTable, readCanonical, type Table } from '../../src/internal/table.js';
import type { FlagRuleId, RuleKind } from '../../src/rules.js';
import { line } from '../fixture.js';

export { line };

/** A table over `lines` (each completed by `line`) before any rule ran. */
export function table(lines: Partial<Row>[], options: CleanOptions = {}): Table {
  const frame = fromRows(lines.map(line), TRANSACTION_SCHEMA);
  return createTable(frame, readCanonical(frame), resolveOptions(frame, options));
}

/** The rule with id `id` from the table `clean` runs. */
export function rule(id: string): Rule {
  const r = RULES.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

/** Ids of the table's rules of one kind, in table order. */
export const idsOf = (kind: RuleKind): string[] => RULES.filter((r) => r.kind === kind).map((r) => r.id);

/**
 * Run the rule table on `lines` up to and including rule `id` (so the rule sees what it sees inside `clean`);
 * returns the table and the rule's outcome (undefined when the rule is disabled by the options).
 */
export function runUpTo(
  id: string,
  lines: Partial<Row>[],
  options: CleanOptions = {},
): { t: Table; outcome?: RuleOutcome } {
  const t = table(lines, options);
  const ran = runRules(t, RULES.slice(0, RULES.indexOf(rule(id)) + 1));
  const last = ran.at(-1);
  return { t, outcome: last?.rule.id === id ? last.outcome : undefined };
}

/** The flag of rule `id` for each of `lines`, as 0/1. */
export function flagged(id: FlagRuleId, lines: Partial<Row>[], options: CleanOptions = {}): number[] {
  return Array.from(runUpTo(id, lines, options).t.flags[id] ?? []);
}

/** Decoded values of a string column of the table (null for missing). */
export function decoded(t: Table, name: string): (string | null)[] {
  const col = t.columns[name] as StringColumn;
  return Array.from(col.codes, (c) => (c < 0 ? null : col.values[c]));
}
