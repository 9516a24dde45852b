import type { Store } from '../app/ports';
import { CosmosStore } from './cosmos/cosmosStore';
import { SqliteStore } from './sqlite/sqliteStore';

export type StoreSettings =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'cosmos'; endpoint: string; key?: string; databaseId: string; agent?: import('node:https').Agent };

/** The embedded SQLite store unless a Cosmos DB endpoint is configured. */
export async function openStore(settings: StoreSettings): Promise<Store> {
  return settings.kind === 'cosmos' ? CosmosStore.connect(settings) : new SqliteStore({ dataDir: settings.dataDir });
}
