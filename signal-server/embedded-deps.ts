import { BcryptHasher } from './accounts/password-hasher.ts';
import { PouchSessionStore, PouchUserStore } from './accounts/pouch-stores.ts';
import type { AppDeps } from './app.ts';
import { PouchBlockStore } from './blocks/block-store.ts';
import { openEmbeddedDb } from './db/open-db.ts';
import type { Logger } from './log.ts';
import { MemoryPresenceStore } from './presence/presence-store.ts';
import { PouchPendingStore } from './rooms/pending-store.ts';
import { PouchRoomStore } from './rooms/room-store.ts';

export interface EmbeddedOptions {
  /** Folder of the embedded database (created if missing). */
  dataDir: string;
  /** bcrypt cost factor; ≥ 12 in production. */
  bcryptCost: number;
  /** Password worker threads. Default: one less than the cores (password-hasher.ts). */
  hasherThreads?: number;
  log: Logger;
}

/**
 * The embedded default, needing nothing else running: PouchDB (LevelDB) under `dataDir`, presence in memory,
 * bcrypt in worker threads. main.ts, the test server and `createsuperuser` all start from it, so the three cannot
 * drift apart; a scale-out wiring (CouchDB, Redis) would be a sibling of this function.
 */
export function embeddedDeps(options: EmbeddedOptions): AppDeps {
  const db = openEmbeddedDb(options.dataDir);
  return {
    db,
    users: new PouchUserStore(db),
    sessions: new PouchSessionStore(db),
    rooms: new PouchRoomStore(db),
    blocks: new PouchBlockStore(db),
    pending: new PouchPendingStore(db),
    presence: new MemoryPresenceStore(),
    hasher: new BcryptHasher({ cost: options.bcryptCost, threads: options.hasherThreads }),
    log: options.log,
  };
}
