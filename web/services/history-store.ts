import { type IDBPDatabase, openDB } from 'idb';
import { type ConversationEntry, HISTORY_LIMIT, storedConversationSchema } from '../../shared/protocol.ts';

/** Where a person's view of a room's conversation survives a reload. Never the server: only this browser. */
export interface HistoryStore {
  load(key: string): Promise<ConversationEntry[]>;
  save(key: string, roomId: string, entries: readonly ConversationEntry[]): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The key for one person in one room (people may share a browser). */
export const historyKey = (username: string, roomId: string): string => `${username}/${roomId}`;

const STORE = 'conversations';

/** HistoryStore on IndexedDB (via idb); every read is validated, and a damaged record is dropped, not shown. */
export class IdbHistoryStore implements HistoryStore {
  #db: Promise<IDBPDatabase> | undefined;

  constructor(private readonly name = 'dialog') {}

  async load(key: string): Promise<ConversationEntry[]> {
    const db = await this.#open();
    const parsed = storedConversationSchema.safeParse(await db.get(STORE, key));
    if (parsed.success) return parsed.data.entries;
    await db.delete(STORE, key);
    return [];
  }

  async save(key: string, roomId: string, entries: readonly ConversationEntry[]): Promise<void> {
    const db = await this.#open();
    await db.put(STORE, { version: 1, roomId, savedAt: Date.now(), entries: entries.slice(-HISTORY_LIMIT) }, key);
  }

  async clear(key: string): Promise<void> {
    await (await this.#open()).delete(STORE, key);
  }

  #open(): Promise<IDBPDatabase> {
    this.#db ??= openDB(this.name, 1, {
      upgrade(db) {
        db.createObjectStore(STORE);
      },
    });
    return this.#db;
  }
}
