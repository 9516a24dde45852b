/**
 * The layering of STYLE.md, for every folder: an allow-list per folder (a dependency no rule
 * allows fails `npm run lint`, so `npm test`), the chat and store SDKs confined to their adapters,
 * no cycles and no orphans. Run by `npm run lint`; `npx depcruise src bench test` to see it alone.
 */
const npm = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'];
const folder = (name) => `^src/${name}/`;

/** `from` may import the given folders of src/ (itself included), packages and, when `core`, Node's own modules. */
const may = (from, folders, { core = true } = {}) => [
  { from: { path: from }, to: { path: `^src/(${folders.join('|')})/` } },
  { from: { path: from }, to: { dependencyTypes: npm } },
  ...(core ? [{ from: { path: from }, to: { dependencyTypes: ['core'] } }] : []),
];

/** Packages only the named folders of src/ may import. */
const confined = (name, packages, owners, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: '^src/', pathNot: [...owners.map(folder), '^src/index\\.ts$'] },
  to: { path: `^node_modules/(${packages.join('|')})(/|$)` },
});

module.exports = {
  allowedSeverity: 'error',
  allowed: [
    // domain/: pure; nothing outside itself, not even Node's modules.
    ...may(folder('domain'), ['domain'], { core: false }),
    // app/: use cases and their ports.
    ...may(folder('app'), ['app', 'domain']),
    // config/ reads files and the environment into what app/ and storage/ take.
    ...may(folder('config'), ['config', 'app', 'storage', 'domain']),
    ...may(folder('storage'), ['storage', 'app', 'domain']),
    ...may(folder('teams'), ['teams', 'app', 'domain']),
    ...may(folder('http'), ['http', 'app']),
    ...may(folder('report'), ['report', 'app', 'domain']),
    // telemetry/ implements app/'s observer port.
    ...may(folder('telemetry'), ['telemetry', 'app', 'domain']),
    ...may(folder('cli'), ['cli', 'app', 'config', 'report', 'storage', 'domain']),
    // index.ts: the composition root wires everything.
    { from: { path: '^src/index\\.ts$' }, to: { path: '^src/' } },
    { from: { path: '^src/index\\.ts$' }, to: { dependencyTypes: [...npm, 'core'] } },
    // bench/ and test/ drive the bot from outside: the whole of src/, the test support, packages.
    { from: { path: '^(bench|test)/' }, to: { path: '^(src|test|bench)/' } },
    { from: { path: '^(bench|test)/' }, to: { dependencyTypes: [...npm, 'core'] } },
  ],
  forbidden: [
    confined(
      'chat-sdk-only-in-teams',
      ['botbuilder', 'botbuilder-[^/]+', 'botframework-[^/]+', '@microsoft/teams-ai', 'adaptivecards-templating'],
      ['teams'],
      'Only teams/ talks to Teams, so a move to the Microsoft 365 Agents SDK touches teams/ only.',
    ),
    confined(
      'drivers-only-in-storage',
      ['@azure/cosmos', 'better-sqlite3'],
      ['storage'],
      'Only storage/ imports drivers.',
    ),
    confined('restify-only-in-http', ['restify'], ['http'], 'Only http/ serves HTTP.'),
    confined(
      'telemetry-sdk-only-in-telemetry',
      ['@opentelemetry/[^/]+', '@azure/monitor-opentelemetry', 'pino'],
      ['telemetry'],
      'Only telemetry/ knows OpenTelemetry and the logger.',
    ),
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code, unless it is an entry point.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          '^src/index\\.ts$',
          '^src/cli/',
          '^src/telemetry/preload\\.ts$',
          '\\.test\\.ts$',
          '^bench/[^/]+\\.ts$',
          '^test/support/(tsRequire\\.js|esmToCjs\\.js|setupCardCheck\\.ts)$',
          // started as child processes by the fault suite
          '^test/faults/support/lockHolder\\.ts$',
        ],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      mainFields: ['main', 'types'],
    },
    combinedDependencies: false,
    exclude: { path: '^(dist|node_modules|data|devTools)/' },
  },
};
