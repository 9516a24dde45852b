import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdks = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/*',
  '@azure/*',
  'better-sqlite3',
  'restify',
  'pino',
];

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
  {
    // The layering of STYLE.md: the domain and the use cases know nothing of Teams, Cosmos DB,
    // SQLite or HTTP, so a move to another SDK touches teams/ or storage/ only.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: sdks, message: 'domain/ imports no SDK.' },
            {
              group: ['../app/*', '../teams/*', '../storage/*', '../http/*', '../config/*', 'node:*', 'fs', 'path'],
              message: 'domain/ imports nothing outside itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: sdks, message: 'app/ imports no SDK: use a port.' },
            {
              group: ['../teams/*', '../storage/*', '../http/*', '../config/*'],
              message: 'app/ imports domain/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/report/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: sdks, message: 'report/ renders documents from the domain; no SDK.' },
            {
              group: ['../teams/*', '../storage/*', '../http/*', '../config/*'],
              message: 'report/ imports app/ and domain/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['botbuilder', 'botbuilder-*', '@microsoft/*', 'restify', '../../teams/*', '../../http/*'],
              message: 'storage/ knows nothing of Teams or HTTP.',
            },
          ],
        },
      ],
    },
  },
);
