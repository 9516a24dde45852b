import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The Microsoft 365 Agents Playground (a local Teams-like web client) as a child process, for the
 * end-to-end tests. Each start gets its own temp folder with a copy of the repo's
 * .m365agentsplayground.yml (the current user swapped in if asked), so runs never share state
 * and its devTools/ log never lands in the repo.
 */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** The port for the Playground; a free one if left out. */
  port?: number;
  /** Act as this user (an id from the yml, e.g. 'user-id-5'); the yml's currentUser if left out. */
  currentUserId?: string;
  /** The yml to start from; the repo's .m365agentsplayground.yml if left out. */
  configPath?: string;
  /** How long to wait for GET /_debug/ping; 30 s if left out. */
  startTimeoutMs?: number;
}

export interface Playground {
  /** http://127.0.0.1:<port>/ — open it in the browser. */
  url: string;
  port: number;
  /** The temp folder it runs in. */
  dir: string;
  /** Its own log: <dir>/devTools/m365agentsplayground.log. */
  logPath: string;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CLI = join(REPO_ROOT, 'node_modules', '.bin', 'agentsplayground');

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  const yml = readFileSync(opts.configPath ?? join(REPO_ROOT, '.m365agentsplayground.yml'), 'utf8');
  const config = opts.currentUserId ? withCurrentUser(yml, opts.currentUserId) : yml;
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'playground-'));
  const logPath = join(dir, 'devTools', 'm365agentsplayground.log');
  const outPath = join(dir, 'stdout.log');
  writeFileSync(join(dir, '.m365agentsplayground.yml'), config);

  const out = openSync(outPath, 'a');
  const child = spawn(CLI, ['-e', opts.botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    cwd: dir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', BROWSER: 'none' },
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so stop() also ends whatever it spawns
  });
  closeSync(out);
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err)); // e.g. ENOENT; unhandled it would crash jest

  const stop = async (): Promise<void> => {
    await killGroup(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForPing(url, child, opts.startTimeoutMs ?? 30_000, () => spawnError);
  } catch (err) {
    const detail = [logPath, outPath]
      .filter((p) => existsSync(p))
      .map((p) => `--- ${p} (tail) ---\n${readFileSync(p, 'utf8').slice(-2000)}`)
      .join('\n');
    await killGroup(child);
    // The temp folder is kept so the log can be read.
    throw new Error(`Playground did not start on port ${port}: ${(err as Error).message}. Log: ${logPath}\n${detail}`);
  }
  return { url, port, dir, logPath, stop };
}

/** A free TCP port on loopback (there is a small race until someone binds it; fine for tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForPing(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  spawnError: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const err = spawnError();
    if (err) throw new Error(`could not start ${CLI}: ${err.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`it exited (code ${child.exitCode}, signal ${child.signalCode}); a schema error in the yml?`);
    }
    try {
      const res = await fetch(`${url}_debug/ping`, { signal: AbortSignal.timeout(2000) });
      const body = await res.text();
      if (res.ok && body.trim() === 'pong') return;
      last = `HTTP ${res.status} ${body.slice(0, 100)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no pong from ${url}_debug/ping within ${timeoutMs} ms (last: ${last})`);
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}

/**
 * The yml with `currentUser` swapped with the entry of `users` whose id is userId, so there are
 * still exactly five other users (the Playground requires that). Line-based: it expects the
 * layout of the repo's file (`currentUser:` block of 2-space-indented fields, `users:` a list of
 * `  - id: …` items with 4-space-indented fields).
 */
export function withCurrentUser(yml: string, userId: string): string {
  const lines = yml.split(/\r?\n/);
  const cuStart = lines.findIndex((l) => /^currentUser:\s*$/.test(l));
  if (cuStart < 0) throw new Error('no top-level currentUser: block in the yml');
  let cuEnd = cuStart + 1;
  while (cuEnd < lines.length && /^ {2}\S/.test(lines[cuEnd]!)) cuEnd++;
  const current = lines.slice(cuStart + 1, cuEnd).map((l) => l.slice(2)); // "id: user-id-0", ...
  const currentId = fieldValue(current, 'id');
  if (currentId === userId) return yml;

  const usersStart = lines.findIndex((l) => /^users:\s*$/.test(l));
  if (usersStart < 0) throw new Error('no top-level users: list in the yml');
  // Each item: "  - key: v" then "    key: v" lines.
  let i = usersStart + 1;
  while (i < lines.length && /^ {2}(- | {2})\S/.test(lines[i]!)) {
    const start = i;
    i++;
    while (i < lines.length && /^ {4}\S/.test(lines[i]!)) i++;
    const item = lines.slice(start, i).map((l) => l.slice(4)); // "id: user-id-5", ...
    if (fieldValue(item, 'id') !== userId) continue;

    const newItem = current.map((l, k) => (k === 0 ? `  - ${l}` : `    ${l}`));
    const newCurrent = item.map((l) => `  ${l}`);
    const out = [...lines];
    // Replace the later range first so the earlier indexes stay valid.
    if (start > cuStart) {
      out.splice(start, i - start, ...newItem);
      out.splice(cuStart + 1, cuEnd - cuStart - 1, ...newCurrent);
    } else {
      out.splice(cuStart + 1, cuEnd - cuStart - 1, ...newCurrent);
      out.splice(start, i - start, ...newItem);
    }
    return out.join('\n');
  }
  throw new Error(`no user with id ${userId} under users: in the yml`);
}

/** The bot's id and name from the yml (the name is what the @mention menu shows). */
export function readPlaygroundBot(configPath = join(REPO_ROOT, '.m365agentsplayground.yml')): {
  id: string;
  name: string;
} {
  const lines = readFileSync(configPath, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^bot:\s*$/.test(l));
  let end = start + 1;
  while (start >= 0 && end < lines.length && /^ {2}\S/.test(lines[end]!)) end++;
  const fields = lines.slice(start + 1, end).map((l) => l.slice(2));
  const id = fieldValue(fields, 'id');
  const name = fieldValue(fields, 'name');
  if (start < 0 || !id || !name) throw new Error(`no bot: block with id and name in ${configPath}`);
  return { id, name };
}

function fieldValue(fields: string[], key: string): string | undefined {
  const line = fields.find((l) => l.startsWith(`${key}:`));
  return line
    ?.slice(key.length + 1)
    .trim()
    .replace(/^["']|["']$/g, '');
}
