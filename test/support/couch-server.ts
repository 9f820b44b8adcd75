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
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
