import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type OutboxEntry, outboxEntrySchema, type RoomId } from '../../shared/protocol.ts';

/**
 * Messages written in a direct conversation that the other person's browser has not confirmed yet. Kept per person,
 * not per tab, and never swept: they survive reloads and browser restarts until delivered or discarded on purpose.
 */
export interface OutboxStore {
  /** Keeps a message; resolves once it is on disk. */
  add(entry: OutboxEntry): Promise<void>;
  /** The conversation's waiting messages, in the order they were written. */
  list(owner: string, roomId: RoomId): Promise<OutboxEntry[]>;
  /** The conversations in which `owner` has messages waiting. */
  rooms(owner: string): Promise<RoomId[]>;
  /** Forgets one message (delivered). */
  remove(owner: string, roomId: RoomId, id: string): Promise<void>;
  /** Forgets every waiting message of a conversation (discarded on leaving or deleting it). */
  clear(owner: string, roomId: RoomId): Promise<void>;
  /** Forgets every waiting message of `owner`'s (logging out with "forget on this device"). */
  forget(owner: string): Promise<void>;
}

interface OutboxDb extends DBSchema {
  entries: { key: [string, string, string]; value: OutboxEntry; indexes: { order: [string, string, number] } };
}

const ENTRIES = 'entries';

/** OutboxStore on IndexedDB (its own database, so the history's per-tab sweep never touches it). */
export class IdbOutboxStore implements OutboxStore {
  readonly #name: string;
  #db: Promise<IDBPDatabase<OutboxDb>> | undefined;

  /** `name`: the IndexedDB database. Default `dialog-outbox`. */
  constructor(options: { name?: string } = {}) {
    this.#name = options.name ?? 'dialog-outbox';
  }

  async add(entry: OutboxEntry): Promise<void> {
    await (await this.#open()).put(ENTRIES, outboxEntrySchema.parse(entry));
  }

  async list(owner: string, roomId: RoomId): Promise<OutboxEntry[]> {
    const range = IDBKeyRange.bound([owner, roomId], [owner, roomId, []]);
    const records = await (await this.#open()).getAllFromIndex(ENTRIES, 'order', range);
    // A damaged record is dropped, not sent.
    return records.flatMap((record) => {
      const parsed = outboxEntrySchema.safeParse(record);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async rooms(owner: string): Promise<RoomId[]> {
    const keys = await (await this.#open()).getAllKeys(ENTRIES, IDBKeyRange.bound([owner], [owner, []]));
    return [...new Set(keys.map(([, roomId]) => roomId))];
  }

  async remove(owner: string, roomId: RoomId, id: string): Promise<void> {
    await (await this.#open()).delete(ENTRIES, [owner, roomId, id]);
  }

  async clear(owner: string, roomId: RoomId): Promise<void> {
    await (await this.#open()).delete(ENTRIES, IDBKeyRange.bound([owner, roomId], [owner, roomId, []]));
  }

  async forget(owner: string): Promise<void> {
    await (await this.#open()).delete(ENTRIES, IDBKeyRange.bound([owner], [owner, []]));
  }

  #open(): Promise<IDBPDatabase<OutboxDb>> {
    this.#db ??= openDB<OutboxDb>(this.#name, 1, {
      upgrade(db) {
        const entries = db.createObjectStore(ENTRIES, { keyPath: ['owner', 'roomId', 'id'] });
        entries.createIndex('order', ['owner', 'roomId', 'order']);
      },
    });
    return this.#db;
  }
}
