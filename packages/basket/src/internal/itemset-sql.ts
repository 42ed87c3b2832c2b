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

/** `WITH lines …, pairs …`: the distinct (basket, item) pairs of the baskets that are mined. */
export function pairsCte(p: ItemsetSqlParts): string {
  const kept =
    p.minItems > 1
      ? `\n  WHERE basket_id IN (SELECT basket_id FROM lines GROUP BY basket_id HAVING COUNT(*) >= ${p.minItems})`
      : '';
  return `WITH lines AS (
  SELECT DISTINCT ${p.basket} AS basket_id, ${p.item} AS item
  FROM ${p.lines}
  WHERE ${p.basket} IS NOT NULL AND ${p.item} IS NOT NULL AND ${p.quantity} >= ${p.f.literal(p.minQuantity)}
),
pairs AS (
  SELECT basket_id, item FROM lines${kept}
)`;
}

/** The type of the candidates' item column. */
function textType(p: ItemsetSqlParts): string {
  return p.f.dialect === 'bigquery' ? 'STRING' : p.f.dialect === 'duckdb' ? 'VARCHAR' : 'text';
}

/** `(candidate_id, item)` rows as an inline table expression (a FROM item). */
export function inlineCandidates(p: ItemsetSqlParts, sets: readonly (readonly string[])[]): string {
  if (p.f.dialect === 'bigquery') {
    // named STRUCTs: BigQuery's array literal of structs, with no table value constructor
    const structs = sets.flatMap((s, id) => s.map((x) => `STRUCT(${id} AS candidate_id, ${p.f.literal(x)} AS item)`));
    return `UNNEST([\n    ${structs.join(',\n    ')}\n  ])`;
  }
  const rows = sets.flatMap((s, id) => s.map((x) => `(${id}, ${p.f.literal(x)})`));
  return `(VALUES\n    ${rows.join(',\n    ')}\n  ) AS v(candidate_id, item)`;
}

/** Statements that (re)create the candidates table and fill it, at most `chunk` rows per INSERT. */
export function uploadCandidates(p: ItemsetSqlParts, sets: readonly (readonly string[])[], chunk = 1000): string[] {
  const rows = sets.flatMap((s, id) => s.map((x) => `(${id}, ${p.f.literal(x)})`));
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
