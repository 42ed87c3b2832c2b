import { describe, expect, it } from 'vitest';
import { closest, editDistance, wrapWords } from '../src/text.js';

describe('editDistance (optimal string alignment)', () => {
  it('gives the textbook distances (hand-computed)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // k→s, e→i, +g
    expect(editDistance('dta', 'data')).toBe(1); // +a
    expect(editDistance('basekt', 'basket')).toBe(1); // one adjacent transposition
    expect(editDistance('', 'out')).toBe(3);
    expect(editDistance('Seed', 'seed')).toBe(0); // case ignored
  });
});

describe('closest: the "did you mean" candidate', () => {
  const options = ['data', 'columns', 'out', 'preset', 'seed', 'lake', 'warehouse', 'quiet', 'debug', 'help'];

  it('suggests a near name: a typo, a transposition, a longer form of a short name', () => {
    expect(closest('dta', options)).toBe('data');
    expect(closest('colums', options)).toBe('columns');
    expect(closest('prest', options)).toBe('preset');
    expect(closest('warehose', options)).toBe('warehouse');
    expect(closest('output', options)).toBe('out');
    expect(closest('segmnt', ['run', 'ingest', 'segment', 'basket'])).toBe('segment');
    expect(closest('basekt', ['run', 'ingest', 'segment', 'basket'])).toBe('basket');
  });

  it('suggests nothing for a name that is not close to any', () => {
    expect(closest('bogus', options)).toBeUndefined();
    expect(closest('x', options)).toBeUndefined();
    expect(closest('frob', ['run', 'ingest', 'clean', 'load', 'segment', 'basket', 'forecast'])).toBeUndefined();
  });
});

describe('wrapWords', () => {
  it('breaks at spaces within the width and loses no word', () => {
    const text = 'transactions_raw 541,909, transactions_clean 536,641, view_revenue 530,104 into embedded PostgreSQL';
    const lines = wrapWords(text, 30);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
    expect(lines[0]).toBe('transactions_raw 541,909,');
  });

  it('cuts a word longer than the width', () => {
    expect(wrapWords('abcdefghij xy', 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
  });
});
