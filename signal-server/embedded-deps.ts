import { BcryptHasher } from './accounts/password-hasher.ts';
import { PouchSessionStore, PouchUserStore } from './accounts/pouch-stores.ts';
import type { AppDeps } from './app.ts';
import { PouchBlockStore } from './blocks/block-store.ts';
import { openEmbeddedDb, openRemoteDb } from './db/open-db.ts';
import type { Logger } from './log.ts';
import { MemoryPresenceStore } from './presence/presence-store.ts';
import { memoryRateLimiters } from './rate-limiters.ts';
import { MemoryGraceMarks } from './rooms/grace-marks.ts';
import { PouchPendingStore } from './rooms/pending-store.ts';
import { PouchRoomStore } from './rooms/room-store.ts';

export interface EmbeddedOptions {
  /** Folder of the embedded database (created if missing). */
  dataDir: string;
  /** A CouchDB server to keep the stores on instead (several processes share it). Default: none, embedded. */
  couchUrl?: string;
  /** bcrypt cost factor; ≥ 12 in production. */
  bcryptCost: number;
  /** Password worker threads. Default: one less than the cores (password-hasher.ts). */
  hasherThreads?: number;
  log: Logger;
}

/**
 * The embedded default, needing nothing else running: PouchDB (LevelDB) under `dataDir`, presence in memory,
 * bcrypt in worker threads. main.ts, the test server and `createsuperuser` all start from it, so the three cannot
 * drift apart. With `couchUrl` the same stores live on CouchDB; redis-deps.ts moves the shared state of several
 * processes into Redis on top of this.
 */
export function embeddedDeps(options: EmbeddedOptions): AppDeps {
  const db = options.couchUrl ? openRemoteDb(options.couchUrl) : openEmbeddedDb(options.dataDir);
  return {
    db,
    dbKind: options.couchUrl ? 'couchdb' : 'embedded',
    users: new PouchUserStore(db),
    sessions: new PouchSessionStore(db),
    rooms: new PouchRoomStore(db),
    blocks: new PouchBlockStore(db),
    pending: new PouchPendingStore(db),
    presence: new MemoryPresenceStore(),
    marks: new MemoryGraceMarks(),
    rateLimiter: memoryRateLimiters,
    hasher: new BcryptHasher({ cost: options.bcryptCost, threads: options.hasherThreads }),
    log: options.log,
  };
}
