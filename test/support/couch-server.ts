import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb';

/** A CouchDB-protocol server (express-pouchdb over PouchDB) on a free loopback port, its data in a temporary folder. */
export interface TestCouch {
  url: string;
  /** Stops answering (an outage); the data stays for `restart`. */
  kill(): Promise<void>;
  /** Answers again on the same port, with the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Stands in for CouchDB in tests (Apache CouchDB is not packaged in Debian): it speaks the HTTP API PouchDB's
 * HTTP adapter uses, including a 409 for a second document with the same id.
 */
export async function startCouch(): Promise<TestCouch> {
  const dir = mkdtempSync(join(tmpdir(), 'dialog-couch-'));
  const app = expressPouchDB(PouchDB.defaults({ prefix: `${dir}/` }), {
    mode: 'minimumForPouchDB',
    overrideMode: { include: ['routes/find'] },
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
  });
  const listen = async (port: number) => {
    const server: Server = app.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return server;
  };
  let server: Server | undefined = await listen(0);
  const { port } = server.address() as { port: number };
  const kill = async () => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    closing.closeAllConnections();
    await new Promise((resolve) => closing.close(resolve));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    kill,
    async restart() {
      server ??= await listen(port);
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
