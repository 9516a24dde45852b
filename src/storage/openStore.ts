import type { Store } from '../app/ports';
import type { CosmosOptions } from './cosmos/cosmosStore';
import { SqliteStore } from './sqlite/sqliteStore';

/** The embedded store's folder, or a Cosmos DB account (the agent is for the tests' local peer). */
export type StoreSettings = { kind: 'embedded'; dataDir: string } | ({ kind: 'cosmos' } & CosmosOptions);

/**
 * The embedded SQLite store unless a Cosmos DB endpoint is configured. The Cosmos DB SDK (about
 * 0.6 s of module loading) is loaded only when it is used.
 */
export async function openStore(settings: StoreSettings): Promise<Store> {
  if (settings.kind !== 'cosmos') return new SqliteStore({ dataDir: settings.dataDir });
  const { CosmosStore } = await import('./cosmos/cosmosStore');
  return CosmosStore.connect(settings);
}
