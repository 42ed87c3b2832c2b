/**
 * Break a text into lines of at most `width` characters, at spaces; a word longer than `width` is cut. Joining the
 * lines with single spaces gives the text back with its runs of spaces collapsed (nothing is lost).
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/ +/).filter((x) => x !== '')) {
    if (line !== '' && line.length + 1 + word.length <= w) {
      line += ` ${word}`;
      continue;
    }
    if (line !== '') lines.push(line);
    while (word.length > w) {
      lines.push(word.slice(0, w));
      word = word.slice(w);
    }
    line = word;
  }
  lines.push(line);
  return lines;
}

/**
 * The optimal string alignment distance (Levenshtein with adjacent transpositions counted as one edit), ignoring
 * case. O(a·b) time, O(b) memory.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev2 = new Array<number>(t.length + 1).fill(0);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length];
}

/**
 * The candidate closest to `input`, when it is close enough to be what was meant: at most two edits and fewer than
 * half the input's length (`dta` → `data`, `segmnt` → `segment`, `basekt` → `basket`; `bogus` → none), or one of
 * the two a prefix of the other of at least three characters (`output` → `out`). Ties go to the first candidate.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(input, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= 2 && bestDistance < input.length / 2) return best;
  const a = input.toLowerCase();
  return candidates.find((c) => {
    const b = c.toLowerCase();
    return Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a));
  });
}
