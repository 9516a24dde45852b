/* eslint-disable @typescript-eslint/no-require-imports -- a Jest transformer is CommonJS */
/**
 * Jest (in CommonJS) cannot load an ES module from node_modules; Node itself can (require(esm)).
 * This turns such a package's files (jose) into CommonJS with esbuild, for the tests only.
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'external',
    });
    return { code, map };
  },
};
