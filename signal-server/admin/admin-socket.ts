import { once } from 'node:events';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import type { UserStore } from '../accounts/user-store.ts';
import { backupLines } from '../db/backup.ts';
import type { Database } from '../db/open-db.ts';
import type { Logger } from '../log.ts';
import { createSuperuser } from './create-superuser.ts';

/**
 * A Unix socket (mode 0600, in DATA_DIR) through which `npm run createsuperuser` asks the running server to create an
 * administrator and `npm run backup` to read every document: the embedded LevelDB admits one process at a time, so
 * the commands cannot open it while the server runs. Only someone who can read DATA_DIR can reach it. One JSON line
 * in; out, one JSON line (createsuperuser) or the lines of a backup file (backup, db/backup.ts).
 */
export function listenAdminSocket(
  path: string,
  deps: { users: UserStore; hasher: PasswordHasher; db: Database; log: Logger },
): Promise<Server> {
  rmSync(path, { force: true }); // a stale socket from a killed server
  const server = createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 4096) return conn.destroy();
      if (!buffer.includes('\n')) return;
      conn.removeAllListeners('data');
      let request: { op?: unknown; username?: unknown; password?: unknown };
      try {
        request = JSON.parse(buffer.slice(0, buffer.indexOf('\n')));
      } catch {
        conn.end(`${JSON.stringify({ ok: false, message: 'Bad request.' })}\n`);
        return;
      }
      if (request.op === 'create-superuser') return superuser(conn, request, deps);
      if (request.op === 'backup') return backup(conn, deps);
      conn.end(`${JSON.stringify({ ok: false, message: 'Unknown operation.' })}\n`);
    });
    conn.on('error', () => conn.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}

function superuser(
  conn: Socket,
  request: { username?: unknown; password?: unknown },
  deps: { users: UserStore; hasher: PasswordHasher; log: Logger },
): void {
  createSuperuser(deps.users, deps.hasher, { username: request.username, password: request.password }).then(
    (result) => {
      if (result.ok) deps.log.info('administrator created', { username: result.username });
      conn.end(`${JSON.stringify(result)}\n`);
    },
    (err) => {
      deps.log.error('createsuperuser failed', { error: String(err) });
      conn.end(`${JSON.stringify({ ok: false, message: 'The server could not create the account.' })}\n`);
    },
  );
}

/** Streams the backup, waiting whenever the reader is behind; a backup cut short has no end line. */
async function backup(conn: Socket, { db, log }: { db: Database; log: Logger }): Promise<void> {
  try {
    for await (const line of backupLines(db)) {
      if (conn.destroyed) return;
      if (!conn.write(`${line}\n`)) await Promise.race([once(conn, 'drain'), once(conn, 'close')]);
    }
    log.info('backup taken');
    conn.end();
  } catch (err) {
    log.error('backup failed', { error: String(err) });
    conn.destroy();
  }
}
