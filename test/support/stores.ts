import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/app/ports';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { CosmosStore } from '../../src/storage/cosmos/cosmosStore';
import { startLocalCosmos, type LocalCosmos } from './localCosmos';

/** A backend the tests run against: opens stores on it, and can open a second one on the same data. */
export interface Backend {
  name: string;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'atgardsplan-test-'));
  const opened: Store[] = [];
  return {
    name: 'inbyggd (SQLite)',
    open: async () => {
      const store = new SqliteStore({ dataDir: dir });
      opened.push(store);
      return store;
    },
    dispose: async () => {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function cosmosBackend(peer?: LocalCosmos): Promise<Backend> {
  const cosmos = peer ?? (await startLocalCosmos());
  const databaseId = `test-${randomUUID()}`;
  const opened: Store[] = [];
  return {
    name: 'Cosmos DB (lokal peer)',
    open: async () => {
      const store = await CosmosStore.connect({
        endpoint: cosmos.endpoint,
        key: cosmos.key,
        databaseId,
        agent: cosmos.agent,
      });
      opened.push(store);
      return store;
    },
    dispose: async () => {
      await Promise.all(opened.map((s) => s.close()));
      if (!peer) await cosmos.stop();
    },
  };
}

/** A fresh backend of the named kind, for suites that work on the store alone (see describeEachStore). */
export async function storeBackend(name: 'sqlite' | 'cosmos'): Promise<Backend> {
  return name === 'sqlite' ? sqliteBackend() : cosmosBackend();
}

/** Both adapters, for suites that must hold on each. */
export const BACKENDS: Array<[string, () => Promise<Backend>]> = [
  ['inbyggd (SQLite)', async () => sqliteBackend()],
  ['Cosmos DB (lokal peer)', () => cosmosBackend()],
];
