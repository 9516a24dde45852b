import { rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { LocalConnector } from '../support/connector';
import { syntheticDeployment } from '../support/synthetic';
import { cardAction, postActivity } from '../support/teams';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { exportFollowUp } from '../../src/cli/uppfoljning';
import { CosmosStore } from '../../src/storage/cosmos/cosmosStore';
import type { Store } from '../../src/app/ports';
import { startLocalCosmos, type LocalCosmos } from '../support/localCosmos';
import { CosmosFaultProxy } from '../support/cosmosFaultProxy';
import { freshDir, report, startBotProcess, type Child } from './support/harness';

const PLAN = 'syntetisk';
const LONG = process.env.FAULT_LONG === '1';
/** A Thursday with no slot due: nothing but the request under test is going on. */
const NOW = '2026-12-03T10:00:00+01:00';
const ADMIN = { id: 'user-admin', aadObjectId: 'admin', name: 'Admin' };

/**
 * kill -9 in the middle of the two things an administrator fixes for the record: a version of the
 * follow-up (Fastställ) and a change of the deployment (/admin). Each kill lands at a point drawn
 * across the request's own measured duration; after it the store must hold a whole record.
 */
describe('kill -9 while the record is being written', () => {
  let connector: LocalConnector;
  let dataDir: string;
  let deploymentFile: string;
  const children: Child[] = [];

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    dataDir = freshDir();
    deploymentFile = syntheticDeployment(4);
    startedAt = Date.now();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.proc.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ DATA_DIR: dataDir, DEPLOYMENT_FILE: deploymentFile, INSTANCE_ID: 'vm-1' });
  // One clock across restarts, as a real one runs on: each process starts where the last one was.
  let startedAt = Date.now();
  const bot = async () => {
    const child = await startBotProcess(env(), new Date(Date.parse(NOW) + Date.now() - startedAt).toISOString());
    children.push(child);
    return child;
  };
  const press = (child: Child, verb: string, data: unknown) =>
    postActivity(child.ready, cardAction(connector.url, ADMIN, verb, data));
  const killed = async (child: Child) => {
    child.proc.kill('SIGKILL');
    await child.exited;
  };
  /** Kill points across [0, 1.2 × the request's duration]: one per stratum, drawn within it. */
  const killPoints = (n: number, durationMs: number, seed: number) =>
    fc
      .sample(fc.float({ min: 0, max: Math.fround(0.999), noNaN: true }), { numRuns: n, seed })
      .map((u, i) => Math.round(((i + u) / n) * 1.2 * durationMs));
  const withStore = async <T>(read: (store: SqliteStore) => Promise<T>): Promise<T> => {
    const store = new SqliteStore({ dataDir });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };

  it('during Fastställ: every version in the store regenerates byte for byte, numbers have no gaps, and the next one is fixed', async () => {
    const kills = LONG ? 12 : 4;
    let child = await bot();
    const t0 = Date.now();
    const first = await press(child, 'fixReport', { version: 1, confirmed: '1' });
    const durationMs = Date.now() - t0;
    expect(JSON.stringify(first.body)).toContain('fastställd');

    const points = killPoints(kills, durationMs, 29);
    let lost = 0;
    for (const delay of points) {
      const next = (await withStore((s) => s.followUp.versions(PLAN))).length + 1;
      void press(child, 'fixReport', { version: next, confirmed: '1' }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      await killed(child);
      child = await bot();
      const versions = await withStore((s) => s.followUp.versions(PLAN));
      if (versions.length < next) lost++;
      expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    }

    // Whole: each version is made again from its own content, to the hashes stored when it was fixed.
    const versions = await withStore((s) => s.followUp.versions(PLAN));
    for (const v of versions) {
      const docx = (await exportFollowUp(env(), { format: 'docx', version: v.version })) as Uint8Array;
      expect(createHash('sha256').update(docx).digest('hex')).toBe(v.documentSha256);
    }
    const after = await press(child, 'fixReport', { version: versions.length + 1, confirmed: '1' });
    expect(JSON.stringify(after.body)).toContain('fastställd');
    expect((await withStore((s) => s.followUp.versions(PLAN))).length).toBe(versions.length + 1);
    report('kill -9 during Fastställ', {
      kills,
      fixMs: durationMs,
      killPoints: points.join('/'),
      fixedBeforeKill: kills - lost,
      notFixed: lost,
      versions: versions.length,
      regenerated: versions.length,
    });
  }, 240_000);

  it('during an /admin change: the change and its audit line are both there or neither, once each', async () => {
    const kills = LONG ? 12 : 4;
    let child = await bot();
    const etag = () => withStore(async (s) => (await s.deployments.deployment(PLAN))!.etag);
    const pause = (i: number) => ({ from: `2027-0${1 + (i % 9)}-0${1 + Math.floor(i / 9)}` });
    const change = async (i: number) => {
      const { from } = pause(i);
      return press(child, 'adminChange', { op: 'pause', etag: await etag(), pauseFrom: from, pauseTo: from });
    };
    const t0 = Date.now();
    await change(0);
    const durationMs = Date.now() - t0;

    const points = killPoints(kills, durationMs, 31);
    for (const [k, delay] of points.entries()) {
      void change(k + 1).catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      await killed(child);
      child = await bot();
    }
    const { pauses, log } = await withStore(async (s) => ({
      pauses: (await s.deployments.deployment(PLAN))!.value.schedule.pauses,
      log: (await s.deployments.auditLog(PLAN)).filter((e) => e.what === 'Uppehåll i utskicken'),
    }));
    // Each audit line adds exactly one pause, the pauses they add are the pauses stored, and the
    // last line shows the deployment as it is: no change without its line, no line without its change.
    const set = (shown: string) => (shown === '(inga)' ? [] : shown.split(', '));
    const added = log.map((e) => set(e.after).filter((p) => !set(e.before).includes(p)));
    expect(added.every((a) => a.length === 1)).toBe(true);
    expect(added.flat().sort()).toEqual(pauses.map((p) => `${p.from}–${p.to}`).sort());
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
    expect(set(log.at(-1)!.after)).toHaveLength(pauses.length);
    report('kill -9 during an /admin change', {
      kills,
      changeMs: durationMs,
      killPoints: points.join('/'),
      changesStored: pauses.length,
      auditLines: log.length,
    });
  }, 240_000);
});

/**
 * The same two requests on Cosmos DB, killed not at a point in time but at each write they make in
 * turn: the fault proxy in front of the local peer passes the k-th write on (so it is applied) and
 * kills the bot before the answer can reach it. Every window between two writes is hit, however
 * short.
 */
describe('kill -9 at each write of the record, on Cosmos DB', () => {
  let connector: LocalConnector;
  let peer: LocalCosmos;
  let proxy: CosmosFaultProxy;
  let databaseId: string;
  let deploymentFile: string;
  const children: Child[] = [];
  let startedAt = Date.now();

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    peer = await startLocalCosmos();
    proxy = await new CosmosFaultProxy(peer.endpoint).start();
    databaseId = `record-${Math.random().toString(36).slice(2)}`;
    deploymentFile = syntheticDeployment(4);
    startedAt = Date.now();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.proc.kill('SIGKILL');
    await connector.stop();
    await proxy.stop();
    await peer.stop();
  });

  const env = () => ({
    DEPLOYMENT_FILE: deploymentFile,
    COSMOS_ENDPOINT: proxy.endpoint,
    COSMOS_KEY: peer.key,
    COSMOS_DATABASE: databaseId,
    COSMOS_TEST_PEER: '1',
    INSTANCE_ID: 'vm-1',
    // No scheduler passes: the only writes are the request's own.
    TICK_MS: String(24 * 3_600_000),
  });
  const bot = async () => {
    const child = await startBotProcess(env(), new Date(Date.parse(NOW) + Date.now() - startedAt).toISOString());
    children.push(child);
    return child;
  };
  const direct = async <T>(read: (store: Store) => Promise<T>): Promise<T> => {
    const store = await CosmosStore.connect({ endpoint: peer.endpoint, key: peer.key, databaseId, agent: peer.agent });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const press = (child: Child, verb: string, data: unknown) =>
    postActivity(child.ready, cardAction(connector.url, ADMIN, verb, data));

  /**
   * Makes `request` once whole to count its writes, then once per write k, killing the bot as its
   * k-th write reaches the store (the write is applied); after each kill a new process starts and
   * `check` reads the store. Returns the number of writes.
   */
  async function killAtEachWrite(
    request: (child: Child, k: number) => Promise<unknown>,
    check: (k: number) => Promise<void>,
  ): Promise<{ writes: number; atWrite: number; running: Child }> {
    let child = await bot();
    const before = proxy.counts.writes;
    await request(child, 0);
    const writes = proxy.counts.writes - before;
    expect(writes).toBeGreaterThan(0);
    let atWrite = 0;
    for (let k = 1; k <= writes; k++) {
      let seen = 0;
      const victim = child;
      proxy.rule = () => {
        if (++seen === k) {
          atWrite++;
          victim.proc.kill('SIGKILL');
        }
        return undefined;
      };
      // A later request may write less (the person's conversation is stored once): then the kill
      // comes when the request is done, after its last write.
      void request(victim, k)
        .catch(() => undefined)
        .finally(() => victim.proc.kill('SIGKILL'));
      await victim.exited;
      proxy.rule = () => undefined;
      child = await bot();
      await check(k);
    }
    return { writes, atWrite, running: child };
  }

  it('Fastställ: killed at each of its writes, the versions stored regenerate byte for byte and the next is fixed', async () => {
    const next = async () => (await direct((s) => s.followUp.versions(PLAN))).length + 1;
    const { writes, atWrite, running } = await killAtEachWrite(
      async (child) => press(child, 'fixReport', { version: await next(), confirmed: '1' }),
      async () => {
        const versions = await direct((s) => s.followUp.versions(PLAN));
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
        for (const v of versions) {
          const docx = (await exportFollowUp(env(), {
            format: 'docx',
            version: v.version,
            storeSettings: { kind: 'cosmos', endpoint: peer.endpoint, key: peer.key, databaseId, agent: peer.agent },
          })) as Uint8Array;
          expect(createHash('sha256').update(docx).digest('hex')).toBe(v.documentSha256);
        }
      },
    );
    const versions = await direct((s) => s.followUp.versions(PLAN));
    const after = await press(running, 'fixReport', { version: versions.length + 1, confirmed: '1' });
    expect(JSON.stringify(after.body)).toContain('fastställd');
    expect(await direct((s) => s.followUp.versions(PLAN))).toHaveLength(versions.length + 1);
    report('kill -9 at each write of Fastställ (Cosmos DB)', { writes, atWrite, versions: versions.length });
  }, 240_000);

  it('an /admin change: killed at each of its writes, the change and its audit line are both there or neither', async () => {
    const etag = () => direct(async (s) => (await s.deployments.deployment(PLAN))!.etag);
    const day = (k: number) => `2027-0${1 + k}-01`;
    const { writes, atWrite } = await killAtEachWrite(
      async (child, k) =>
        press(child, 'adminChange', { op: 'pause', etag: await etag(), pauseFrom: day(k), pauseTo: day(k) }),
      async () => {
        const { pauses, log } = await direct(async (s) => ({
          pauses: (await s.deployments.deployment(PLAN))!.value.schedule.pauses,
          log: (await s.deployments.auditLog(PLAN)).filter((e) => e.what === 'Uppehåll i utskicken'),
        }));
        // The new process has started: every stored pause has its line, and only those.
        expect(log).toHaveLength(pauses.length);
        expect(log.at(-1)!.after.split(', ')).toHaveLength(pauses.length);
      },
    );
    report('kill -9 at each write of an /admin change (Cosmos DB)', { writes, atWrite });
  }, 240_000);
});
