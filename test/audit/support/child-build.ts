import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');

/**
 * Compiles an entry file and the project files it imports to plain JavaScript in a temporary directory, so
 * child processes run the real modules with plain node (no loader, no build of the whole project).
 * Returns the path of the compiled entry.
 */
export function buildForChildProcess(entry: string): string {
  const out = mkdtempSync(join(tmpdir(), 'voiceops-child-'));
  const pending = [resolve(entry)];
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (done.has(file)) continue;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = join(out, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    // Packages resolve from the project's node_modules, wherever the compiled file lives.
    writeFileSync(target, `module.paths.unshift(${JSON.stringify(join(ROOT, 'node_modules'))});\n${outputText}`);
    for (const match of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      pending.push(`${resolve(dirname(file), match[1])}.ts`);
    }
  }
  return join(out, relative(ROOT, resolve(entry))).replace(/\.ts$/, '.js');
}
