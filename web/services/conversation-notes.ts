import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type ConversationNote, conversationNoteSchema } from '../../shared/protocol.ts';

/**
 * Where the Conversations list keeps each private conversation's last message and unread count: this browser
 * only, shared by all its tabs, kept apart per person (people may share a browser).
 */
export interface ConversationNotes {
  /** Every note of `username`'s; a damaged record is skipped, not shown. */
  list(username: string): Promise<ConversationNote[]>;
  /** Writes one note over the last one of its person and room. */
  put(note: ConversationNote): Promise<void>;
  /** Forgets every note of `username`'s (logging out with "forget on this device"). */
  forget(username: string): Promise<void>;
}

interface NotesDb extends DBSchema {
  notes: { key: [string, string]; value: ConversationNote };
}

const NOTES = 'notes';

/** ConversationNotes on IndexedDB (via idb), in a database of its own so it never waits on another's upgrade. */
export class IdbConversationNotes implements ConversationNotes {
  readonly #name: string;
  #db: Promise<IDBPDatabase<NotesDb>> | undefined;

  /** `name`: the IndexedDB database. Default `dialog-conversations`. */
  constructor(name = 'dialog-conversations') {
    this.#name = name;
  }

  async list(username: string): Promise<ConversationNote[]> {
    const records: unknown[] = await (await this.#open()).getAll(NOTES, IDBKeyRange.bound([username], [username, []]));
    return records.flatMap((record) => {
      const parsed = conversationNoteSchema.safeParse(record);
      return parsed.success && parsed.data.username === username ? [parsed.data] : [];
    });
  }

  async put(note: ConversationNote): Promise<void> {
    await (await this.#open()).put(NOTES, note);
  }

  async forget(username: string): Promise<void> {
    await (await this.#open()).delete(NOTES, IDBKeyRange.bound([username], [username, []]));
  }

  #open(): Promise<IDBPDatabase<NotesDb>> {
    this.#db ??= openDB<NotesDb>(this.#name, 1, {
      upgrade(db) {
        db.createObjectStore(NOTES, { keyPath: ['username', 'roomId'] });
      },
    });
    return this.#db;
  }
}
