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
}

/** `SELECT [DISTINCT] basket_id, item` of the lines that count: basket and item present, quantity ≥ minQuantity. */
function keptLines(p: ItemsetSqlParts, distinct: boolean): string {
  return `SELECT ${distinct ? 'DISTINCT ' : ''}${p.basket} AS basket_id, ${p.item} AS item
  FROM ${p.lines}
  WHERE ${p.basket} IS NOT NULL AND ${p.item} IS NOT NULL AND ${p.quantity} >= ${p.f.literal(p.minQuantity)}`;
}

/** `WITH lines …, pairs …`: the distinct (basket, item) pairs of the baskets that are mined. */
export function pairsCte(p: ItemsetSqlParts): string {
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
 * The `basketsSql` query: baskets and distinct items. With `minItems` 1 every basket of a (basket, item) pair counts,
 * so both are distinct counts over the kept lines, without the distinct pairs (at ×100 of the UCI lines, 50 million
 * pairs: in the scale bench, DuckDB with a 320 MB limit ran out of memory building them for this count).
 */
export function basketsQuery(p: ItemsetSqlParts): string {
  const counts = `SELECT COUNT(DISTINCT basket_id) AS ${p.f.ident('baskets')}, COUNT(DISTINCT item) AS ${p.f.ident('items')}`;
  return p.minItems > 1
    ? `${pairsCte(p)}\n${counts}\nFROM pairs`
    : `${counts}\nFROM (\n  ${keptLines(p, false)}\n) kept`;
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

/** `(candidate_id, item)` rows as an inline table expression (a FROM item). */
export function inlineCandidates(p: ItemsetSqlParts, sets: readonly (readonly string[])[]): string {
  return inlineTable(p, ['candidate_id', 'item'], candidateRows(p, sets));
}

/** One `(candidate_id, item)` row of literals per item of each candidate. */
function candidateRows(p: ItemsetSqlParts, sets: readonly (readonly string[])[]): string[][] {
  return sets.flatMap((s, id) => s.map((x) => [String(id), p.f.literal(x)]));
}

/** Statements that (re)create the candidates table and fill it, at most `chunk` rows per INSERT. */
export function uploadCandidates(p: ItemsetSqlParts, sets: readonly (readonly string[])[], chunk = 1000): string[] {
  const rows = candidateRows(p, sets).map((r) => `(${r.join(', ')})`);
  const out = [
    `DROP TABLE IF EXISTS ${p.candidates}`,
    `CREATE TABLE ${p.candidates} (candidate_id ${p.f.intType}, item ${textType(p)})`,
  ];
  for (let lo = 0; lo < rows.length; lo += chunk)
    out.push(`INSERT INTO ${p.candidates} (candidate_id, item) VALUES\n  ${rows.slice(lo, lo + chunk).join(',\n  ')}`);
  return out;
}

/** Level k ≥ 2: the baskets holding all k items of each candidate, counted per candidate. */
export function levelQuery(p: ItemsetSqlParts, from: string, k: number, minCount: number): string {
  const i = p.f.ident;
  return `${pairsCte(p)},
candidates AS (
  SELECT candidate_id, item FROM ${from}
),
hits AS (
  SELECT c.candidate_id, p.basket_id
  FROM candidates c JOIN pairs p ON p.item = c.item
  GROUP BY c.candidate_id, p.basket_id
  HAVING COUNT(*) = ${k}
)
SELECT candidate_id AS ${i('candidateId')}, COUNT(*) AS ${i('count')}
FROM hits
GROUP BY candidate_id
HAVING COUNT(*) >= ${minCount}`;
}

/**
 * `(item, item_rank, base)` rows for level 2, inline: the frequent items in label order with their rank r, and
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
 * Level 2 without candidates: every basket's pairs of frequent items (a self-join of its ranked items, a < b),
 * counted per pair. Cost Σ over baskets of f(f − 1)/2 for f frequent items in the basket, instead of joining each
 * (basket, item) row with every candidate holding the item (m − 1 of them).
 */
export function pairLevelQuery(p: ItemsetSqlParts, ranks: string, minCount: number): string {
  const i = p.f.ident;
  return `${pairsCte(p)},
ranks AS (
  SELECT item, item_rank, base FROM ${ranks}
),
ranked AS (
  SELECT p.basket_id, r.item_rank, r.base
  FROM pairs p JOIN ranks r ON r.item = p.item
)
SELECT a.base + b.item_rank AS ${i('candidateId')}, COUNT(*) AS ${i('count')}
FROM ranked a JOIN ranked b ON b.basket_id = a.basket_id AND b.item_rank > a.item_rank
GROUP BY a.base, b.item_rank
HAVING COUNT(*) >= ${minCount}`;
}
