import type { SqlFunctions } from '@retailkit/core';

/** The quoted names and settings the statements of `itemsetSupportsSql` are built from. */
export interface ItemsetSqlParts {
  readonly f: SqlFunctions;
  readonly lines: string;
  readonly basket: string;
  readonly item: string;
  readonly quantity: string;
  readonly minQuantity: number;
  readonly minItems: number;
  readonly candidates: string;
  /** The scratch table of the frequent items' pairs that levels k ≥ 2 read (see {@link frequentPairsSetup}). */
  readonly pairs: string;
  /** The scratch table of the mined (basket, item) pairs that the counts, level 1 and level 2 read ({@link basketItemsSetup}). */
  readonly basketItems: string;
}

/** `SELECT [DISTINCT] basket_id, item` of the lines that count: basket and item present, quantity ≥ minQuantity. */
function keptLines(p: ItemsetSqlParts, distinct: boolean): string {
  return `SELECT ${distinct ? 'DISTINCT ' : ''}${p.basket} AS basket_id, ${p.item} AS item
  FROM ${p.lines}
  WHERE ${p.basket} IS NOT NULL AND ${p.item} IS NOT NULL AND ${p.quantity} >= ${p.f.literal(p.minQuantity)}`;
}

/** `WITH lines …, pairs …`: the distinct (basket, item) pairs of the baskets that are mined. */
function pairsCte(p: ItemsetSqlParts): string {
  const kept =
    p.minItems > 1
      ? `\n  WHERE basket_id IN (SELECT basket_id FROM lines GROUP BY basket_id HAVING COUNT(*) >= ${p.minItems})`
      : '';
  return `WITH lines AS (
  ${keptLines(p, true)}
),
pairs AS (
  SELECT basket_id, item FROM lines${kept}
)`;
}

/**
 * The `basketsSql` query: baskets and distinct items, counted in the basket items' table ({@link basketItemsSetup}).
 * With `minItems` 1 every basket of a (basket, item) pair counts, so both are distinct counts over the kept lines
 * instead: at ×100 of the UCI lines in DuckDB at 384 MB, 1.7 s against 4.7 s over the table, which is on disk there
 * (50 million pairs; scratch timer, 2026-12-07).
 */
export function basketsQuery(p: ItemsetSqlParts): string {
  const counts = `SELECT COUNT(DISTINCT basket_id) AS ${p.f.ident('baskets')}, COUNT(DISTINCT item) AS ${p.f.ident('items')}`;
  return p.minItems > 1 ? `${counts}\nFROM ${p.basketItems}` : `${counts}\nFROM (\n  ${keptLines(p, false)}\n) kept`;
}

/**
 * `CREATE TABLE` of a scratch table: temporary where the engine has them (DuckDB, PostgreSQL: nothing written to
 * disk, gone with the connection), unless `table` names a schema: a table then, unlogged on PostgreSQL, where
 * parallel workers can scan it (none scans a temporary table); a table on BigQuery. PostgreSQL also analyzes it,
 * which autovacuum never does for a temporary table.
 */
function scratchTable(p: ItemsetSqlParts, table: string, query: string): string[] {
  const temporary = p.f.dialect !== 'bigquery' && !table.includes('.');
  const kind = temporary ? 'TEMPORARY ' : p.f.dialect === 'postgres' ? 'UNLOGGED ' : '';
  const out = [`DROP TABLE IF EXISTS ${table}`, `CREATE ${kind}TABLE ${table} AS\n${query}`];
  if (p.f.dialect === 'postgres') out.push(`ANALYZE ${table}`);
  return out;
}

/**
 * The statements that (re)create the scratch table `p.basketItems`: the distinct (basket, item) pairs of the kept
 * lines, in the baskets with at least `minItems` items (`pairsCte`). The basket count, level 1 and level 2's pairs
 * table read it, so the lines are read for it once, not once each: at ×10 of the UCI lines in DuckDB the three took
 * 4.3–4.5 s of wall time (8.2–8.4 s of CPU) from the lines, 2.5–2.8 s (4.6–5.1 s) from this table; on the UCI lines in
 * PostgreSQL 3.4 s against 2.0 s (scratch timers, twice each, 2026-12-07). Dropped by the plan's `cleanup`.
 */
export function basketItemsSetup(p: ItemsetSqlParts): string[] {
  return scratchTable(p, p.basketItems, `${pairsCte(p)}\nSELECT basket_id, item FROM pairs`);
}

/** Level 1: rows `item`, `count` of the frequent items, counted in the basket items' table. */
export function itemsQuery(p: ItemsetSqlParts, minCount: number): string {
  return `SELECT item AS ${p.f.ident('item')}, COUNT(*) AS ${p.f.ident('count')}\nFROM ${p.basketItems}\nGROUP BY item\nHAVING COUNT(*) >= ${minCount}`;
}

/** The type of the candidates' item column. */
function textType(p: ItemsetSqlParts): string {
  return p.f.dialect === 'bigquery' ? 'STRING' : p.f.dialect === 'duckdb' ? 'VARCHAR' : 'text';
}

/**
 * Rows of SQL literals as an inline table expression (a FROM item) with these column names: `(VALUES …) AS v(…)`,
 * or BigQuery's array of named STRUCTs (it has no table value constructor).
 */
function inlineTable(p: ItemsetSqlParts, columns: readonly string[], rows: readonly (readonly string[])[]): string {
  if (p.f.dialect === 'bigquery') {
    const structs = rows.map((r) => `STRUCT(${r.map((v, c) => `${v} AS ${columns[c]}`).join(', ')})`);
    return `UNNEST([\n    ${structs.join(',\n    ')}\n  ])`;
  }
  return `(VALUES\n    ${rows.map((r) => `(${r.join(', ')})`).join(',\n    ')}\n  ) AS v(${columns.join(', ')})`;
}

/**
 * The lookup tags of a level's candidates: each item after the first of some candidate, numbered 0, 1, … in label
 * order. See {@link pairKey} for how a basket and a tag make one key per (basket, item) pair.
 */
export function lookupTags(sets: readonly (readonly string[])[]): Map<string, number> {
  const items = new Set<string>();
  for (const s of sets) for (let j = 1; j < s.length; j++) items.add(s[j]);
  return new Map([...items].sort().map((x, r) => [x, r]));
}

/**
 * Whether the pairs table numbers its baskets 1, 2, … (see {@link frequentPairsSetup}): all engines but BigQuery,
 * which would number them in one sorted pass on one worker (there they stay text).
 */
const numbered = (p: ItemsetSqlParts): boolean => p.f.dialect !== 'bigquery';

/** A tag as the candidates hold it: the number where baskets are numbered, else the text `:<number>`. */
function tagLiteral(p: ItemsetSqlParts, tag: number): string {
  return numbered(p) ? String(tag) : p.f.literal(`:${tag}`);
}

/**
 * The lookup key of a (basket, tagged item) pair, from SQL for the basket and the tag, with `count` tags: basket ·
 * count + tag where baskets are numbered (one integer per pair: level 3 on ×10 of the UCI lines in DuckDB took
 * 1.0–1.1 s against 2.8–2.9 s with the text key, on the UCI lines in PostgreSQL 3.1 s against 4.9 s; scratch timers,
 * alternated, 2026-12-07); else the basket's text followed by the tag `:<number>`
 * (the tag is what follows the last `:`, which holds no other, whatever characters the basket holds).
 */
function pairKey(p: ItemsetSqlParts, basket: string, tag: string, count: number): string {
  return numbered(p) ? `${basket} * ${count} + ${tag}` : `CAST(${basket} AS ${textType(p)}) || ${tag}`;
}

/** The candidates' columns: `candidate_id`, `i1` (the first item), then `t2` … `tk` (the other items' tags). */
function candidateColumns(k: number): string[] {
  return ['candidate_id', 'i1', ...Array.from({ length: k - 1 }, (_, j) => `t${j + 2}`)];
}

/** `(candidate_id, i1, t2, …, tk)` rows as an inline table expression (a FROM item); all sets have length k. */
export function inlineCandidates(
  p: ItemsetSqlParts,
  sets: readonly (readonly string[])[],
  tags: ReadonlyMap<string, number>,
): string {
  return inlineTable(p, candidateColumns(sets[0].length), candidateRows(p, sets, tags));
}

/** One `(candidate_id, i1, t2, …, tk)` row of literals per candidate. */
function candidateRows(
  p: ItemsetSqlParts,
  sets: readonly (readonly string[])[],
  tags: ReadonlyMap<string, number>,
): string[][] {
  return sets.map((s, id) => [
    String(id),
    p.f.literal(s[0]),
    ...s.slice(1).map((x) => tagLiteral(p, tags.get(x) ?? -1)),
  ]);
}

/** Statements that (re)create the candidates table and fill it, at most `chunk` rows per INSERT. */
export function uploadCandidates(
  p: ItemsetSqlParts,
  sets: readonly (readonly string[])[],
  tags: ReadonlyMap<string, number>,
  chunk = 1000,
): string[] {
  const columns = candidateColumns(sets[0].length);
  const rows = candidateRows(p, sets, tags).map((r) => `(${r.join(', ')})`);
  const types = columns.map((c, j) => `${c} ${j === 0 || (j > 1 && numbered(p)) ? p.f.intType : textType(p)}`);
  const out = [`DROP TABLE IF EXISTS ${p.candidates}`, `CREATE TABLE ${p.candidates} (${types.join(', ')})`];
  for (let lo = 0; lo < rows.length; lo += chunk)
    out.push(
      `INSERT INTO ${p.candidates} (${columns.join(', ')}) VALUES\n  ${rows.slice(lo, lo + chunk).join(',\n  ')}`,
    );
  return out;
}

/**
 * The statements that (re)create the scratch table `p.pairs` that every level k ≥ 2 reads: the basket items
 * ({@link basketItemsSetup}) whose item is one of the frequent `items`, in the baskets holding at least two of them
 * (no other basket holds a candidate of length ≥ 2). The levels then join over the frequent items only, not the
 * lines once per level (at ×10 of the UCI lines in DuckDB, the pairs alone took 1.4 s per level). The baskets are
 * numbered 1, 2, … (`DENSE_RANK`; not on BigQuery): joins on a small integer, not on the basket's text (level 2 at
 * ×10 in DuckDB 2.5 s against 6.1 s, both in one scratch run, 2026-12-06). Made as the basket items' table is
 * ({@link scratchTable}); dropped by the plan's `cleanup`. Each pair also holds its item's rank among the sorted
 * frequent `items` and that rank's base ({@link inlineRanks}), which level 2 numbers its pairs by.
 */
export function frequentPairsSetup(p: ItemsetSqlParts, items: readonly string[]): string[] {
  return scratchTable(
    p,
    p.pairs,
    `WITH frequent AS (
  SELECT item, item_rank, base FROM ${inlineRanks(p, items)}
),
kept AS (
  SELECT b.basket_id, b.item, f.item_rank, f.base FROM ${p.basketItems} b JOIN frequent f ON f.item = b.item
)
SELECT ${numbered(p) ? 'DENSE_RANK() OVER (ORDER BY basket_id) AS basket_id' : 'basket_id'}, item, item_rank, base FROM kept
WHERE basket_id IN (SELECT basket_id FROM kept GROUP BY basket_id HAVING COUNT(*) >= 2)`,
  );
}

/**
 * Level k ≥ 3: for each candidate, the baskets holding its first item (a join of pairs on `i1`), kept when the
 * basket also holds the other k − 1 items, each looked up by the key of the basket and the item's tag (`pairKey`) in the
 * pairs of the tagged items. The key is made from the basket found and the candidate's tag, so the engine cannot
 * join two lookups with each other first: the rows stay Σ_c support(first item of c), where one join of every
 * candidate item with its baskets, grouped per candidate and basket, makes Σ_c Σ_{i ∈ c} support(i) (13 M rows at
 * level 3 of the real data; DuckDB 3.8 s against 0.7 s this way, bench/RESULTS.md 2026-12-06).
 */
export function levelQuery(
  p: ItemsetSqlParts,
  from: string,
  tags: ReadonlyMap<string, number>,
  k: number,
  minCount: number,
): string {
  const i = p.f.ident;
  const columns = candidateColumns(k);
  const lookups = columns
    .slice(2)
    .map((c, j) => `\nJOIN keyed q${j + 2} ON q${j + 2}.pair_key = ${pairKey(p, 'p1.basket_id', `c.${c}`, tags.size)}`);
  const tagRows = [...tags].map(([x, tag]) => [p.f.literal(x), tagLiteral(p, tag)]);
  return `WITH pairs AS (
  SELECT basket_id, item FROM ${p.pairs}
),
tags AS (
  SELECT item, tag FROM ${inlineTable(p, ['item', 'tag'], tagRows)}
),
keyed AS (
  SELECT ${pairKey(p, 'p.basket_id', 'g.tag', tags.size)} AS pair_key FROM pairs p JOIN tags g ON g.item = p.item
),
candidates AS (
  SELECT ${columns.join(', ')} FROM ${from}
)
SELECT c.candidate_id AS ${i('candidateId')}, COUNT(*) AS ${i('count')}
FROM candidates c
JOIN pairs p1 ON p1.item = c.i1${lookups.join('')}
GROUP BY c.candidate_id
HAVING COUNT(*) >= ${minCount}`;
}

/**
 * `(item, item_rank, base)` rows for level 2's pairs table, inline: the frequent items in label order with their rank r, and
 * base(r) = r·m − r(r+1)/2 − r − 1, so that the pair of ranks a < b is candidate base(a) + b — the index of
 * [items[a], items[b]] in `aprioriCandidates`' row-major order — with no division in SQL.
 */
export function inlineRanks(p: ItemsetSqlParts, sorted: readonly string[]): string {
  const m = sorted.length;
  const base = (r: number) => r * m - (r * (r + 1)) / 2 - r - 1;
  const rows = sorted.map((x, r) => [p.f.literal(x), String(r), String(base(r))]);
  return inlineTable(p, ['item', 'item_rank', 'base'], rows);
}

/**
 * Level 2 without candidates: every basket's pairs of frequent items (a self-join of the pairs table on the basket,
 * ranks a < b), counted per pair and numbered base(a) + b. Cost Σ over baskets of f(f − 1)/2 for f frequent items in
 * the basket, instead of joining each (basket, item) row with every candidate holding the item (m − 1 of them). With
 * the ranks in the table, no subquery is read twice: PostgreSQL can plan the join in parallel on an unlogged pairs
 * table (on the UCI lines, alternated in one session, 4.5–5.7 s against 6.2–7.3 s on a temporary one; DuckDB at
 * ×10 as fast as the ranks joined in a subquery, 2.5–2.8 s against 2.4–2.6 s; scratch timers 2026-12-07). Grouped
 * by the one candidate number (`GROUP BY 1`, in every dialect), not by the two ranks: DuckDB at ×10 1.60–1.61 s
 * against 1.67–1.70 s, PostgreSQL on the UCI lines 2.25–2.31 s against 2.31–2.39 s (alternated, 2026-12-07).
 */
export function pairLevelQuery(p: ItemsetSqlParts, minCount: number): string {
  const i = p.f.ident;
  return `SELECT a.base + b.item_rank AS ${i('candidateId')}, COUNT(*) AS ${i('count')}
FROM ${p.pairs} a JOIN ${p.pairs} b ON b.basket_id = a.basket_id AND b.item_rank > a.item_rank
GROUP BY 1
HAVING COUNT(*) >= ${minCount}`;
}
