/**
 * Splits chat text into words. ASCII quotes group words; every other character, including the
 * typographic quotes PowerShell would honour, is kept as plain text and judged by validation later.
 */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.value);
}

/** A word and where it sits in the text, so free text (a reason) can be taken back exactly as typed. */
export interface TokenSpan {
  value: string;
  start: number;
  end: number;
}

export function tokenSpans(text: string): TokenSpan[] {
  const tokens: TokenSpan[] = [];
  let current = '';
  let start = 0;
  let quote: '"' | "'" | null = null;
  let inToken = false;
  let index = 0;
  for (const ch of text) {
    const at = index;
    index += ch.length;
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (!inToken) {
        quote = ch;
        inToken = true;
        start = at;
        continue;
      }
      current += ch;
      continue;
    }
    if (/\s/u.test(ch)) {
      if (inToken) tokens.push({ value: current, start, end: at });
      current = '';
      inToken = false;
      continue;
    }
    if (!inToken) start = at;
    current += ch;
    inToken = true;
  }
  if (inToken) tokens.push({ value: current, start, end: index });
  return tokens;
}
