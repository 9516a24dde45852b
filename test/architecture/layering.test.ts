import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The layering check must be able to fail. Into a temporary copy of src/, one file per rule brings in
 * an import that rule forbids; the check, run as `npm run lint` runs it, must report each rule from
 * its own file. A rule of the configuration with no case here fails the test, so a rule that could
 * never fire cannot be added unseen.
 */
const ROOT = resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[] };

/**
 * Rule → its cases, each a set of files to add (path under src/ → content); a case is caught when
 * the rule reports one of its files. `not-in-allowed` is the allow-lists' own rule.
 */
const INJECTIONS: Record<string, Record<string, string>[]> = {
  'chat-sdk-only-in-teams': [
    { 'app/injectedChat.ts': "import 'botbuilder';\nexport const x = 1;\n" },
    {
      'http/injectedTeamsAi.ts':
        "import type { TeamsAdapter } from '@microsoft/teams-ai';\nexport type T = TeamsAdapter;\n",
    },
  ],
  'drivers-only-in-storage': [
    { 'app/injectedCosmos.ts': "import '@azure/cosmos';\nexport const x = 1;\n" },
    { 'teams/injectedSqlite.ts': "import 'better-sqlite3';\nexport const x = 1;\n" },
  ],
  'restify-only-in-http': [{ 'teams/injectedRestify.ts': "import 'restify';\nexport const x = 1;\n" }],
  'telemetry-sdk-only-in-telemetry': [{ 'app/injectedTelemetry.ts': "import 'pino';\nexport const x = 1;\n" }],
  'no-circular': [
    {
      'app/injectedCycleA.ts': "import { b } from './injectedCycleB';\nexport const a = (): number => b() + 1;\n",
      'app/injectedCycleB.ts': "import { a } from './injectedCycleA';\nexport const b = (): number => a() - 1;\n",
    },
  ],
  'ports-below-use-cases': [
    {
      'app/ports/injectedUseCase.ts':
        "import type { StatusPrompts } from '../prompts';\nexport type X = StatusPrompts;\n",
    },
  ],
  'no-orphans': [{ 'app/injectedOrphan.ts': 'export const nobodyImportsMe = 1;\n' }],
  'not-in-allowed': [
    // a package outside the domain's allow-list, a layer above it, Node's own modules, a layer across
    { 'domain/injectedPackage.ts': "import 'croner';\nexport const x = 1;\n" },
    { 'domain/injectedLayer.ts': "import '../app/ports';\nexport const x = 1;\n" },
    { 'domain/injectedCore.ts': "import 'node:fs';\nexport const x = 1;\n" },
    { 'http/injectedTeams.ts': "import '../teams/bot';\nexport const x = 1;\n" },
  ],
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

function cruise(dir: string): Violation[] {
  const cli = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [cli, 'src', '--config', 'layering.cjs', '--output-type', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the layering check', () => {
  let dir: string;
  let violations: Violation[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'layering-'));
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    for (const file of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
      cpSync(join(ROOT, file), join(dir, file));
    }
    // The copy borrows the project's packages; with symlinks kept as they are, a package resolves to
    // node_modules/… inside the copy, as it does in the project, so the rules' paths match.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, 'layering.cjs'),
      "const c = require('./.dependency-cruiser.cjs');\nc.options.preserveSymlinks = true;\nmodule.exports = c;\n",
    );
    for (const files of Object.values(INJECTIONS).flat()) {
      for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, 'src', path), content);
    }
    violations = cruise(dir);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has an injected import for every rule it defines', () => {
    const rules = [...config.forbidden.map((rule) => rule.name), 'not-in-allowed'];
    expect(Object.keys(INJECTIONS).sort()).toEqual([...new Set(rules)].sort());
  });

  it.each(
    Object.entries(INJECTIONS).flatMap(([rule, cases]) =>
      cases.map((files) => [rule, Object.keys(files).map((path) => `src/${path}`)] as const),
    ),
  )('fails %s for %s', (rule, paths) => {
    const fired = violations.filter((v) => v.rule.name === rule && paths.includes(v.from));
    expect(fired).not.toHaveLength(0);
  });

  it('reports nothing else: every violation comes from an injected file', () => {
    const injected = new Set(
      Object.values(INJECTIONS)
        .flat()
        .flatMap((files) => Object.keys(files).map((path) => `src/${path}`)),
    );
    expect(violations.filter((v) => !injected.has(v.from))).toEqual([]);
  });
});
