// Builds the Teams app package: a zip with manifest.json (the bot's app id filled in) and the two
// icons at its root, ready to upload in Teams or the Teams admin center. Only Node built-ins: the
// zip format and its CRC32 are written here by hand.
//
//   MicrosoftAppId=<the bot's app id> node appPackage/build.mjs [output.zip]
//   MicrosoftAppId=<…> TEAMS_APP_ID=<…> node appPackage/build.mjs --folder appPackage/build
//   BOT_DOMAIN=<the bot's host> … adds the tab (personal and channel) and its single sign-on
//
// The default output is dist/appPackage/atgardsplan-bot.zip under the project root. With --folder it
// writes the filled-in manifest.json and the icons to that folder instead, unzipped, for the
// Microsoft 365 Agents Toolkit to validate, zip and upload (m365agents.yml). The Teams app id is
// TEAMS_APP_ID when set (the toolkit's), else the bot's app id.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

function fail(message) {
  console.error(`Apppaketet byggdes inte: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Zip: one local header + data per entry, then the central directory and its end record.
// Every entry carries the same fixed time (1980-01-01 00:00), so the same input gives the same zip.

const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const deflated = deflateRawSync(data, { level: 9 });
    // Deflate unless it does not help (the PNGs are compressed already): then store.
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28); // no extra field

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); // central directory header signature
    entry.writeUInt16LE(20, 4); // version made by: 2.0, MS-DOS attributes
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    // extra field, comment, disk number, internal and external attributes: all zero
    entry.writeUInt32LE(offset, 42);

    parts.push(local, fileName, body);
    central.push(entry, fileName);
    offset += local.length + fileName.length + body.length;
  }

  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(entries.length, 8); // entries on this disk
  end.writeUInt16LE(entries.length, 10); // entries in total
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

// ---------------------------------------------------------------------------------------------

const appId = (process.env.MicrosoftAppId ?? '').trim();
if (!appId) fail('miljövariabeln MicrosoftAppId saknas. Sätt den till botens app-id (ett GUID).');
if (!GUID.test(appId) || appId === PLACEHOLDER) {
  fail(`MicrosoftAppId måste vara botens app-id, ett GUID som inte är ${PLACEHOLDER}; fick "${appId}".`);
}

const teamsAppId = (process.env.TEAMS_APP_ID ?? '').trim() || appId;
if (!GUID.test(teamsAppId) || teamsAppId === PLACEHOLDER) {
  fail(`TEAMS_APP_ID måste vara ett GUID som inte är ${PLACEHOLDER}; fick "${teamsAppId}".`);
}

const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
if (manifest.id !== PLACEHOLDER || manifest.bots?.[0]?.botId !== PLACEHOLDER) {
  fail(`manifest.json ska ha platshållaren ${PLACEHOLDER} som id och bots[0].botId; skriptet fyller i dem.`);
}
manifest.id = teamsAppId;
manifest.bots[0].botId = appId;
// Graph's proactive installation (TeamsAppInstallation.ReadWriteSelfForUser.All) needs the app's Entra id here.
if (manifest.webApplicationInfo) {
  manifest.webApplicationInfo = { id: appId, resource: `api://botid-${appId}` };
}

// The tab is served by the bot's own server, so it needs the bot's host (App Service's default
// host name, BOT_DOMAIN in env/.env.<env>). Its single sign-on token is for the API the Entra app
// exposes as api://<host>/<app id>, and Teams asks that the host match the tab's address.
const botDomain = (process.env.BOT_DOMAIN ?? '').trim();
const withHost = (value) => JSON.parse(JSON.stringify(value).replaceAll('{{BOT_DOMAIN}}', botDomain));
if (botDomain) {
  if (!/^[a-z0-9.-]+(:\d+)?$/i.test(botDomain) || !botDomain.includes('.')) {
    fail(`BOT_DOMAIN ska vara botens värdnamn, till exempel atgardsplan.azurewebsites.net; fick "${botDomain}".`);
  }
  manifest.staticTabs = withHost(manifest.staticTabs);
  manifest.configurableTabs = withHost(manifest.configurableTabs);
  // The tab's Entra app (TAB_APP_ID, infra/aad.manifest.json); the bot's own id when it is one app.
  const tabAppId = (process.env.TAB_APP_ID ?? '').trim() || appId;
  if (!GUID.test(tabAppId)) fail(`TAB_APP_ID ska vara ett GUID; fick "${tabAppId}".`);
  manifest.webApplicationInfo = { id: tabAppId, resource: `api://${botDomain}/${tabAppId}` };
  manifest.validDomains = [botDomain];
} else {
  // Without a host there is no address for the tab: the package has the bot alone.
  manifest.staticTabs = manifest.staticTabs?.filter((t) => !t.contentUrl);
  if (manifest.staticTabs?.every((t) => ['conversations', 'about'].includes(t.entityId))) delete manifest.staticTabs;
  delete manifest.configurableTabs;
  console.warn('Obs: BOT_DOMAIN är inte satt, så paketet får ingen flik (bara boten).');
}

if (Object.values(manifest.developer).some((v) => String(v).startsWith('https://example.org/'))) {
  console.warn('Obs: developer-adresserna i manifest.json pekar fortfarande på https://example.org/. Byt ut dem.');
}

const entries = [
  { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
  { name: manifest.icons.color, data: readFileSync(join(here, manifest.icons.color)) },
  { name: manifest.icons.outline, data: readFileSync(join(here, manifest.icons.outline)) },
];

const args = process.argv.slice(2);
if (args[0] === '--folder') {
  if (!args[1]) fail('--folder behöver en mapp.');
  const folder = resolve(args[1]);
  mkdirSync(folder, { recursive: true });
  for (const { name, data } of entries) writeFileSync(join(folder, name), data);
  console.log(`Skrev manifest.json och ikonerna till ${folder} (bot-id ${appId}, app-id ${teamsAppId}).`);
} else {
  const output = resolve(args[0] ?? join(root, 'dist', 'appPackage', 'atgardsplan-bot.zip'));
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, zip(entries));
  console.log(`Skrev ${output} (app-id ${appId}).`);
}
