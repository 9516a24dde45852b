import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdks = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/*',
  '@azure/*',
  '@opentelemetry/*',
  'better-sqlite3',
  'restify',
  'pino',
];

/** Relative imports into these folders of src/, from any depth. */
const outside = (...folders) =>
  folders.flatMap((f) => [`../${f}`, `../${f}/**`, `../../${f}`, `../../${f}/**`, `../../../${f}/**`]);

/** Files under `folder` may not import anything matching `forbidden`. */
const layer = (folder, forbidden, message) => ({
  files: [`${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'devTools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        module: 'readonly',
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
  },
  {
    // Tests edit parsed JSON fixtures freely to break them on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The layering of STYLE.md: the domain and the use cases know nothing of Teams, Cosmos DB,
  // SQLite or HTTP, so a move to another SDK touches teams/ or storage/ only. Folder patterns match
  // at any depth, so a file in app/scheduling/ is held to the same rule as one in app/.
  layer(
    'src/domain',
    [...sdks, 'node:*', 'fs', 'path', ...outside('app', 'teams', 'storage', 'http', 'config', 'report', 'cli')],
    'domain/ imports nothing outside itself.',
  ),
  layer(
    'src/app',
    [...sdks, ...outside('teams', 'storage', 'http', 'config', 'report', 'cli')],
    'app/ imports domain/ only, and no SDK: use a port.',
  ),
  layer(
    'src/report',
    [...sdks, ...outside('teams', 'storage', 'http', 'config', 'cli')],
    'report/ renders from app/ and domain/; no SDK.',
  ),
  layer(
    'src/telemetry',
    ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/*', 'restify', ...outside('teams', 'storage', 'http')],
    'telemetry/ turns what app/ reports into OpenTelemetry; it knows nothing of Teams, the stores or HTTP.',
  ),
  layer(
    'src/storage',
    ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/*', 'restify', ...outside('teams', 'http')],
    'storage/ knows nothing of Teams or HTTP.',
  ),
);
