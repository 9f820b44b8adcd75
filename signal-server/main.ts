import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BcryptHasher } from './accounts/password-hasher.ts';
import { PouchSessionStore, PouchUserStore } from './accounts/pouch-stores.ts';
import { createApp } from './app.ts';
import { PouchBlockStore } from './blocks/block-store.ts';
import { readConfig } from './config.ts';
import { openEmbeddedDb } from './db/open-db.ts';
import { consoleLogger as log } from './log.ts';
import { MemoryPresenceStore } from './presence/presence-store.ts';
import { keepServingOnRejection } from './process-guard.ts';
import { PouchRoomStore } from './rooms/room-store.ts';

/** The built web app: dist/web next to dist/server when bundled, or ../dist/web from the sources. */
function webRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'server')) ? join(here, '..', 'web') : join(here, '..', 'dist', 'web');
}

keepServingOnRejection(process, log);
const config = (() => {
  try {
    return readConfig(process.env);
  } catch (err) {
    log.error(`Dialog could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
})();
const db = openEmbeddedDb(config.dataDir);
const app = createApp(
  {
    db,
    users: new PouchUserStore(db),
    sessions: new PouchSessionStore(db),
    rooms: new PouchRoomStore(db),
    blocks: new PouchBlockStore(db),
    presence: new MemoryPresenceStore(),
    hasher: new BcryptHasher({ cost: config.bcryptCost }),
    log,
  },
  {
    webRoot: webRoot(),
    iceServers: config.iceServers,
    stunUrls: config.stunUrls,
    turn: config.turn,
    roomMaxMembers: config.roomMaxMembers,
    roomMaxTabsPerPerson: config.roomMaxTabsPerPerson,
    roomQuota: config.roomQuota,
    maxSocketsPerPerson: config.maxSocketsPerPerson,
    roomGraceMs: config.roomGraceMs,
    presenceGraceMs: config.presenceGraceMs,
    allowedOrigins: config.allowedOrigins,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    trustProxyHops: config.trustProxyHops,
    sourceMaps: config.sourceMaps,
    adminSocketPath: join(config.dataDir, 'admin.sock'),
  },
);
const address = await app.listen(config.port, config.host).catch(async (err: NodeJS.ErrnoException) => {
  const reason = err.code === 'EADDRINUSE' ? `port ${config.port} is in use (set PORT to another)` : String(err);
  log.error(`Dialog could not start: ${reason}`);
  await app.close();
  process.exit(1);
});
log.info('Dialog is listening', { url: `http://${address.address}:${address.port}`, dataDir: config.dataDir });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info('shutting down', { signal });
    app.close().then(
      () => process.exit(0),
      (err) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  });
}
