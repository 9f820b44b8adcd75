import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { type AppOptions, createApp, type DialogApp } from '../../signal-server/app.ts';
import { openEmbeddedDb } from '../../signal-server/db/open-db.ts';
import { silentLogger } from '../../signal-server/log.ts';
import { MemoryPresenceStore } from '../../signal-server/presence/presence-store.ts';

/** A real app on port 0 with a temporary on-disk database. */
export interface TestServer {
  app: DialogApp;
  url: string;
  dataDir: string;
  /** A connected socket.io client that named itself `name`. */
  client(name: string): Promise<Socket>;
  stop(): Promise<void>;
}

export async function startTestServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialog-test-'));
  const app = createApp(
    { db: openEmbeddedDb(dataDir), presence: new MemoryPresenceStore(), log: silentLogger },
    { webRoot: join(dataDir, 'web'), ...options },
  );
  const address = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const sockets: Socket[] = [];
  return {
    app,
    url,
    dataDir,
    async client(name) {
      const socket = connect(url, {
        auth: { name, protocol: PROTOCOL_VERSION },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Emits with an ack and resolves with the ack's result. */
export function request<T = Record<string, unknown>>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
}

/** Resolves with the next `event` payload on `socket`. */
export function nextEvent<T = Record<string, unknown>>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Collects every `event` payload on `socket` from now on. */
export function collect<T = Record<string, unknown>>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}
