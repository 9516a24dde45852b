import { createHttpsServer } from '@vercel/cosmosdb-server';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:https';

/**
 * A Cosmos DB protocol peer in this process (@vercel/cosmosdb-server), reached by the real
 * @azure/cosmos SDK over HTTPS on loopback. It starts empty every time.
 */
export interface LocalCosmos {
  endpoint: string;
  key: string;
  agent: Agent;
  stop(): Promise<void>;
}

export async function startLocalCosmos(): Promise<LocalCosmos> {
  const server = createHttpsServer({ keepAlive: true } as never) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The peer's built-in certificate is self-signed and expired: accepted here, in test code only.
  const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: 'dGVzdC1rZXk=',
    agent,
    stop: async () => {
      agent.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
