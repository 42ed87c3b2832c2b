import { type BooleanColumn, type Frame, isoDateTime, type TimestampColumn } from '@retailkit/core';
import type { ViewName } from '../purpose-view.js';
import type { ColumnQuality, QualityReport, RuleCount, StepCount, ViewQuality } from '../quality-report.js';
import { FLAG_COLUMNS } from '../rules.js';
import { columnQuality } from './column-quality.js';
import { countOnes } from './frames.js';
import { topOffenders } from './offenders.js';
import { minMax, sumWhere } from './passes.js';
import type { Ran } from './run-rules.js';

/** What `clean` has when it writes the report. */
export interface ReportInput {
  readonly input: Frame;
  readonly frame: Frame;
  readonly quarantine: Frame;
  /** Quarantine reasons (rule ids, then step ids) and the rows each removed. */
  readonly byReason: Record<string, number>;
  readonly ran: readonly Ran[];
  readonly steps: readonly StepCount[];
  /** Revenue of every input row (NaN where quantity or price is missing). */
  readonly revenue: Float64Array;
  readonly views: Readonly<Record<ViewName, ViewQuality>>;
  readonly problem: Uint8Array;
  readonly topN: number;
  readonly parameters: QualityReport['parameters'];
}

/** The `quality.json` document (see `QualityReport`). */
export function buildReport(r: ReportInput): QualityReport {
  const { frame } = r;
  const rules: RuleCount[] = [];
  for (const { rule, outcome } of r.ran) {
    if (rule.kind === 'quarantine') {
      rules.push({ id: rule.id, kind: 'quarantine', count: r.byReason[rule.id] });
      continue;
    }
    const count =
      typeof outcome.count === 'function'
        ? outcome.count(frame)
        : (outcome.count ?? countOnes((frame.columns[rule.column] as BooleanColumn).data));
    const details = typeof outcome.details === 'function' ? outcome.details(frame) : outcome.details;
    rules.push({ id: rule.id, kind: rule.kind, column: rule.column, count, ...(details ? { details } : {}) });
  }
  for (const s of r.steps.slice(1)) rules.push({ id: s.id, kind: 'step', count: r.byReason[s.id] });
  const ruleCounts: Record<string, number> = {};
  for (const rule of rules) ruleCounts[rule.id] = rule.count;
  const [first, last] = minMax((frame.columns.invoiceDate as TimestampColumn).data);
  const rowsKept = frame.length;
  return {
    rowsIn: r.input.length,
    rowsKept,
    rowsQuarantined: r.input.length - rowsKept,
    steps: r.steps,
    ruleCounts,
    rules,
    quarantine: { byReason: r.byReason },
    flags: { ...FLAG_COLUMNS },
    columns: columnsQuality(r.input, frame),
    dateRange: {
      first: rowsKept > 0 ? isoDateTime(first) : null,
      last: rowsKept > 0 ? isoDateTime(last) : null,
    },
    revenue: {
      input: sumWhere(r.revenue, undefined, true),
      kept: sumWhere((frame.columns.revenue as { data: Float64Array }).data),
      views: r.views,
    },
    topOffenders: topOffenders({ frame, quarantine: r.quarantine, topN: r.topN, problem: r.problem }),
    parameters: r.parameters,
  };
}

/** Missing and distinct counts of every non-boolean column of the cleaned frame, and of its input column. */
function columnsQuality(input: Frame, frame: Frame): ColumnQuality[] {
  const out: ColumnQuality[] = [];
  for (const [name, c] of Object.entries(frame.columns)) {
    if (c.type === 'boolean') continue;
    const src = input.columns[name];
    const after = columnQuality(c);
    const before = src === undefined ? null : src === c ? after : columnQuality(src);
    out.push({
      name,
      type: c.type,
      missingIn: before ? before.missing : null,
      distinctIn: before ? before.distinct : null,
      missing: after.missing,
      distinct: after.distinct,
    });
  }
  return out;
}
