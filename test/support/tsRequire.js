/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS require hook */
// Lets a child `node` process load the project's TypeScript directly (node -r ./test/support/tsRequire.js x.ts),
// for tests that must run outside Jest's module system: OpenTelemetry patches modules through
// Node's own require, which Jest replaces.
const { readFileSync } = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
