import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { parseStatusTarget } from '../../src/app/commands';
import { readConfig } from '../../src/config/env';
import { loadPlan } from '../../src/config/planFile';
import { CONTAINERS } from '../../src/storage/cosmos/cosmosStore';
import { helpView } from '../../src/teams/cards/views';
import { COMMANDS as COMMAND_TABLE } from '../../src/teams/commands';

/** Every command's help lines, as an administrator sees them. */
const ALL_HELP = COMMAND_TABLE.flatMap((c) => c.help);

const ROOT = join(__dirname, '..', '..');
const APP_PACKAGE = join(ROOT, 'appPackage');
const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

type Scope = 'personal' | 'team' | 'groupChat';
const SCOPES: Scope[] = ['personal', 'team', 'groupChat'];

/** The commands the bot answers, and where Teams should suggest them. Change this when the bot changes. */
const COMMANDS: Record<string, Scope[]> = {
  '/status': ['personal', 'team', 'groupChat'],
  '/status rek2': ['personal', 'team', 'groupChat'],
  '/status 2a': ['personal', 'team', 'groupChat'],
  '/uppdatera': ['personal'],
  '/utskick': ['personal'],
  '/nåbarhet': ['personal'],
  '/koppla': ['team'],
  '/sammanfattning': ['personal', 'team'],
  '/bedömning rek2': ['personal', 'team'],
  '/rapport': ['personal'],
  '/hjälp': ['personal', 'team', 'groupChat'],
  // Personal chat's list is full (Teams takes 10 a scope); both work there too.
  '/admin': ['team'],
  '/frånvaro 2027-07-01–2027-07-31': ['team'],
  '/revidera 2a-m1 2026-06 "skäl"': ['team'],
};

/** Both full lists (Teams takes 10 a scope) leave these typed only: rare, for administrators, listed in help. */
const TYPED_ONLY = ['/registerutdrag Karin Lind'];

interface Command {
  title: string;
  description: string;
}

interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  localizationInfo: { defaultLanguageTag: string };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: Array<{
    botId: string;
    scopes: Scope[];
    supportsFiles: boolean;
    commandLists: Array<{ scopes: Scope[]; commands: Command[] }>;
  }>;
  validDomains: string[];
  webApplicationInfo?: unknown;
  staticTabs?: Array<{ entityId: string; name?: string; contentUrl?: string; websiteUrl?: string; scopes: Scope[] }>;
  configurableTabs?: Array<{
    configurationUrl: string;
    canUpdateConfiguration: boolean;
    scopes: Scope[];
    context: string[];
  }>;
}

function readManifest(file = join(APP_PACKAGE, 'manifest.json')): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

function theBot(manifest: Manifest): Manifest['bots'][number] {
  expect(manifest.bots).toHaveLength(1);
  return manifest.bots[0]!;
}

function commandsFor(manifest: Manifest, scope: Scope): Command[] {
  const lists = theBot(manifest).commandLists.filter((l) => l.scopes.includes(scope));
  expect(lists).toHaveLength(1);
  return lists[0]!.commands;
}

// ---------------------------------------------------------------------------------------------
// PNG: enough of a decoder for 8-bit, non-interlaced images, with every filter type.

interface Image {
  width: number;
  height: number;
  /** Four bytes per pixel: red, green, blue, alpha. */
  rgba: Buffer;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decodePng(file: Buffer): Image {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: Array<{ type: string; body: Buffer }> = [];
  for (let pos = 8; pos < file.length;) {
    const length = file.readUInt32BE(pos);
    const type = file.toString('latin1', pos + 4, pos + 8);
    const body = file.subarray(pos + 8, pos + 8 + length);
    expect({ type, crc: file.readUInt32BE(pos + 8 + length) }).toEqual({
      type,
      crc: crc32(file.subarray(pos + 4, pos + 8 + length)),
    });
    chunks.push({ type, body });
    pos += 12 + length;
  }
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const ihdr = chunks[0]!.body;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [bitDepth, colorType, , , interlace] = [ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]];
  expect({ bitDepth, interlace }).toEqual({ bitDepth: 8, interlace: 0 });
  const channels = CHANNELS[colorType!];
  if (!channels) throw new Error(`colour type ${colorType} is not a PNG colour type`);

  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.body)));
  const stride = width * channels;
  expect(raw.length).toBe((stride + 1) * height);
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw.readUInt8(y * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const value = raw.readUInt8(y * (stride + 1) + 1 + x);
      const a = x >= channels ? pixels.readUInt8(y * stride + x - channels) : 0;
      const b = y > 0 ? pixels.readUInt8((y - 1) * stride + x) : 0;
      const c = x >= channels && y > 0 ? pixels.readUInt8((y - 1) * stride + x - channels) : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`row ${y} has filter type ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }

  const palette = chunks.find((c) => c.type === 'PLTE')?.body;
  const alpha = chunks.find((c) => c.type === 'tRNS')?.body;
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    let rgbaPixel: number[];
    switch (colorType) {
      case 0:
        rgbaPixel = [p[0]!, p[0]!, p[0]!, 255];
        break;
      case 2:
        rgbaPixel = [p[0]!, p[1]!, p[2]!, 255];
        break;
      case 3: {
        const index = p[0]!;
        if (!palette || index * 3 >= palette.length) throw new Error(`palette index ${index} is missing`);
        rgbaPixel = [...palette.subarray(index * 3, index * 3 + 3), alpha?.[index] ?? 255];
        break;
      }
      case 4:
        rgbaPixel = [p[0]!, p[0]!, p[0]!, p[1]!];
        break;
      default:
        rgbaPixel = [...p];
    }
    rgba.set(rgbaPixel, i * 4);
  }
  return { width, height, rgba };
}

function pixelsOf(image: Image): number[][] {
  return Array.from({ length: image.width * image.height }, (_, i) => [...image.rgba.subarray(i * 4, i * 4 + 4)]);
}

function hex(color: number[]): string {
  return `#${color
    .slice(0, 3)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Zip: the central directory, and each entry's data through its local header.

interface ZipEntry {
  name: string;
  method: number;
  data: Buffer;
}

function readZip(file: Buffer): ZipEntry[] {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThanOrEqual(0);
  const count = file.readUInt16LE(end + 10);
  const directorySize = file.readUInt32LE(end + 12);
  let pos = file.readUInt32LE(end + 16);
  expect(pos + directorySize).toBe(end);

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(pos)).toBe(0x02014b50);
    const method = file.readUInt16LE(pos + 10);
    const crc = file.readUInt32LE(pos + 16);
    const compressedSize = file.readUInt32LE(pos + 20);
    const size = file.readUInt32LE(pos + 24);
    const nameLength = file.readUInt16LE(pos + 28);
    const extraLength = file.readUInt16LE(pos + 30);
    const commentLength = file.readUInt16LE(pos + 32);
    const localOffset = file.readUInt32LE(pos + 42);
    const name = file.toString('utf8', pos + 46, pos + 46 + nameLength);
    pos += 46 + nameLength + extraLength + commentLength;

    expect(file.readUInt32LE(localOffset)).toBe(0x04034b50);
    expect(file.toString('utf8', localOffset + 30, localOffset + 30 + nameLength)).toBe(name);
    const start = localOffset + 30 + file.readUInt16LE(localOffset + 26) + file.readUInt16LE(localOffset + 28);
    const stored = file.subarray(start, start + compressedSize);
    expect([0, 8]).toContain(method);
    const data = method === 8 ? inflateRawSync(stored) : stored;
    expect({ name, size: data.length, crc: crc32(data) }).toEqual({ name, size, crc });
    entries.push({ name, method, data });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [join(APP_PACKAGE, script), ...args], { env, encoding: 'utf8' });
}

function envWithout(name: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[name];
  return env;
}

describe('the Teams app package', () => {
  const manifest = readManifest();
  const plan = loadPlan(join(ROOT, 'plans', 'hagersten-alvsjo-familjehem.json'));
  let tmp: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'atgardsplan-app-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the manifest follows schema v1.17 with a placeholder id for the build to fill', () => {
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json',
    );
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.id).toBe(PLACEHOLDER);
    expect(theBot(manifest).botId).toBe(PLACEHOLDER);
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'sv-se' });
    expect(manifest.accentColor).toMatch(/^#[0-9a-fA-F]{6}$/);
    expect(manifest.validDomains).toEqual([]);
    // Graph's proactive installation needs the app's Entra id in webApplicationInfo.
    expect(manifest.webApplicationInfo).toEqual({ id: PLACEHOLDER, resource: `api://botid-${PLACEHOLDER}` });
  });

  it('the bot is offered in personal chat, teams and group chats, and sends files (the report) in personal chat', () => {
    const bot = theBot(manifest);
    expect([...bot.scopes].sort()).toEqual([...SCOPES].sort());
    expect(bot.supportsFiles).toBe(true);
  });

  it('the manifest offers every command the bot answers, in the scopes where it answers them', () => {
    for (const scope of SCOPES) {
      const expected = Object.keys(COMMANDS).filter((c) => COMMANDS[c]!.includes(scope));
      const offered = commandsFor(manifest, scope).map((c) => c.title);
      expect({ scope, commands: offered.sort() }).toEqual({ scope, commands: expected.sort() });
    }
    expect(commandsFor(manifest, 'personal').find((c) => c.title === '/status')?.description).toBe(
      'Översikt över åtgärdsplanen',
    );
    expect(commandsFor(manifest, 'personal').find((c) => c.title === '/uppdatera')?.description).toBe(
      'Få dina statuskort nu',
    );
  });

  it('every command the help card lists is offered in personal chat or in the team', () => {
    const offered = [...commandsFor(manifest, 'personal'), ...commandsFor(manifest, 'team')].map((c) => c.title);
    for (const { command } of helpView(plan, ALL_HELP).commands) {
      if (!TYPED_ONLY.includes(command)) expect(offered).toContain(command);
    }
  });

  it('the example commands name a recommendation and an activity the plan has', () => {
    const titles = new Set(theBot(manifest).commandLists.flatMap((l) => l.commands.map((c) => c.title)));
    const examples = [...titles].filter((t) => t.startsWith('/status '));
    expect(examples.length).toBeGreaterThan(0);
    for (const title of examples) {
      const target = parseStatusTarget(title.slice('/status'.length), plan);
      expect({ title, kind: target.kind }).toEqual({
        title,
        kind: expect.stringMatching(/^(recommendation|activity)$/),
      });
    }
  });

  it('names, descriptions and command lists fit Teams’ limits', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
    for (const url of [
      manifest.developer.websiteUrl,
      manifest.developer.privacyUrl,
      manifest.developer.termsOfUseUrl,
    ]) {
      expect(url).toMatch(/^https:\/\//);
    }
    const lists = theBot(manifest).commandLists;
    expect(lists.length).toBeLessThanOrEqual(3);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const { title, description } of list.commands) {
        expect(title.length).toBeLessThanOrEqual(32);
        expect(description.length).toBeGreaterThan(0);
        expect(description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('the name and descriptions are in Swedish', () => {
    expect(manifest.name).toEqual({
      short: 'Åtgärdsplan',
      full: 'Åtgärdsplan – uppföljning av familjehemsplaceringar',
    });
    expect(manifest.description.full).toContain('Hägersten-Älvsjö stadsdelsförvaltning');
    expect(manifest.developer.name).toMatch(/^Hägersten-Älvsjö/);
  });

  it('the icons have the sizes Teams requires', () => {
    const color = decodePng(readFileSync(join(APP_PACKAGE, manifest.icons.color)));
    const outline = decodePng(readFileSync(join(APP_PACKAGE, manifest.icons.outline)));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('the outline icon uses only white and transparency', () => {
    const pixels = pixelsOf(decodePng(readFileSync(join(APP_PACKAGE, manifest.icons.outline))));
    const kinds = new Set(pixels.map(([r, g, b, a]) => (a === 0 ? 'transparent' : `${r},${g},${b},${a}`)));
    expect([...kinds].sort()).toEqual(['255,255,255,255', 'transparent']);
    const white = pixels.filter(([, , , a]) => a === 255).length;
    expect(white / pixels.length).toBeGreaterThan(0.1);
  });

  it('the colour icon is opaque, in full colour, on the manifest’s accent colour', () => {
    const color = decodePng(readFileSync(join(APP_PACKAGE, manifest.icons.color)));
    const pixels = pixelsOf(color);
    expect(pixels.every(([, , , a]) => a === 255)).toBe(true);
    for (const i of [0, color.width - 1, pixels.length - color.width, pixels.length - 1]) {
      expect(hex(pixels[i]!)).toBe(manifest.accentColor.toUpperCase());
    }
    expect(new Set(pixels.map((p) => hex(p))).size).toBeGreaterThan(4);
  });

  it('icons.mjs draws exactly the committed icons', () => {
    const out = join(tmp, 'icons');
    execFileSync(process.execPath, [join(APP_PACKAGE, 'icons.mjs'), out], { encoding: 'utf8' });
    for (const file of [manifest.icons.color, manifest.icons.outline]) {
      const drawn = decodePng(readFileSync(join(out, file)));
      const committed = decodePng(readFileSync(join(APP_PACKAGE, file)));
      expect({ file, width: drawn.width, height: drawn.height }).toEqual({
        file,
        width: committed.width,
        height: committed.height,
      });
      expect({ file, samePixels: drawn.rgba.equals(committed.rgba) }).toEqual({ file, samePixels: true });
    }
  });

  it('the app package build writes a zip with manifest and icons, the app id filled in', () => {
    const appId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const out = join(tmp, 'build', 'atgardsplan-bot.zip');
    const run = runScript('build.mjs', [out], { ...envWithout('BOT_DOMAIN'), MicrosoftAppId: appId });
    expect(run.stderr).not.toContain('byggdes inte');
    expect(run.status).toBe(0);

    const entries = readZip(readFileSync(out));
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', manifest.icons.color, manifest.icons.outline]);
    const built = JSON.parse(entries[0]!.data.toString('utf8')) as Manifest;
    expect(built.id).toBe(appId);
    expect(theBot(built).botId).toBe(appId);
    expect(built.webApplicationInfo).toEqual({ id: appId, resource: `api://botid-${appId}` });
    // Without the bot's host there is no address for the tab: the package has the bot alone.
    expect(built.configurableTabs).toBeUndefined();
    expect(built.staticTabs).toBeUndefined();
    const { staticTabs: _s, configurableTabs: _c, ...botOnly } = manifest;
    expect({
      ...built,
      id: PLACEHOLDER,
      bots: [{ ...theBot(built), botId: PLACEHOLDER }],
      webApplicationInfo: manifest.webApplicationInfo,
    }).toEqual(botOnly);
    expect(entries[1]!.data).toEqual(readFileSync(join(APP_PACKAGE, manifest.icons.color)));
    expect(entries[2]!.data).toEqual(readFileSync(join(APP_PACKAGE, manifest.icons.outline)));
  });

  it("with the bot's host the package has the personal and channel tab, served by the bot, with single sign-on for api://<host>/<app id>", () => {
    const appId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const host = 'atgardsplan-dev.azurewebsites.net';
    const out = join(tmp, 'tab', 'atgardsplan-bot.zip');
    const run = runScript('build.mjs', [out], { ...process.env, MicrosoftAppId: appId, BOT_DOMAIN: host });
    expect(run.status).toBe(0);
    const built = JSON.parse(readZip(readFileSync(out))[0]!.data.toString('utf8')) as Manifest;
    expect(built.webApplicationInfo).toEqual({ id: appId, resource: `api://${host}/${appId}` });
    expect(built.validDomains).toEqual([host]);
    const personal = built.staticTabs!.find((t) => t.contentUrl)!;
    expect(personal).toMatchObject({
      name: 'Uppföljning',
      scopes: ['personal'],
      contentUrl: `https://${host}/tab?vy=personlig`,
    });
    // The bot's chat and the about page stay beside the tab.
    expect(built.staticTabs!.map((t) => t.entityId)).toEqual(expect.arrayContaining(['conversations', 'about']));
    expect(built.configurableTabs).toEqual([
      expect.objectContaining({
        configurationUrl: `https://${host}/tab?vy=konfiguration`,
        scopes: ['team', 'groupChat'],
      }),
    ]);
    expect(JSON.stringify(built)).not.toContain('{{BOT_DOMAIN}}');
    // Manifest 1.13 or later is what lets a personal tab run in Outlook and the Microsoft 365 app.
    expect(Number(built.manifestVersion)).toBeGreaterThanOrEqual(1.13);
  });

  it('the app package build refuses a BOT_DOMAIN that is not a host name', () => {
    const out = join(tmp, 'badhost', 'atgardsplan-bot.zip');
    const run = runScript('build.mjs', [out], {
      ...process.env,
      MicrosoftAppId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      BOT_DOMAIN: 'https://ond.example/x',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('BOT_DOMAIN');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['not a GUID', 'min-bot'],
    ['the placeholder', PLACEHOLDER],
  ])('the app package build refuses to run when MicrosoftAppId is %s', (_case, value) => {
    const out = join(tmp, 'refused', 'atgardsplan-bot.zip');
    const env = envWithout('MicrosoftAppId');
    if (value !== undefined) env.MicrosoftAppId = value;
    const run = runScript('build.mjs', [out], env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('MicrosoftAppId');
    expect(existsSync(out)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

/** The text between the first "[" after marker and its matching "]". */
function bracketBlock(text: string, marker: string): string {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`main.bicep has no ${marker}`);
  const open = text.indexOf('[', at);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '[') depth++;
    if (text[i] === ']' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error(`${marker} is not closed`);
}

describe('the Azure deployment (infra/main.bicep)', () => {
  const bicep = readFileSync(join(ROOT, 'infra', 'main.bicep'), 'utf8');

  function appSettings(): Record<string, string> {
    const block = bracketBlock(bicep, 'appSettings:');
    return Object.fromEntries(
      Array.from(block.matchAll(/name:\s*'([^']+)'\s+value:\s*(.+)/g), (m) => [m[1]!, m[2]!.trim()]),
    );
  }

  it('the infra creates every Cosmos container the store uses with the same partition key', () => {
    const block = bracketBlock(bicep, 'var cosmosContainers =');
    const declared = Object.fromEntries(
      Array.from(block.matchAll(/name:\s*'([^']+)'\s+partitionKey:\s*'([^']+)'/g), (m) => [m[1]!, m[2]!]),
    );
    expect(declared).toEqual(CONTAINERS);
    // …and the containers resource really is made from that list.
    expect(bicep).toMatch(/for container in cosmosContainers:/);
    expect(bicep).toMatch(/id: container\.name/);
    expect(bicep).toMatch(/paths: \[\s*container\.partitionKey\s*\]/);
  });

  it('Cosmos DB accepts Entra ID only and the identity gets the built-in data contributor role', () => {
    expect(bicep).toMatch(/disableLocalAuth: true/);
    expect(bicep).toMatch(/minimalTlsVersion: 'Tls12'/);
    expect(bicep).toMatch(/name: 'EnableServerless'/);
    expect(bicep).toMatch(/var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'/);
    expect(bicep).toMatch(/principalId: identity\.properties\.principalId/);
  });

  it('the group that runs the follow-up gets Cosmos DB’s built-in data reader role, read-only, when it is given', () => {
    expect(bicep).toMatch(/param followUpReadersGroupId string = ''/);
    expect(bicep).toMatch(/var cosmosDataReaderRoleId = '00000000-0000-0000-0000-000000000001'/);
    const block = bicep.slice(bicep.indexOf('resource followUpReaders'), bicep.indexOf('// --- end of issue 9 block'));
    expect(block).toMatch(/= if \(!empty\(followUpReadersGroupId\)\)/);
    expect(block).toMatch(/roleDefinitionId: '\$\{cosmos\.id\}\/sqlRoleDefinitions\/\$\{cosmosDataReaderRoleId\}'/);
    expect(block).toMatch(/principalId: followUpReadersGroupId/);
    expect(block).not.toMatch(/cosmosDataContributorRoleId/);
  });

  it('the web app’s settings are a valid production configuration: managed identity, Cosmos DB without a key', () => {
    const settings = appSettings();
    expect(settings).not.toHaveProperty('COSMOS_KEY');
    expect(settings).not.toHaveProperty('MicrosoftAppPassword');
    // DefaultAzureCredential must sign in as the same identity the bot runs as.
    expect(settings.AZURE_CLIENT_ID).toBe(settings.MicrosoftAppId);

    const values: Record<string, string> = {
      'identity.properties.clientId': '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      'identity.properties.tenantId': '9188040d-6c67-4c5b-b112-36a304b66dad',
      'cosmos.properties.documentEndpoint': 'https://konto.documents.azure.com:443/',
      databaseName: /var databaseName = '([^']+)'/.exec(bicep)?.[1] ?? 'saknas',
      deploymentFile: 'deployments/produktion.json',
      logLevel: 'info',
      tabAppId: '7d5e1c2a-1111-4222-8333-944455556666',
      'appInsights.properties.ConnectionString':
        'InstrumentationKey=x;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/',
    };
    const env = Object.fromEntries(
      Object.entries(settings).map(([name, expression]) => {
        const literal = /^'(.*)'$/.exec(expression)?.[1];
        const value = literal ?? values[expression];
        if (value === undefined) throw new Error(`the test does not know what ${name} = ${expression} will be`);
        return [name, value];
      }),
    );

    const config = readConfig(env);
    expect(config.auth).toEqual({
      mode: 'production',
      appType: 'UserAssignedMSI',
      appId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
      password: undefined,
    });
    // Cosmos DB with Entra ID sign-in, and the database the bot opens when COSMOS_DATABASE is not set.
    expect(config.store).toEqual({
      kind: 'cosmos',
      endpoint: 'https://konto.documents.azure.com:443/',
      key: undefined,
      databaseId: 'atgardsplan',
    });
    expect(config.store).toEqual(readConfig({ COSMOS_ENDPOINT: 'https://konto.documents.azure.com:443/' }).store);
    expect(config.deploymentFile).toBe('deployments/produktion.json');
    // The tab's token is for the tab's Entra app on the host App Service names in WEBSITE_HOSTNAME.
    expect(readConfig({ ...env, WEBSITE_HOSTNAME: 'atgardsplan.azurewebsites.net' }).tab.audience).toBe(
      'api://atgardsplan.azurewebsites.net/7d5e1c2a-1111-4222-8333-944455556666',
    );
    expect(settings.WEBSITE_RUN_FROM_PACKAGE).toBe("'1'");
  });

  it('App Service probes readiness (/readyz) and the Azure Bot posts to /api/messages on the web app', () => {
    expect(bicep).toMatch(/healthCheckPath: '\/readyz'/);
    expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{web\.properties\.defaultHostName\}\/api\/messages'/);
    expect(bicep).toMatch(/appCommandLine: 'npm start'/);
    expect(bicep).toMatch(/alwaysOn: true/);
    expect(bicep).toMatch(/httpsOnly: true/);
    expect(bicep).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(bicep).toMatch(/channelName: 'MsTeamsChannel'/);
  });

  it('the example parameters file sets only parameters the template declares, and every required one', () => {
    const parameters = Object.keys(
      (JSON.parse(readFileSync(join(ROOT, 'infra', 'main.parameters.json'), 'utf8')) as { parameters: object })
        .parameters,
    );
    const declared = Array.from(bicep.matchAll(/^param (\w+) \w+/gm), (m) => m[1]!);
    const required = Array.from(bicep.matchAll(/^param (\w+) \w+\s*$/gm), (m) => m[1]!);
    expect(declared).toEqual(expect.arrayContaining(parameters));
    expect(parameters).toEqual(expect.arrayContaining(required));
    expect(required).toContain('deploymentFile');
  });

  it('the outputs give what the next steps need', () => {
    for (const output of ['botEndpoint', 'cosmosEndpoint', 'identityClientId', 'webAppName']) {
      expect(bicep).toMatch(new RegExp(`^output ${output} string = `, 'm'));
    }
  });
});
