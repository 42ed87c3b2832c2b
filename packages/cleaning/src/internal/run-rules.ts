import { numbers } from '@retailkit/core';
import type { StepCount } from '../quality-report.js';
import { markFence } from './kernels.js';
import { removeMarked, trustedMask } from './passes.js';
import type { Rule, RuleOutcome } from './rule.js';
import { RULES } from './rule-table.js';
import type { Table } from './table.js';

/** A rule that ran and what it reported. */
export interface Ran {
  readonly rule: Rule;
  readonly outcome: RuleOutcome;
}

/**
 * Run the rule table on `t`, in order: each quarantine check marks its rows and gives the trusted ones its
 * reason (1-based position among the quarantine rules); each enabled transform rewrites its column; each flag
 * fills a new flag array. Returns the rules that ran with their outcomes, in table order.
 */
export function runRules(t: Table, rules: readonly Rule[] = RULES): Ran[] {
  const ran: Ran[] = [];
  const marks = new Uint8Array(t.n);
  let reasonCode = 0;
  for (const rule of rules) {
    if (rule.kind === 'quarantine') {
      rule.mark(t, marks);
      assignReason(marks, t.reason, ++reasonCode);
      ran.push({ rule, outcome: {} });
    } else if (rule.kind === 'transform') {
      if (rule.enabled && !rule.enabled(t.options)) continue;
      ran.push({ rule, outcome: rule.apply(t) });
    } else {
      const out = new Uint8Array(t.n);
      t.flags[rule.id] = out;
      rule.mark(t, out);
      ran.push({ rule, outcome: { details: rule.details } });
    }
  }
  return ran;
}

/** `reason[i] = code` where the row is marked and still trusted (a row keeps its first reason). */
function assignReason(marks: Uint8Array, reason: Uint8Array, code: number): void {
  for (let i = 0; i < marks.length; i++) if (marks[i] !== 0 && reason[i] === 0) reason[i] = code;
}

/**
 * Run the caller's row-removing steps, in order, over the rows still kept: a flag step removes the kept rows
 * with that flag; a fence step fits its fence on the kept rows' column and removes those outside it (fence
 * statistics go to `t.parameters[step id]`). Removed rows get reason `quarantineRules + k` for the k-th step.
 * Returns `report.steps`: `quarantine` then each step, with the rows left after it.
 */
export function runSteps(t: Table, quarantineRules: number): StepCount[] {
  const live = trustedMask(t.reason);
  let alive = 0;
  for (let i = 0; i < live.length; i++) alive += live[i];
  const counts: StepCount[] = [{ id: 'quarantine', rowsAfter: alive }];
  t.options.steps.forEach((step, k) => {
    let marks: Uint8Array;
    if ('flag' in step) marks = t.flags[step.flag] as Uint8Array;
    else {
      marks = new Uint8Array(t.n);
      const values = numbers({ length: t.n, columns: t.columns }, step.column, 'clean');
      t.parameters[step.id] = markFence(values, step.fence, marks, live);
    }
    alive -= removeMarked(marks, live, t.reason, quarantineRules + k + 1);
    counts.push({ id: step.id, rowsAfter: alive });
  });
  return counts;
}
