// Lets child processes in tests run the TypeScript sources directly (node -r ./test/support/ts-register.js src/cli.ts),
// transpiling each file on load with the project's own TypeScript; type checking is tsc's job, not this hook's.
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
  });
  module._compile(outputText, filename);
};
