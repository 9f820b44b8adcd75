import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { embeddedDeps } from './embedded-deps.ts';
import { createLogger } from './log.ts';
import { keepServingOnRejection } from './process-guard.ts';

/** The built web app: dist/web next to dist/server when bundled, or ../dist/web from the sources. */
function webRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'server')) ? join(here, '..', 'web') : join(here, '..', 'dist', 'web');
}

const config = (() => {
  try {
    return readConfig(process.env);
  } catch (err) {
    createLogger().error(`Dialog could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
})();
const log = createLogger({ level: config.logLevel });
keepServingOnRejection(process, log);
const stores = embeddedDeps({ dataDir: config.dataDir, couchUrl: config.couchUrl, bcryptCost: config.bcryptCost, log });
// Loaded only when used: Redis's client and adapter would take heap in every embedded server.
const deps = config.redisUrl ? (await import('./redis-deps.ts')).withRedis(stores, config.redisUrl, log) : stores;
const app = createApp(deps, {
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
  metricsToken: config.metricsToken,
});
const address = await app.listen(config.port, config.host).catch(async (err: NodeJS.ErrnoException) => {
  const reason = err.code === 'EADDRINUSE' ? `port ${config.port} is in use (set PORT to another)` : String(err);
  log.error(`Dialog could not start: ${reason}`);
  await app.close();
  process.exit(1);
});
log.info('Dialog is listening', {
  url: `http://${address.address}:${address.port}`,
  ...(config.couchUrl ? { store: 'couchdb' } : { dataDir: config.dataDir }),
  ...(config.redisUrl && { shared: 'redis' }),
});

/** A shutdown that has not finished by then (a store that does not answer) ends anyway: orchestrators wait ~10 s. */
const SHUTDOWN_DEADLINE_MS = 9_000;

// Stops accepting, closes every socket's transport (no disconnect packet: pages reconnect, to this process once it
// is back or to another one), lets in-flight writes finish, closes the stores, and exits.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info('shutting down', { signal });
    setTimeout(() => {
      log.error('shutdown took too long; exiting anyway', { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  });
}
