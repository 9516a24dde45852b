/**
 * The layering of STYLE.md, for every folder: an allow-list per folder (a dependency no rule
 * allows fails `npm run lint`, so `npm test`), the chat and store SDKs confined to their adapters,
 * no cycles and no orphans. Run by `npm run lint`; `npx depcruise src bench test` to see it alone.
 */
const npm = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'];
const folder = (name) => `^src/${name}/`;
/** The composition root: index.ts builds the adapters and listens, wiring.ts builds each plan's use cases. */
const ROOT = '^src/(index|wiring)\\.ts$';
/** The only packages domain/ may import. */
const DOMAIN_PACKAGES = ['zod', 'personnummer', 'entities', 'luxon', 'unicode-properties'];

/**
 * `from` may import the given folders of src/ (itself included), packages (all of them, or only those
 * named in `packages`) and, when `core`, Node's own modules.
 */
const may = (from, folders, { core = true, packages } = {}) => [
  { from: { path: from }, to: { path: `^src/(${folders.join('|')})/` } },
  packages
    ? { from: { path: from }, to: { dependencyTypes: npm, path: `^node_modules/(${packages.join('|')})/` } }
    : { from: { path: from }, to: { dependencyTypes: npm } },
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
    // domain/: pure; nothing outside itself, not even Node's modules, and only the packages that
    // are part of the language of the domain (validation, the personnummer rules, dates, entities, Unicode's character data).
    ...may(folder('domain'), ['domain'], { core: false, packages: DOMAIN_PACKAGES }),
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
    // index.ts, the composition root, and wiring.ts, the use cases it wires per plan, see everything.
    { from: { path: ROOT }, to: { path: '^src/' } },
    { from: { path: ROOT }, to: { dependencyTypes: [...npm, 'core'] } },
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
    {
      name: 'ports-below-use-cases',
      comment:
        'app/ports/ and app/context.ts are what the use cases stand on: they import the domain and each other, never a use case (the report port names the report it renders).',
      severity: 'error',
      from: { path: '^src/app/(ports/|context\\.ts$)' },
      to: { path: '^src/app/', pathNot: ['^src/app/(ports/|context\\.ts$|followUpReport\\.ts$)'] },
    },
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
          '^test/support/(tsRequire\\.js|setupCardCheck\\.ts)$',
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
    // Packages stay in the graph (doNotFollow above, not exclude): the confined-package rules and the
    // domain's allow-list judge imports of node_modules, and would check nothing without them.
    exclude: { path: '^(dist|data|devTools)/' },
  },
};
