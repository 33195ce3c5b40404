/** Levenshtein distance, small inputs only (command names). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The closest known phrase to what was typed, if it is close enough to be a likely typo. */
export function closestPhrase(typed: string, phrases: readonly string[]): string | undefined {
  let best: { phrase: string; distance: number } | undefined;
  for (const phrase of phrases) {
    const candidate = typed.split(' ').slice(0, phrase.split(' ').length).join(' ');
    const distance = editDistance(candidate, phrase);
    if (!best || distance < best.distance) best = { phrase, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(best.phrase.length / 3));
  return best.distance <= allowed ? best.phrase : undefined;
}
