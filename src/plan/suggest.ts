/**
 * "Did you mean …?" for misspelt plan keys, metric ids, roles, payout types and column fields:
 * the closest candidate by edit distance (a swap of two neighbours counts 1), if it is close
 * enough to be the likely intent. Pure.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = [...a.toLowerCase()], t = [...b.toLowerCase()];
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The candidate closest to `word`, when it is within a third of the word's length (at least 1,
 * at most 3 edits) and unambiguous; undefined otherwise.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.trim();
  if (!w) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor([...w].length / 3)));
  let best: string | undefined, bestD = Infinity, tie = false;
  for (const c of new Set(candidates)) {
    if (c === w) return undefined;
    const dist = editDistance(w, c);
    if (dist < bestD) { best = c; bestD = dist; tie = false; } else if (dist === bestD && c !== best) tie = true;
  }
  return best !== undefined && bestD <= limit && !tie ? best : undefined;
}

/** `; did you mean "weight"?` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean "${c}"?`;
}

/** `; did you mean "revenue"?` for a misspelt id, or `"revenue" (销售额)` for a metric's name. */
export function metricHint(word: string, names: readonly { id: string; zh: string; en: string }[]): string {
  const w = word.trim().toLowerCase();
  const byName = names.find((m) => m.zh === word.trim() || m.en.toLowerCase() === w);
  if (byName) return `: that is the name of "${byName.id}"; the plan uses metric ids, write metric: ${byName.id}`;
  const id = closest(word, names.map((m) => m.id));
  if (id !== undefined) return `; did you mean "${id}"?`;
  const zh = closest(word, names.map((m) => m.zh));
  const m = zh === undefined ? undefined : names.find((x) => x.zh === zh);
  return m ? `; did you mean "${m.id}" (${m.zh})?` : '';
}
