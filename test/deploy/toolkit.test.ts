import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/**
 * The toolkit's YAML schema for v1.13, byte for byte as `@microsoft/teamsfx-core` 3.1.3 ships it
 * (`resource/yaml-schema/v1.13/yaml.schema.json`). It is read from the shared folder beside the
 * clone rather than by installing that package (about 420 packages) for one file; the checksum
 * makes sure the file is the toolkit's.
 */
const TOOLKIT_SCHEMA = {
  version: 'v1.13',
  path:
    process.env.M365AGENTS_YAML_SCHEMA ??
    join(ROOT, '..', 'shared', 'schemas', 'm365agents-yaml', 'v1.13', 'yaml.schema.json'),
  sha256: '85c0b7b4d44ac1c4e93e6b323451dd9f8897b1012c6b58ede261b01066190d12',
};

function loadToolkitSchema(): object | undefined {
  if (!existsSync(TOOLKIT_SCHEMA.path)) return undefined;
  const bytes = readFileSync(TOOLKIT_SCHEMA.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== TOOLKIT_SCHEMA.sha256) {
    throw new Error(`${TOOLKIT_SCHEMA.path} is not the toolkit's ${TOOLKIT_SCHEMA.version} schema (sha256 ${sha256})`);
  }
  return JSON.parse(bytes.toString('utf8')) as object;
}

const toolkitSchema = loadToolkitSchema();
if (!toolkitSchema) {
  // Visible in every run: the schema tests below are skipped, not passed.
  console.warn(
    `The Agents Toolkit schema tests are skipped: ${TOOLKIT_SCHEMA.path} is missing. Put the toolkit's ` +
      `${TOOLKIT_SCHEMA.version} yaml.schema.json (sha256 ${TOOLKIT_SCHEMA.sha256}) there or name it in M365AGENTS_YAML_SCHEMA.`,
  );
}
// In CI the shared folder is always beside the clone: a missing schema there is a failure, never a skip.
if (!toolkitSchema && process.env.CI)
  throw new Error(
    'CI needs the Agents Toolkit schema (../shared/schemas/m365agents-yaml/v1.13/yaml.schema.json) beside the clone',
  );
const withSchema = toolkitSchema ? describe : describe.skip;
const itWithSchema = toolkitSchema ? it : it.skip;

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  writeToEnvironmentFile?: Record<string, string>;
}
type Project = { version: string; environmentFolderPath?: string } & Partial<
  Record<'provision' | 'deploy' | 'publish', Action[]>
>;

let compiled: ReturnType<Ajv['compile']> | undefined;
function validate(project: unknown): string[] {
  compiled ??= new Ajv({ strict: false, allErrors: true }).compile(toolkitSchema!);
  return compiled(project) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** KEY=value lines of a dotenv file. */
function envFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of read(file).split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

const bicepOutputs = () => [...read('infra/main.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]!);
const variablesIn = (text: string) => new Set([...text.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]!));
/** Set by the toolkit itself, or asked for when empty. */
const BUILT_IN = new Set(['TEAMSFX_ENV', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME']);

const PROJECTS = [
  { file: 'm365agents.yml', env: 'env/.env.dev', lifecycles: ['provision', 'deploy', 'publish'] },
  { file: 'm365agents.local.yml', env: 'env/.env.local', lifecycles: ['provision', 'deploy'] },
  { file: 'm365agents.playground.yml', env: 'env/.env.playground', lifecycles: ['deploy'] },
] as const;

describe.each(PROJECTS)('the Agents Toolkit project $file', ({ file, env, lifecycles }) => {
  const project = parse(read(file)) as Project;

  it(`names the schema version the tests hold (${TOOLKIT_SCHEMA.version})`, () => {
    expect(project.version).toBe(TOOLKIT_SCHEMA.version);
  });

  itWithSchema("validates against the toolkit's published schema for its version", () => {
    expect(validate(project)).toEqual([]);
  });

  it('names the same schema version in its yaml-language-server comment', () => {
    expect(read(file)).toContain(`m365-agents-toolkits/${project.version}/yaml.schema.json`);
  });

  it('has the lifecycles it is for', () => {
    for (const lifecycle of lifecycles) expect(project[lifecycle]?.length).toBeGreaterThan(0);
  });

  it('uses only variables that its env file, an earlier action or the Bicep outputs define', () => {
    const written = new Set(
      lifecycles.flatMap((l) => (project[l] ?? []).flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {}))),
    );
    const known = new Set([...Object.keys(envFile(env)), ...written, ...bicepOutputs(), ...BUILT_IN]);
    const unknown = [...variablesIn(read(file))].filter((v) => !known.has(v));
    expect(unknown).toEqual([]);
  });

  it('refers only to files that exist', () => {
    const paths = lifecycles
      .flatMap((l) => project[l] ?? [])
      .flatMap((a) => [
        ...(((a.with?.templates as Array<{ path: string; parameters: string }>) ?? []).flatMap((t) => [
          t.path,
          t.parameters,
        ]) as string[]),
        ...(typeof a.with?.ignoreFile === 'string' ? [a.with.ignoreFile] : []),
        ...(a.uses === 'script' ? [String(a.with?.run).split(' ')[1]!] : []),
      ]);
    for (const path of paths) expect(existsSync(join(ROOT, path))).toBe(true);
  });
});

describe('the toolkit files keep secrets out of git', () => {
  it('no committed env file holds a secret, and the files that do are ignored', () => {
    for (const file of ['env/.env.dev', 'env/.env.local', 'env/.env.playground']) {
      const secrets = Object.entries(envFile(file)).filter(([k, v]) => /SECRET|PASSWORD|KEY/.test(k) && v !== '');
      expect(secrets).toEqual([]);
    }
    const ignored = (path: string) => {
      try {
        execFileSync('git', ['check-ignore', '-q', path], { cwd: ROOT });
        return true;
      } catch {
        return false;
      }
    };
    for (const path of [
      'env/.env.dev.user',
      'env/.env.local.user',
      '.localConfigs',
      'appPackage/build/manifest.json',
    ]) {
      expect(ignored(path)).toBe(true);
    }
    expect(ignored('env/.env.dev')).toBe(false);
  });
});

withSchema('the schema check itself', () => {
  it('refuses an action the toolkit does not have, and a missing required parameter', () => {
    const project = parse(read('m365agents.yml')) as Project;
    expect(validate({ ...project, deploy: [{ uses: 'azureAppService/zipDeplo', with: {} }] })).not.toEqual([]);
    expect(
      validate({ ...project, deploy: [{ uses: 'azureAppService/zipDeploy', with: { artifactFolder: '.' } }] }),
    ).not.toEqual([]);
  });
});

describe('infra/azure.parameters.json, the toolkit’s parameters for main.bicep', () => {
  const bicep = read('infra/main.bicep');
  const params = [...bicep.matchAll(/^param (\w+) \w+( = .*)?$/gm)].map((m) => ({ name: m[1]!, required: !m[2] }));
  const given = Object.keys((JSON.parse(read('infra/azure.parameters.json')) as { parameters: object }).parameters);

  it('gives every required parameter and no unknown one', () => {
    for (const p of params.filter((p) => p.required)) expect(given).toContain(p.name);
    for (const name of given) expect(params.map((p) => p.name)).toContain(name);
  });

  it("takes its values from the dev environment's variables", () => {
    const known = new Set([...Object.keys(envFile('env/.env.dev')), ...BUILT_IN]);
    expect([...variablesIn(read('infra/azure.parameters.json'))].filter((v) => !known.has(v))).toEqual([]);
  });
});

describe('the manifest step of the toolkit project', () => {
  it('writes the manifest with the bot id and the Teams app id, and the icons, for the toolkit to zip', () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-'));
    try {
      execFileSync(process.execPath, ['appPackage/build.mjs', '--folder', dir], {
        cwd: ROOT,
        env: {
          ...process.env,
          MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
          TEAMS_APP_ID: '99999999-8888-7777-6666-555555555555',
        },
        stdio: 'pipe',
      });
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        id: string;
        bots: Array<{ botId: string }>;
      };
      expect(manifest.id).toBe('99999999-8888-7777-6666-555555555555');
      expect(manifest.bots[0]!.botId).toBe('11111111-2222-3333-4444-555555555555');
      expect(existsSync(join(dir, 'color.png')) && existsSync(join(dir, 'outline.png'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
