import type { SqlEngine } from '@retailkit/connectors';
import { type Frame, sqlDialect, valueAt } from '@retailkit/core';

/**
 * Create `table` on `engine` and fill it with `frame`'s rows by multi-row INSERTs of dialect literals (the pushdown
 * tests' loader: small data, every engine, no driver-specific bulk path). With `line`, a 1-based source line number
 * column comes first, for the rules that depend on file order.
 */
export async function loadFrame(engine: SqlEngine, table: string, frame: Frame, line = true): Promise<void> {
  const f = sqlDialect(engine.dialect);
  const type = (t: string): string =>
    t === 'string' ? 'text' : t === 'timestamp' ? 'timestamp' : t === 'boolean' ? 'boolean' : f.floatType;
  const names = Object.keys(frame.columns);
  const defs = names.map((n) => `${f.ident(n)} ${type(frame.columns[n].type)}`);
  const lineDef = line ? [`${f.ident('line')} ${f.intType}`] : [];
  await engine.exec(`CREATE TABLE ${f.ident(table)} (${[...lineDef, ...defs].join(', ')})`);
  const literal = (n: string, i: number): string => {
    const c = frame.columns[n];
    const v = valueAt(c, i);
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return 'NULL';
    return c.type === 'timestamp' ? f.timestamp(v as number) : f.literal(v as string | number | boolean);
  };
  const header = [...(line ? [f.ident('line')] : []), ...names.map(f.ident)].join(', ');
  for (let lo = 0; lo < frame.length; lo += 2000) {
    const rows: string[] = [];
    for (let i = lo; i < Math.min(frame.length, lo + 2000); i++)
      rows.push(`(${[...(line ? [String(i + 1)] : []), ...names.map((n) => literal(n, i))].join(', ')})`);
    if (rows.length) await engine.exec(`INSERT INTO ${f.ident(table)} (${header}) VALUES ${rows.join(',\n')}`);
  }
}
