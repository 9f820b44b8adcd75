import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import {
  type ConversationEntry,
  HISTORY_LIMIT,
  type StoredEntry,
  storedConversationSchema,
  storedEntrySchema,
} from '../../shared/protocol.ts';

/**
 * Where a person's view of a room's conversation survives a reload. Never the server: only this browser.
 * Each tab keeps its own copy, so one tab leaving a room does not wipe what another tab of the same person shows.
 */
export interface HistoryStore {
  load(key: string): Promise<ConversationEntry[]>;
  /** Adds lines, or replaces them by id (a receipt arrived); resolves once they are on disk. */
  put(key: string, entries: readonly ConversationEntry[]): Promise<void>;
  /** Adds lines before every line kept under `key` (the earlier messages a newcomer was shown). */
  prepend(key: string, entries: readonly ConversationEntry[]): Promise<void>;
  clear(key: string): Promise<void>;
  /** Forgets every conversation `username` has in this browser, in every tab (logging out with "forget on this device"). */
  forgetPerson(username: string): Promise<void>;
}

/** The key for one person in one room (people may share a browser). */
export const historyKey = (username: string, roomId: string): string => `${username}/${roomId}`;

export interface IdbHistoryStoreOptions {
  /** The IndexedDB database. Default `dialog`. */
  name?: string;
  /** This tab's id (it survives reloads: see `tabId()`); every key is kept apart per tab. Default `tab`. */
  tabId?: string;
  /** A tab's conversations untouched this long are swept when a store opens. Default 7 days. */
  keepMs?: number;
  now?: () => number;
}

interface HistoryDb extends DBSchema {
  entries: { key: [string, string]; value: StoredEntry; indexes: { order: [string, number] } };
  /** When each key was last written or read, to sweep the conversations of tabs closed long ago. */
  keys: { key: string; value: { key: string; touchedAt: number } };
}

type Pending = { key: string; entries: readonly ConversationEntry[]; done: (err?: unknown) => void };

const ENTRIES = 'entries';
const KEYS = 'keys';
const ALL: [typeof ENTRIES, typeof KEYS] = [ENTRIES, KEYS];

/**
 * HistoryStore on IndexedDB (via idb), one record per line so a new line is one small write, not the whole
 * conversation again. Writes share transactions: those made in one go, and those made while a transaction is
 * under way, go together in the next one (one transaction in flight at a time), so a burst of lines costs a few
 * transactions rather than one each, and a new line waits for at most one transaction ahead of its own. Every read
 * is validated; a damaged record is dropped, not shown.
 */
export class IdbHistoryStore implements HistoryStore {
  readonly #name: string;
  readonly #tab: string;
  readonly #keepMs: number;
  readonly #now: () => number;
  #db: Promise<IDBPDatabase<HistoryDb>> | undefined;
  #pending: Pending[] = [];
  /** A flush is scheduled or its transaction is under way: later writes wait and go together in the next one. */
  #flushing = false;
  /** The last order handed out: lines written later sort later, whatever the clock does. */
  #lastOrder = 0;
  /**
   * Each kept line's order, by key and id, for the lines this store read or wrote: a line written again (a receipt
   * came) keeps its place without reading it back first (keys are per tab, so no other tab writes them).
   */
  readonly #orders = new Map<string, Map<string, number>>();

  constructor(options: IdbHistoryStoreOptions = {}) {
    this.#name = options.name ?? 'dialog';
    this.#tab = options.tabId ?? 'tab';
    this.#keepMs = options.keepMs ?? 7 * 24 * 3600_000;
    this.#now = options.now ?? Date.now;
  }

  async load(key: string): Promise<ConversationEntry[]> {
    const k = this.#key(key);
    const tx = (await this.#open()).transaction(ALL, 'readwrite');
    const records = await tx.objectStore(ENTRIES).index('order').getAll(range(k));
    const kept: StoredEntry[] = [];
    for (const record of records) {
      const parsed = storedEntrySchema.safeParse(record);
      if (parsed.success && parsed.data.key === k) kept.push(parsed.data);
      else void tx.objectStore(ENTRIES).delete([(record as StoredEntry).key, (record as StoredEntry).id]);
    }
    for (const old of kept.splice(0, Math.max(0, kept.length - HISTORY_LIMIT)))
      void tx.objectStore(ENTRIES).delete([old.key, old.id]);
    const orders = this.#ordersOf(k);
    for (const record of kept) {
      this.#lastOrder = Math.max(this.#lastOrder, record.order);
      orders.set(record.id, record.order);
    }
    void tx.objectStore(KEYS).put({ key: k, touchedAt: this.#now() });
    await tx.done;
    return kept.map((r) => r.entry);
  }

  put(key: string, entries: readonly ConversationEntry[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#pending.push({ key: this.#key(key), entries, done: (err) => (err ? reject(err) : resolve()) });
      if (this.#flushing) return;
      this.#flushing = true;
      queueMicrotask(() => void this.#flush());
    });
  }

  async prepend(key: string, entries: readonly ConversationEntry[]): Promise<void> {
    const k = this.#key(key);
    const tx = (await this.#open()).transaction(ALL, 'readwrite');
    const first = await tx.objectStore(ENTRIES).index('order').openCursor(range(k));
    const before = first?.value.order ?? this.#nextOrder();
    const orders = this.#ordersOf(k);
    entries.forEach((entry, i) => {
      const order = before - entries.length + i;
      orders.set(entry.id, order);
      void tx.objectStore(ENTRIES).put({ key: k, id: entry.id, order, entry });
    });
    void tx.objectStore(KEYS).put({ key: k, touchedAt: this.#now() });
    await tx.done;
  }

  async clear(key: string): Promise<void> {
    const k = this.#key(key);
    // Writes not yet started would bring lines back after the clear; those already started finish first.
    for (const p of this.#pending.filter((p) => p.key === k)) p.done();
    this.#pending = this.#pending.filter((p) => p.key !== k);
    this.#orders.delete(k);
    const tx = (await this.#open()).transaction(ALL, 'readwrite');
    void tx.objectStore(ENTRIES).delete(range(k));
    void tx.objectStore(KEYS).delete(k);
    await tx.done;
  }

  async forgetPerson(username: string): Promise<void> {
    // Keys are `tab/username/room`; usernames and tab ids hold no "/".
    const theirs = (key: string) => key.split('/')[1] === username;
    for (const p of this.#pending.filter((p) => theirs(p.key))) p.done();
    this.#pending = this.#pending.filter((p) => !theirs(p.key));
    for (const key of this.#orders.keys()) if (theirs(key)) this.#orders.delete(key);
    const tx = (await this.#open()).transaction(ALL, 'readwrite');
    for (const key of await tx.objectStore(KEYS).getAllKeys()) {
      if (!theirs(key)) continue;
      void tx.objectStore(ENTRIES).delete(range(key));
      void tx.objectStore(KEYS).delete(key);
    }
    await tx.done;
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0);
    try {
      const tx = (await this.#open()).transaction(ALL, 'readwrite');
      const store = tx.objectStore(ENTRIES);
      for (const { key, entries } of batch) {
        const orders = this.#ordersOf(key);
        for (const entry of entries) {
          const order = orders.get(entry.id) ?? this.#nextOrder();
          orders.set(entry.id, order);
          void store.put({ key, id: entry.id, order, entry });
        }
      }
      const now = this.#now();
      for (const key of new Set(batch.map((p) => p.key))) void tx.objectStore(KEYS).put({ key, touchedAt: now });
      await tx.done;
      for (const p of batch) p.done();
    } catch (err) {
      for (const p of batch) p.done(err);
    }
    if (this.#pending.length) void this.#flush();
    else this.#flushing = false;
  }

  #nextOrder(): number {
    this.#lastOrder = Math.max(this.#lastOrder + 1, this.#now());
    return this.#lastOrder;
  }

  #ordersOf(key: string): Map<string, number> {
    const orders = this.#orders.get(key) ?? new Map<string, number>();
    this.#orders.set(key, orders);
    return orders;
  }

  #key(key: string): string {
    return `${this.#tab}/${key}`;
  }

  #open(): Promise<IDBPDatabase<HistoryDb>> {
    const tab = this.#tab;
    this.#db ??= openDB<HistoryDb>(this.#name, 2, {
      upgrade(db, oldVersion, _newVersion, tx) {
        const entries = db.createObjectStore(ENTRIES, { keyPath: ['key', 'id'] });
        entries.createIndex('order', ['key', 'order']);
        db.createObjectStore(KEYS, { keyPath: 'key' });
        if (oldVersion === 1) void migrateFromOneRecordPerRoom(tx as unknown as UpgradeTx, tab);
      },
    }).then(async (db) => {
      await this.#sweep(db);
      return db;
    });
    return this.#db;
  }

  /** Forgets the conversations of tabs not seen for `keepMs` (closed without leaving their rooms). */
  async #sweep(db: IDBPDatabase<HistoryDb>): Promise<void> {
    const tx = db.transaction(ALL, 'readwrite');
    const cutoff = this.#now() - this.#keepMs;
    for (const { key, touchedAt } of await tx.objectStore(KEYS).getAll()) {
      if (touchedAt >= cutoff) continue;
      void tx.objectStore(ENTRIES).delete(range(key));
      void tx.objectStore(KEYS).delete(key);
    }
    await tx.done;
  }
}

/** Every line of one key, in the order index or the primary key alike. */
function range(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

type UpgradeTx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** Version 1 kept one record per person and room; the tab that upgrades inherits them, line by line. */
async function migrateFromOneRecordPerRoom(tx: UpgradeTx, tab: string): Promise<void> {
  const old = tx.objectStore('conversations');
  const keys = await old.getAllKeys();
  const records = await old.getAll();
  let order = 0;
  records.forEach((record, i) => {
    const parsed = storedConversationSchema.safeParse(record);
    if (!parsed.success) return;
    const key = `${tab}/${keys[i]}`;
    for (const entry of parsed.data.entries)
      void tx.objectStore(ENTRIES).put({ key, id: entry.id, order: ++order, entry });
    void tx.objectStore(KEYS).put({ key, touchedAt: parsed.data.savedAt });
  });
  tx.db.deleteObjectStore('conversations');
}
