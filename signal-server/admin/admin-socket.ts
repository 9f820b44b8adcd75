import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import type { UserStore } from '../accounts/user-store.ts';
import type { Logger } from '../log.ts';
import { createSuperuser } from './create-superuser.ts';

/**
 * A Unix socket (mode 0600, in DATA_DIR) through which `npm run createsuperuser` asks the running server to create an
 * administrator: the embedded LevelDB admits one process at a time, so the command cannot open it while the server
 * runs. Only someone who can read DATA_DIR can reach it. One JSON line in, one JSON line out.
 */
export function listenAdminSocket(
  path: string,
  deps: { users: UserStore; hasher: PasswordHasher; log: Logger },
): Promise<Server> {
  rmSync(path, { force: true }); // a stale socket from a killed server
  const server = createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > 4096) return conn.destroy();
      if (!buffer.includes('\n')) return;
      let request: { op?: unknown; username?: unknown; password?: unknown };
      try {
        request = JSON.parse(buffer.slice(0, buffer.indexOf('\n')));
      } catch {
        conn.end(`${JSON.stringify({ ok: false, message: 'Bad request.' })}\n`);
        return;
      }
      if (request.op !== 'create-superuser') {
        conn.end(`${JSON.stringify({ ok: false, message: 'Unknown operation.' })}\n`);
        return;
      }
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
