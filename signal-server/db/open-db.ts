import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import PouchDB from 'pouchdb';
import PouchFind from 'pouchdb-find';

PouchDB.plugin(PouchFind);

/** The server's document database. */
export type Database = PouchDB.Database;

/**
 * Opens (creating if needed) the database `name` on a CouchDB server (`couchUrl`, credentials in it if needed)
 * through PouchDB's HTTP adapter: the same stores, shared by every process.
 */
export function openRemoteDb(couchUrl: string, name = 'dialog'): Database {
  return new PouchDB(new URL(name, couchUrl.endsWith('/') ? couchUrl : `${couchUrl}/`).href);
}

/** Opens (creating if needed) the embedded LevelDB-backed PouchDB under `dataDir`. */
export function openEmbeddedDb(dataDir: string, name = 'dialog'): Database {
  mkdirSync(dataDir, { recursive: true });
  return new PouchDB(join(dataDir, name));
}
