/** "Did you mean" suggestions for misspelt keys and values. */

/** Levenshtein distance (Levenshtein 1966), two rows. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest candidate within a third of the word's length (at least 1, at most 3 edits),
 * else the only candidate the word begins (`xav` -> `xavier`), or null.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const nearest = nearestByEdits(word, candidates);
  if (nearest !== null) return nearest;
  const extending = word.length >= 2 ? candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase())) : [];
  return extending.length === 1 ? extending[0] : null;
}

function nearestByEdits(word: string, candidates: readonly string[]): string | null {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}
