import { invalidArgument, type SqlDialect, type SqlFunctions, sqlDialect, TRANSACTION_SCHEMA } from '@retailkit/core';
import type { CleanOptions } from './clean.js';
import { fenceStatsSql } from './internal/kernels.js';
import { saleLinesSql } from './internal/lookups.js';
import { type Resolved, resolveOptions } from './internal/options.js';
import type { FlagRule, TransformRule } from './internal/rule.js';
import type { CanonicalName, FenceSql, RuleSql } from './internal/rule-sql.js';
import { sqlTrue } from './internal/rule-sql.js';
import { RULES } from './internal/rule-table.js';
import { VIEW_NAMES, type ViewName } from './purpose-view.js';
import { FLAG_COLUMNS, FLAG_RULE_IDS, type FlagRuleId } from './rules.js';

/** Options of `cleaningSql`: where the lines are and where the views go, and `clean`'s rule options. */
export interface CleaningSqlOptions
  extends Pick<
    CleanOptions,
    | 'trimDescriptions'
    | 'anonymousCustomerId'
    | 'quantityOutlier'
    | 'priceOutlier'
    | 'nonProductCodes'
    | 'pseudoCountries'
    | 'views'
  > {
  /** The raw transactions table (`name`, `schema.name`, BigQuery `project.dataset.name`), one row per source line. */
  readonly table: string;
  /** Column names of the table when they differ from the canonical ones; `line` is the 1-based source line number. */
  readonly columns?: Partial<Record<CanonicalName | 'line', string>>;
  /** Schema (BigQuery: `project.dataset`) the views are created in. Default: none (the connection's default). */
  readonly schema?: string;
  /** Prefix of the view names. Default `'clean_'`. */
  readonly prefix?: string;
  /**
   * Views created as tables instead, computed once when the statements run (rerun them after the raw table
   * changes), e.g. `['flagged', 'lines']`: a view is recomputed by every query that reads it, and `lines` reads
   * `flagged` once for its rows and again for the fences. Default: none. PostgreSQL gets `DROP TABLE IF EXISTS …
   * CASCADE` (the later statements recreate the views over it), `CREATE TABLE … AS` and `ANALYZE`.
   */
  readonly materialize?: readonly CleaningSqlView[];
  /**
   * Every view and table `TEMPORARY` (DuckDB, PostgreSQL): they live as long as the connection that runs the
   * statements, are seen on it only, and are never written to the database's file (on DuckDB, the `flagged` and
   * `lines` tables of the UCI lines ×10 took 12.8–13.1 s instead of 22.3–23.9 s, both alternated in one process;
   * bench/RESULTS.md of examples/end-to-end, 2026-12-07). Not with `schema`, not on BigQuery.
   * Default false.
   */
  readonly temporary?: boolean;
}

/** The views `cleaningSql` creates, in dependency order (see `CleaningSql.views`). */
export type CleaningSqlView = 'checked' | 'quarantine' | 'descriptionModes' | 'flagged' | 'fences' | 'lines' | ViewName;

/** The generated SQL of `cleaningSql`. */
export interface CleaningSql {
  /** `CREATE OR REPLACE VIEW` statements (and tables, see `materialize`), in dependency order: run them one by one. */
  readonly statements: readonly string[];
  /** The qualified name of each view. */
  readonly views: Readonly<Record<CleaningSqlView, string>>;
  /**
   * The quality report as aggregate queries over the views: `summary` (one row: `rowsIn`, `rowsKept`,
   * `rowsQuarantined`), `byReason` (`reason`, `rows`, ordered by reason), `transforms` (one row, a column per
   * transform in camelCase, e.g. `fillDescription`: trusted rows changed), `flags` (one row, a column per flag
   * column: kept rows flagged), `views` (`view`, `rows`, `revenue`, in `VIEW_DROPS` order) and `fences` (the
   * fitted fence statistics, one row).
   */
  readonly quality: Readonly<Record<'summary' | 'byReason' | 'transforms' | 'flags' | 'views' | 'fences', string>>;
}

const CANONICAL = Object.keys(TRANSACTION_SCHEMA) as CanonicalName[];
const FN = 'cleaningSql';

/**
 * `clean` for a warehouse: the quarantine checks, transforms, flags, outlier fences and purpose views as views
 * over a raw transactions table that carries the source line number, generated from the same rule table
 * (`CLEANING_RULES`): each rule's SQL predicate or expression sits beside its in-memory check. On the same lines
 * the views hold what `clean` returns: `quarantine` its quarantine (with `line` and `reason`), `lines` its cleaned
 * frame (`line`, the eight canonical columns, `revenue`, `baseStockCode`, `nonProductCategory`, the flag
 * columns), one view per purpose view; `quality` queries give the `quality.json` counts.
 *
 * Views: `checked` (every line with its first quarantine reason, NULL when trusted, and its text columns trimmed
 * as `trimmed_<column>`), `quarantine`,
 * `descriptionModes` (each stock code's most frequent description among trusted lines, ties → the smallest line),
 * `flagged` (trusted lines, transformed, with every flag but the outlier flags), `fences` (one row: the fences
 * fitted on sale lines), `lines`, then `revenue`, `modeling`, `basket`, `customers`. File-order rules read the
 * line number: `duplicate` keeps the smallest line, `unify-description` breaks ties by it.
 *
 * Differences from `clean`, by construction: `safe-text` is the identity (PostgreSQL text cannot hold NUL and no
 * UTF-8 text a lone surrogate; DuckDB and BigQuery text keeps a NUL); `bad-revenue` tests |q| > max / |p|
 * (exact except within one rounding of the largest double); upper-casing follows the engine (PostgreSQL: the
 * database's locale; a non-ASCII stock code may differ); z-score fences use the engine's `AVG`/`STDDEV_POP`
 * (equal up to summation order). Not available: `steps` and `timeZones` (filter the views instead); input columns
 * beyond the canonical eight are not carried.
 *
 * @throws RetailKitError `INVALID_ARGUMENT` for an unknown dialect, a missing table, a name outside the identifier
 *   allow-list, a bad rule option, or `steps`/`timeZones`.
 * @example
 * const sql = cleaningSql('duckdb', { table: 'raw_lines' });
 * sql.views.customers // '"clean_customers"'
 * sql.statements.length // 10 — run each, then SELECT * FROM clean_customers
 */
export function cleaningSql(dialect: SqlDialect, options: CleaningSqlOptions): CleaningSql {
  if (options == null || typeof options !== 'object' || typeof options.table !== 'string')
    throw invalidArgument(FN, 'options.table', options?.table, 'a table name', "Pass e.g. { table: 'transactions' }.");
  for (const key of ['steps', 'timeZones'] as const)
    if ((options as unknown as Record<string, unknown>)[key] !== undefined)
      throw invalidArgument(
        FN,
        `options.${key}`,
        (options as unknown as Record<string, unknown>)[key],
        'absent',
        'Filter the views.',
      );
  const f = sqlDialect(dialect);
  const resolved = resolveOptions({ length: 0, columns: {} }, options);
  const prefix = options.prefix ?? 'clean_';
  const viewName = (v: string): string => {
    const name = `${prefix}${v.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)}`;
    return f.table(options.schema ? `${options.schema}.${name}` : name);
  };
  const views = Object.fromEntries(ORDER.map((v) => [v, viewName(v)])) as Record<CleaningSqlView, string>;
  const source = (name: CanonicalName | 'line'): string => `t.${f.ident(options.columns?.[name] ?? name)}`;
  const tables = new Set(options.materialize ?? []);
  for (const v of tables)
    if (!(v in views))
      throw invalidArgument(FN, 'options.materialize', v, `names of views: ${Object.keys(views).join(', ')}`);
  const temp = options.temporary === true ? 'TEMPORARY ' : '';
  if (temp && (dialect === 'bigquery' || options.schema !== undefined))
    throw invalidArgument(
      FN,
      'options.temporary',
      true,
      options.schema === undefined ? 'false on BigQuery' : 'false with a schema',
      "Temporary views live in the connection's own schema, on DuckDB and PostgreSQL only.",
    );
  const b = new Builder(f, resolved, views);
  const statements = [
    b.checked(f.table(options.table), source),
    b.quarantine(),
    b.descriptionModes(),
    b.flagged(),
    b.fences(),
    b.lines(),
    ...VIEW_NAMES.map((v) => b.purposeView(v)),
  ].flatMap(([name, body], i) => {
    if (!tables.has(ORDER[i])) return [`CREATE OR REPLACE ${temp}VIEW ${name} AS\n${body}`];
    if (dialect !== 'postgres') return [`CREATE OR REPLACE ${temp}TABLE ${name} AS\n${body}`];
    // a temporary table is dropped from the session's schema only, never a permanent table of the same name
    const drop = temp ? `pg_temp.${name}` : name;
    return [`DROP TABLE IF EXISTS ${drop} CASCADE`, `CREATE ${temp}TABLE ${name} AS\n${body}`, `ANALYZE ${name}`];
  });
  return { statements, views, quality: b.quality() };
}

/** The views in the order `cleaningSql` creates them. */
const ORDER: readonly CleaningSqlView[] = [
  'checked',
  'quarantine',
  'descriptionModes',
  'flagged',
  'fences',
  'lines',
  ...VIEW_NAMES,
];

/** The text columns `checked` also holds trimmed (`trimmed_<column>`), for the rules that read them trimmed. */
const TRIMMED = ['invoiceNo', 'stockCode', 'description', 'customerId', 'country'] as const;
const TRANSFORMS = RULES.filter((r): r is TransformRule => r.kind === 'transform');
const FLAGS = RULES.filter((r): r is FlagRule => r.kind === 'flag');
const FENCE_PREFIX = { quantityOutlier: 'quantity', priceOutlier: 'price' } as const;

/** The views one by one, each reading the rule table's SQL through a `RuleSql` context of its own FROM clause. */
class Builder {
  readonly #f: SqlFunctions;
  readonly #o: Resolved;
  readonly #v: Record<CleaningSqlView, string>;
  /** Working expressions (over the trusted lines of `checked k`, see `#trusted`) before each transform, by rule id. */
  readonly #before = new Map<string, Readonly<Record<string, string>>>();
  #working: Readonly<Record<string, string>> = {};

  constructor(f: SqlFunctions, options: Resolved, views: Record<CleaningSqlView, string>) {
    this.#f = f;
    this.#o = options;
    this.#v = views;
    const k = this.#refs('k', [...CANONICAL]);
    let col: Record<string, string> = { ...k };
    for (const rule of TRANSFORMS) {
      if (rule.enabled && !rule.enabled(options)) continue;
      this.#before.set(rule.id, col);
      col = { ...col, ...rule.sql(this.#context(k, col)) };
    }
    this.#working = col;
  }

  #ident = (name: string): string => this.#f.ident(name);
  #refs(alias: string, names: readonly string[]): Record<string, string> {
    return Object.fromEntries(names.map((n) => [n, `${alias}.${this.#ident(n)}`]));
  }

  /**
   * The dialect's functions with a `trim` that reads the trimmed text columns of `checked` (`trimmed_<column>`, see
   * {@link TRIMMED}) under `alias` wherever a rule trims a column as read: each is trimmed once per line, and the
   * views' SQL stays small (an engine plans every view a query reads, and planning grows with the text). Upper-casing
   * maps no character to or from whitespace, so the trimmed upper-cased stock code is `UPPER` of the trimmed one.
   * Trimming distributes over a `CASE` whose branches are a literal without edge whitespace and a column as read
   * (`fill-description` then `trim-description`): `trim(CASE WHEN p THEN 'x' ELSE d END)` = `CASE WHEN p THEN 'x'
   * ELSE trimmed_d END` (on ×10 of the real data in DuckDB, `flagged` took 13.0 s of CPU this way against 15.0–15.7
   * s, the same rows; scratch timers 2026-12-07).
   */
  #trimming(alias: string, raw: Readonly<Record<string, string>>): SqlFunctions {
    const trimmed = (n: string) => `${alias}.${this.#ident(`trimmed_${n}`)}`;
    const known = new Map<string, string>(TRIMMED.map((n) => [raw[n], trimmed(n)]));
    known.set(`UPPER(${raw.stockCode})`, `UPPER(${trimmed('stockCode')})`);
    const trim = (e: string): string => {
      const hit = known.get(e);
      if (hit) return hit;
      const c = /^CASE WHEN (.+) THEN ('(?:[^'\s]|'')(?:(?:[^']|'')*(?:[^'\s]|''))?') ELSE (\S+) END$/s.exec(e);
      const read = c && known.get(c[3]);
      return c && read ? `CASE WHEN ${c[1]} THEN ${c[2]} ELSE ${read} END` : this.#f.trim(e);
    };
    return { ...this.#f, trim };
  }

  #context(raw: Record<string, string>, col: Readonly<Record<string, string>>, over?: Partial<RuleSql>): RuleSql {
    const fail = (what: string) => () => {
      throw new Error(`cleaningSql: ${what} is not available in this view; check the rule table order`);
    };
    return {
      f: this.#trimming('k', this.#refs('k', [...CANONICAL])),
      options: this.#o,
      raw: raw as Record<CanonicalName, string>,
      col,
      line: `k.${this.#ident('line')}`,
      flag: fail('a flag'),
      allRows: (id) => `k.${this.#ident(`pre_${FLAG_COLUMNS[id]}`)}`,
      mode: 'k.mode_description',
      fence: fail('a fence'),
      ...over,
    };
  }

  checked(table: string, source: (name: CanonicalName | 'line') => string): [string, string] {
    const raw = Object.fromEntries(CANONICAL.map((n) => [n, source(n)]));
    const c = this.#context(raw, raw, { line: source('line'), f: this.#trimming('t', raw) });
    const trims = TRIMMED.map((n) => `${this.#f.trim(source(n))} AS ${this.#ident(`trimmed_${n}`)}`);
    const reasons = RULES.filter((r) => r.kind === 'quarantine').map(
      (r) => `    WHEN ${r.sql(c)} THEN ${this.#f.literal(r.id)}`,
    );
    const grouped = FLAGS.filter((r) => r.sqlGroupOrder);
    const pre = grouped.map((r, j) => `  ${this.#groupOrder(c, r, j)} AS ${this.#ident(`pre_${r.column}`)}`);
    const joins = this.#f.dialect === 'duckdb' ? grouped.map((r, j) => this.#laterLines(table, c, j, r)) : [];
    const columns = CANONICAL.map((n) => `  ${source(n)} AS ${this.#ident(n)}`);
    return [
      this.#v.checked,
      `SELECT ${source('line')} AS ${this.#ident('line')},\n${columns.join(',\n')},\n  CASE\n${reasons.join('\n')}\n  END AS ${this.#ident('reason')}${pre.length ? `,\n${pre.join(',\n')}` : ''},\n  ${TRIMMED.map((n) => `t.${this.#ident(`trimmed_${n}`)}`).join(', ')}\nFROM (SELECT t.*, ${trims.join(', ')} FROM ${table} t) t${joins.join('')}`,
    ];
  }

  /**
   * The row's place in the `j`-th `sqlGroupOrder` group, in file order: `ROW_NUMBER()` over the group by line; on
   * DuckDB 2 when the row is one of the later lines of its group (joined by {@link #laterLines}), else 1. On the real
   * data in DuckDB the `flagged` table took 1.55 s with the first lines joined against 1.83 s with the window (same
   * rows; bench/RESULTS.md, 2026-12-06): the window sorts every line by all eight columns.
   */
  #groupOrder(c: RuleSql, rule: FlagRule, j: number): string {
    if (this.#f.dialect === 'duckdb') return `CASE WHEN g${j}.later_line IS NULL THEN 1 ELSE 2 END`;
    return `ROW_NUMBER() OVER (PARTITION BY ${rule.sqlGroupOrder?.(c).join(', ')} ORDER BY ${c.line})`;
  }

  /**
   * DuckDB: the lines of the raw table that are not the first of their `sqlGroupOrder` group, joined to the rows on
   * the line. Only groups whose columns' hash is shared by two lines or more can hold such a line, so the exact
   * grouping (a window over the group's columns) runs on those lines alone; a hash shared by distinct groups only adds
   * lines to it, so the result is exact. On ×10 of the real lines, the duplicates' later lines (52,680) took 2.0–2.2 s
   * of CPU this way against 3.3–3.6 s grouping every line by its eight columns (scratch timers, bench/RESULTS.md,
   * 2026-12-07).
   */
  #laterLines(table: string, c: RuleSql, j: number, rule: FlagRule): string {
    const group = rule.sqlGroupOrder?.(c).join(', ');
    return `\nLEFT JOIN (
  SELECT w.line AS later_line FROM (
    SELECT ${c.line} AS line, MIN(${c.line}) OVER (PARTITION BY ${group}) AS first_line
    FROM ${table} t
    WHERE hash(${group}) IN (SELECT h FROM (SELECT hash(${group}) AS h FROM ${table} t) x GROUP BY h HAVING COUNT(*) > 1)
  ) w
  WHERE w.line > w.first_line
) g${j} ON g${j}.later_line = ${c.line}`;
  }

  quarantine(): [string, string] {
    const cols = ['line', ...CANONICAL, 'reason'].map(this.#ident);
    return [
      this.#v.quarantine,
      `SELECT ${cols.join(', ')}\nFROM ${this.#v.checked}\nWHERE ${this.#ident('reason')} IS NOT NULL`,
    ];
  }

  descriptionModes(): [string, string] {
    const at = this.#before.get('unify-description') ?? this.#working;
    return [
      this.#v.descriptionModes,
      `SELECT sc AS ${this.#ident('stockCode')}, d AS ${this.#ident('description')}
FROM (
  SELECT sc, d, ROW_NUMBER() OVER (PARTITION BY sc ORDER BY n DESC, first_line) AS r
  FROM (
    SELECT sc, d, COUNT(*) AS n, MIN(line) AS first_line
    FROM (SELECT ${at.stockCode} AS sc, ${at.description} AS d, k.${this.#ident('line')} AS line FROM ${this.#v.checked} k WHERE k.${this.#ident('reason')} IS NULL) w
    GROUP BY sc, d
  ) counted
) ranked
WHERE r = 1`,
    ];
  }

  /**
   * The trusted, transformed lines, each with `mode_description`, the most frequent description of its stock code
   * (ties → the smallest first line), as an optional `WITH` and the FROM clause that reads them.
   *
   * DuckDB: `trusted` (the lines of `checked` without a quarantine reason, with their stock code and description as
   * `unify-description` reads them) and `modes` (counted over the distinct (stock code, description) groups) as
   * common table expressions, joined on the stock code: on the real data the `flagged` table took 1.7–2.1 s this
   * way against 2.5–2.6 s with window functions over the lines (same rows; bench/RESULTS.md 2026-12-06).
   * Other engines: window functions over the lines, so that no engine plans a nested loop on a misestimated join
   * (PostgreSQL did with the join, on the 20,000 seed lines: over a minute).
   */
  #trusted(): { with: string; from: string } {
    const at = this.#before.get('unify-description') ?? this.#working;
    const line = this.#ident('line');
    const reason = this.#ident('reason');
    if (this.#f.dialect !== 'duckdb')
      return {
        with: '',
        from: `FROM (
  SELECT w.*, FIRST_VALUE(w.mode_d) OVER (PARTITION BY w.mode_sc ORDER BY w.mode_n DESC, w.mode_first) AS mode_description
  FROM (
    SELECT v.*,
      COUNT(*) OVER (PARTITION BY v.mode_sc, v.mode_d) AS mode_n,
      MIN(v.${line}) OVER (PARTITION BY v.mode_sc, v.mode_d) AS mode_first
    FROM (
      SELECT k.*, ${at.stockCode} AS mode_sc, ${at.description} AS mode_d
      FROM ${this.#v.checked} k
      WHERE k.${reason} IS NULL
    ) v
  ) w
) k`,
      };
    return {
      with: `WITH trusted AS (
  SELECT k.*, ${at.stockCode} AS mode_sc, ${at.description} AS mode_d
  FROM ${this.#v.checked} k
  WHERE k.${reason} IS NULL
),
modes AS (
  SELECT sc, d
  FROM (
    SELECT sc, d, ROW_NUMBER() OVER (PARTITION BY sc ORDER BY n DESC, first_line) AS r
    FROM (SELECT mode_sc AS sc, mode_d AS d, COUNT(*) AS n, MIN(${line}) AS first_line FROM trusted GROUP BY mode_sc, mode_d) counted
  ) ranked
  WHERE r = 1
)
`,
      from: `FROM (
  SELECT t.*, m.d AS mode_description
  FROM trusted t LEFT JOIN modes m ON m.sc = t.mode_sc
) k`,
    };
  }

  flagged(): [string, string] {
    const k = this.#refs('k', [...CANONICAL]);
    const inline = new Map<FlagRuleId, string>();
    const c = this.#context(k, this.#working, {
      flag: (id) => {
        const e = inline.get(id);
        if (e === undefined) throw new Error(`cleaningSql: flag "${id}" is read before its rule`);
        return `(${e})`;
      },
    });
    const derived: string[] = [];
    for (const rule of FLAGS) {
      if (rule.sqlFence) continue;
      inline.set(rule.id, sqlTrue(rule.sql(c)));
      for (const [name, expr] of Object.entries(rule.sqlColumns?.(c) ?? {}))
        derived.push(`  ${expr} AS ${this.#ident(name)}`);
    }
    const columns = [...CANONICAL, 'revenue'].map((n) => `  ${this.#working[n]} AS ${this.#ident(n)}`);
    const flags = FLAG_RULE_IDS.filter((id) => inline.has(id)).map(
      (id) => `  ${inline.get(id)} AS ${this.#ident(FLAG_COLUMNS[id])}`,
    );
    const trusted = this.#trusted();
    return [
      this.#v.flagged,
      `${trusted.with}SELECT k.${this.#ident('line')} AS ${this.#ident('line')},\n${[...columns, ...derived, ...flags].join(',\n')}\n${trusted.from}`,
    ];
  }

  /** The context of the views over `flagged b` (and `fences s`): columns and flags are plain references. */
  #flaggedContext(): RuleSql {
    const cols = this.#refs('b', [...CANONICAL, 'revenue']);
    return this.#context(this.#refs('b', [...CANONICAL]), cols, {
      flag: (id) => `b.${this.#ident(FLAG_COLUMNS[id])}`,
      fence: (option): FenceSql => {
        const p = FENCE_PREFIX[option];
        // uncorrelated scalar subqueries: evaluated once per query (a join to the one-row view may be planned as a
        // nested loop that refits the fence for every line when the engine misestimates the lines)
        const s = (n: string) => `(SELECT s.${this.#ident(`${p}_${n}`)} FROM ${this.#v.fences} s)`;
        return { lower: s('lower'), upper: s('upper'), mean: s('mean'), std: s('std') };
      },
    });
  }

  /** One scan of the sale lines (the population every outlier flag's fence is fitted on) for every fence. */
  fences(): [string, string] {
    const c = this.#flaggedContext();
    const values = new Set<string>();
    const inner: string[] = [];
    const outer: string[] = [];
    for (const r of FLAGS) {
      if (!r.sqlFence) continue;
      const { option, values: column } = r.sqlFence;
      const value = `${FENCE_PREFIX[option]}_v`;
      values.add(`b.${this.#ident(column)} AS ${value}`);
      const stats = fenceStatsSql(this.#f, this.#o[option], value, FENCE_PREFIX[option]);
      inner.push(...stats.inner);
      outer.push(...stats.outer);
    }
    return [
      this.#v.fences,
      `SELECT ${outer.join(',\n  ')}\nFROM (SELECT ${[...values, ...inner].join(', ')} FROM ${this.#v.flagged} b WHERE ${sqlTrue(saleLinesSql(c))}) sale`,
    ];
  }

  lines(): [string, string] {
    const c = this.#flaggedContext();
    const fenced = new Map(FLAGS.filter((r) => r.sqlFence).map((r) => [r.id, sqlTrue(r.sql(c))]));
    const plain = ['line', ...CANONICAL, 'revenue', 'baseStockCode', 'nonProductCategory'].map(
      (n) => `b.${this.#ident(n)}`,
    );
    const flags = FLAG_RULE_IDS.map((id) => {
      const name = this.#ident(FLAG_COLUMNS[id]);
      return fenced.has(id) ? `${fenced.get(id)} AS ${name}` : `b.${name}`;
    });
    return [this.#v.lines, `SELECT ${[...plain, ...flags].join(',\n  ')}\nFROM ${this.#v.flagged} b`];
  }

  purposeView(view: ViewName): [string, string] {
    const drops = this.#o.views[view].map((id) => this.#ident(FLAG_COLUMNS[id]));
    const where = drops.length ? `\nWHERE NOT (${drops.join(' OR ')})` : '';
    return [this.#v[view], `SELECT *\nFROM ${this.#v.lines}${where}`];
  }

  quality(): CleaningSql['quality'] {
    const id = this.#ident;
    const count = (predicate: string) => `SUM(CASE WHEN ${predicate} THEN 1 ELSE 0 END)`;
    const k = this.#refs('k', [...CANONICAL]);
    const transforms = TRANSFORMS.filter((r) => this.#before.has(r.id)).map((r) => {
      const before = this.#before.get(r.id) as Record<string, string>;
      const after = { ...before, ...r.sql(this.#context(k, before)) };
      const name = r.id.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
      return `${count(sqlTrue(r.sqlChanged(this.#context(k, before), after)))} AS ${id(name)}`;
    });
    const trusted = this.#trusted();
    const views = VIEW_NAMES.map(
      (v) =>
        `SELECT ${this.#f.literal(v)} AS ${id('view')}, ${VIEW_NAMES.indexOf(v)} AS ${id('position')}, COUNT(*) AS ${id('rows')}, SUM(${id('revenue')}) AS ${id('revenue')} FROM ${this.#v[v]}`,
    );
    return {
      summary: `SELECT COUNT(*) AS ${id('rowsIn')}, COUNT(*) - COUNT(${id('reason')}) AS ${id('rowsKept')}, COUNT(${id('reason')}) AS ${id('rowsQuarantined')}\nFROM ${this.#v.checked}`,
      byReason: `SELECT ${id('reason')}, COUNT(*) AS ${id('rows')}\nFROM ${this.#v.checked}\nWHERE ${id('reason')} IS NOT NULL\nGROUP BY ${id('reason')}\nORDER BY ${id('reason')}`,
      transforms: `${trusted.with}SELECT ${transforms.join(',\n  ')}\n${trusted.from}`,
      flags: `SELECT ${FLAG_RULE_IDS.map((f) => `${count(id(FLAG_COLUMNS[f]))} AS ${id(FLAG_COLUMNS[f])}`).join(',\n  ')}\nFROM ${this.#v.lines}`,
      views: `SELECT ${id('view')}, ${id('rows')}, ${id('revenue')}\nFROM (\n${views.join('\nUNION ALL\n')}\n) v\nORDER BY ${id('position')}`,
      fences: `SELECT * FROM ${this.#v.fences}`,
    };
  }
}
