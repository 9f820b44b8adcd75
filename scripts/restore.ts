/**
 * `npm run restore -- FILE` — loads a backup made by `npm run backup` into DATA_DIR's embedded database, which must
 * be empty (a fresh DATA_DIR, or the old one moved aside) and not open in a running server.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { readConfig } from '../signal-server/config.ts';
import { restoreLines } from '../signal-server/db/backup.ts';
import { openEmbeddedDb } from '../signal-server/db/open-db.ts';

/** The file's lines, read from when the first is asked for (a readline made earlier loses what comes meanwhile). */
async function* linesOf(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
}

try {
  const source = process.argv[2];
  if (!source) throw new Error('Usage: npm run restore -- FILE');
  const config = readConfig(process.env);
  if (config.couchUrl) throw new Error('COUCHDB_URL is set: restore CouchDB with its own tools (replication).');
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), source);
  const db = openEmbeddedDb(config.dataDir);
  const documents = await restoreLines(db, linesOf(file)).catch((err) => {
    if (/lock/i.test(String(err)))
      throw new Error(`The database in ${config.dataDir} is open in a running server: stop it first.`);
    throw err;
  });
  await db.close();
  console.log(`Restored ${documents} documents into ${config.dataDir}.`);
  process.exit(0);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
