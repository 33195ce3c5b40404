/**
 * Splits chat text into words. ASCII quotes group words; every other character, including the
 * typographic quotes PowerShell would honour, is kept as plain text and judged by validation later.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let inToken = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (!inToken) {
        quote = ch;
        inToken = true;
        continue;
      }
      current += ch;
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  return tokens;
}
