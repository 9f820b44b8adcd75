/**
 * `npm run backup -- FILE` — writes every document of the embedded database (accounts, sessions, rooms, avatars…)
 * to FILE (JSON lines, signal-server/db/backup.ts). Asks the running server through DATA_DIR/admin.sock; when no
 * server runs, reads the database itself. FILE appears only once the backup is whole.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { readConfig } from '../signal-server/config.ts';
import { backupLines, endOfBackup } from '../signal-server/db/backup.ts';
import { openEmbeddedDb } from '../signal-server/db/open-db.ts';

/** The backup's lines from the server that holds the database. */
async function viaServer(socketPath: string): Promise<AsyncIterable<string>> {
  const conn = connect(socketPath);
  await once(conn, 'connect');
  conn.write(`${JSON.stringify({ op: 'backup' })}\n`);
  return createInterface({ input: conn, crlfDelay: Number.POSITIVE_INFINITY });
}

/** Writes `lines` to `file` through `file.partial`; answers the documents written, or throws why it is not whole. */
async function save(lines: AsyncIterable<string>, file: string): Promise<number> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 }); // password hashes and session ids are in it
  let last = '';
  try {
    for await (const line of lines) {
      if (last === '' && /^\{"ok":false/.test(line)) throw new Error(JSON.parse(line).message);
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      last = line;
    }
    out.end();
    await finished(out);
    const documents = endOfBackup(last);
    if (documents === undefined) throw new Error('The backup stopped before it was whole (see the server log).');
    renameSync(partial, file);
    return documents;
  } catch (err) {
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
}

try {
  const target = process.argv[2];
  if (!target) throw new Error('Usage: npm run backup -- FILE');
  const config = readConfig(process.env);
  if (config.couchUrl) throw new Error('COUCHDB_URL is set: back up CouchDB with its own tools (replication).');
  // npm runs scripts from the package folder; FILE is relative to where the command was typed.
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), target);
  const socketPath = join(config.dataDir, 'admin.sock');
  // Opening a folder with no database would create one, and back up nothing without a word: a mistyped DATA_DIR.
  if (!existsSync(join(config.dataDir, 'dialog'))) throw new Error(`There is no Dialog database in ${config.dataDir}.`);
  const server = existsSync(socketPath) ? await viaServer(socketPath).catch(() => undefined) : undefined;
  const documents = await save(server ?? backupLines(openEmbeddedDb(config.dataDir)), file).catch((err) => {
    if (/lock/i.test(String(err)))
      throw new Error(`The database in ${config.dataDir} is in use by a process that does not answer on admin.sock.`);
    throw err;
  });
  console.log(`Backed up ${documents} documents to ${file}.`);
  process.exit(0);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
