/** The local Cosmos DB peer in its own process, so a test can freeze it (SIGSTOP) like a hung endpoint. */
import { createHttpsServer } from '@vercel/cosmosdb-server';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';

const server = createHttpsServer({ keepAlive: true } as never) as Server;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY https://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
