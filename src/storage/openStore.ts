import type { Store } from '../app/ports';
import { CosmosStore, type CosmosOptions } from './cosmos/cosmosStore';
import { SqliteStore } from './sqlite/sqliteStore';

/** The embedded store's folder, or a Cosmos DB account (the agent is for the tests' local peer). */
export type StoreSettings = { kind: 'embedded'; dataDir: string } | ({ kind: 'cosmos' } & CosmosOptions);

/** The embedded SQLite store unless a Cosmos DB endpoint is configured. */
export async function openStore(settings: StoreSettings): Promise<Store> {
  return settings.kind === 'cosmos' ? CosmosStore.connect(settings) : new SqliteStore({ dataDir: settings.dataDir });
}
