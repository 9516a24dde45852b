// Starts the bot on the embedded store together with the Microsoft 365 Agents Playground,
// a local Teams-like client, and prints where to open it. Ctrl+C stops both.
import { spawn, execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const BOT_PORT = process.env.PORT ?? '3978';
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '56150';
const children = [];

function start(name, command, args, env) {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} avslutades (kod ${code}).`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, expect, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    try {
      const res = await fetch(url);
      if (res.ok && (await res.text()).includes(expect)) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} svarade inte inom ${seconds} s`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

console.log('Bygger boten …');
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/buildTab.mjs'], { stdio: 'inherit' });

// Local mode: no MicrosoftAppId, so the Playground may talk to the bot without tokens.
start('Boten', process.execPath, ['dist/src/index.js'], {
  PORT: BOT_PORT,
  MicrosoftAppId: '',
  MicrosoftAppPassword: '',
  COSMOS_ENDPOINT: process.env.COSMOS_ENDPOINT ?? '',
});
await waitFor(`http://127.0.0.1:${BOT_PORT}/healthz`, 'ok', 30);

start(
  'Agents Playground',
  process.execPath,
  [
    'node_modules/@microsoft/m365agentsplayground/cli.js',
    '-e',
    `http://127.0.0.1:${BOT_PORT}/api/messages`,
    '-c',
    'msteams',
    '-p',
    PLAYGROUND_PORT,
    '--disable-telemetry',
  ],
  { TEAMSAPPTESTER_BROWSER: 'none' },
);
await waitFor(`http://127.0.0.1:${PLAYGROUND_PORT}/_debug/ping`, 'pong', 60);

console.log(`
  Åtgärdsplan-boten körs lokalt på den inbyggda lagringen (data/).
  Öppna http://localhost:${PLAYGROUND_PORT} i webbläsaren och skriv /hjälp i Personal Chat.
  Fliken Uppföljning: http://localhost:${BOT_PORT}/tab (välj där vem du ser planen som).
  Du är Karin Lind (enhetschef, familjehemsenheten); byt användare i .m365agentsplayground.yml.
  Stoppa med Ctrl+C.
`);
