import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../src/config/project-root';

/** Where replies and cards are built: every word a person reads there must come from the catalogs. */
const SCANNED = ['src/commands', 'src/cards', 'src/bot', 'src/card-actions'];

/**
 * String literals that are not for readers, by where they sit:
 * - log lines and background-task names (logger.*, runner.later), internal errors (new Error), thrown for developers;
 * - the English reference of a command's syntax (summary, label, example in a CommandSyntax): what the Teams
 *   manifest and docs/operations.md are generated from; readers get command.<name>.* from the catalogs, and
 *   catalogs.test.ts checks en.json says the same;
 * - PowerShell function names and fixed cmdlet text, which are commands, not prose.
 */
const NOT_FOR_READERS = [
  /\blogger\.(debug|info|warn|error)\(/,
  /\.later\(/,
  /\.tolerant\(/,
  /\bnew Error\(/,
  /\bthrow new Error\(/,
];
const SYNTAX_PROPERTIES = new Set(['summary', 'label', 'example', 'phrase', 'aliases', 'command', 'placeholder', 'regex']);

/** Files whose strings never reach a reader: refusal reasons for logs and HTTP 403s, metric and log keys. */
const INTERNAL_FILES = new Set(['src/bot/tenant-guard.ts', 'src/bot/paced-connector-client.ts']);

/**
 * Files not localised yet (none now; see docs/localisation.md): a file put here is still checked, so the test fails
 * when one is localised without being taken off the list.
 */
const PENDING = new Set<string>([]);

/** Text that reads as prose: two words of letters in a row. A single token (a verb, an id, a colour) is not. */
const PROSE = /[A-Za-z]{2,}[ ,;:!?'’]+[A-Za-z]{2,}/;

function files(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Prose string literals (plain or template) outside the contexts above, found on the TypeScript syntax tree. */
export function proseLiterals(file: string, source: string): Finding[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: Finding[] = [];
  const exempt = (node: ts.Node): boolean => {
    for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
      if (ts.isImportDeclaration(at) || ts.isExportDeclaration(at) || ts.isLiteralTypeNode(at)) return true;
      if (ts.isPropertyAssignment(at) && SYNTAX_PROPERTIES.has(at.name.getText(tree))) return true;
      if (ts.isCallExpression(at) || ts.isNewExpression(at)) {
        const callee = source.slice(at.getStart(tree), at.arguments?.pos ?? at.getEnd());
        if (NOT_FOR_READERS.some((pattern) => pattern.test(`${callee}`))) return true;
      }
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    if (text !== undefined && PROSE.test(text) && !exempt(node)) {
      found.push({ file, line: tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1, text });
    }
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else node.templateSpans.forEach((span) => ts.forEachChild(span.expression, visit));
  };
  visit(tree);
  return found;
}

describe('no reader-facing text outside the catalogs', () => {
  test('commands, cards, bot and card actions build no prose from string literals', () => {
    const scanned = SCANNED.flatMap(files).filter((file) => !INTERNAL_FILES.has(file));
    const findings = scanned.flatMap((file) => proseLiterals(file, readFileSync(join(PROJECT_ROOT, file), 'utf8')));
    expect(findings.filter((f) => !PENDING.has(f.file)).map((f) => `${relative('.', f.file)}:${f.line} ${f.text}`)).toEqual([]);
    expect([...new Set(findings.map((f) => f.file))].sort()).toEqual([...PENDING].sort());
  });

  test('the check finds English replies, card texts and errors, plain or templated', () => {
    const source = [
      "await turn.reply('Nothing is waiting for your approval.');",
      'const card = { title: `Settings of ${user}` };',
      "throw new UserError('NOT_AUTHORIZED', 'You are not an approver.');",
      "this.deps.logger.warn('card update failed', { id });",
      "throw new Error('request names unknown operation');",
      "const syntax = { summary: 'List the commands.' };",
      "const verb = 'approve';",
    ].join('\n');
    expect(proseLiterals('example.ts', source).map((f) => f.line)).toEqual([1, 2, 3]);
  });
});
