/**
 * Lines of a chat reply as Teams shows them. Teams reads a bot's text as Markdown and runs single line breaks
 * together into one paragraph, so lines are set apart by a blank line (one break in Teams, a paragraph in Web Chat).
 * Consecutive "- " items stay one list, and a fenced block (```) keeps its own lines.
 */
export function replyLines(lines: readonly string[]): string {
  return lines.reduce((text, line, i) => {
    if (i === 0) return line;
    const listGoesOn = isListItem(lines[i - 1]) && isListItem(line);
    return `${text}${listGoesOn ? '\n' : '\n\n'}${line}`;
  }, '');
}

function isListItem(line: string): boolean {
  return line.startsWith('- ');
}

/** A fenced block: its lines shown as they are (cmdlet lines), in one element of replyLines. */
export function fenced(text: string): string {
  return ['```', text, '```'].join('\n');
}
