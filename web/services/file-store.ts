import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { type KeptFile, keptFileSchema } from '../../shared/protocol.ts';

/**
 * Where the files of a person's rooms survive a reload: each file's card, and a received file's bytes while the
 * device's budget allows. Only this browser has them; the server never sees a byte.
 */
export interface FileStore {
  /** `owner`'s files in `roomId`, oldest first. */
  load(owner: string, roomId: string): Promise<KeptFile[]>;
  /** Keeps a file (its bytes too, when given and within budget), then lets the oldest bytes go while over budget. */
  keep(file: KeptFile): Promise<void>;
  /** Lets go of the bytes of every file `owner` received in this browser; their cards stay. */
  forgetBytes(owner: string): Promise<void>;
  /** Forgets `owner`'s files in `roomId` (they left the room: its conversation goes too). */
  forgetRoom(owner: string, roomId: string): Promise<void>;
  /** Forgets everything of `owner`'s (logging out with "forget on this device"). */
  forgetPerson(owner: string): Promise<void>;
}

export interface IdbFileStoreOptions {
  /** The IndexedDB database. Default `dialog-files`. */
  name?: string;
  /** Bytes of received files this browser keeps, everyone's together; the oldest go first. Default 200 MB. */
  budgetBytes?: number;
}

interface FileDb extends DBSchema {
  files: { key: [string, string, string]; value: KeptFile; indexes: { room: [string, string, number]; at: number } };
}

const FILES = 'files';

/** FileStore on IndexedDB, in its own database (the history's per-tab sweep never touches it). */
export class IdbFileStore implements FileStore {
  readonly #name: string;
  readonly #budget: number;
  #db: Promise<IDBPDatabase<FileDb>> | undefined;

  constructor(options: IdbFileStoreOptions = {}) {
    this.#name = options.name ?? 'dialog-files';
    this.#budget = options.budgetBytes ?? 200e6;
  }

  async load(owner: string, roomId: string): Promise<KeptFile[]> {
    const range = IDBKeyRange.bound([owner, roomId], [owner, roomId, []]);
    const records = await (await this.#open()).getAllFromIndex(FILES, 'room', range);
    // A damaged record is dropped, not shown.
    return records.flatMap((record) => {
      const parsed = keptFileSchema.safeParse(record);
      return parsed.success && parsed.data.owner === owner && parsed.data.roomId === roomId ? [parsed.data] : [];
    });
  }

  async keep(file: KeptFile): Promise<void> {
    const record = keptFileSchema.parse(file);
    if (record.blob && record.blob.size > this.#budget) delete record.blob;
    const tx = (await this.#open()).transaction(FILES, 'readwrite');
    await tx.store.put(record);
    // Newest first: what is kept within the budget; the rest lose their bytes, not their cards.
    let kept = 0;
    let cursor = await tx.store.index('at').openCursor(null, 'prev');
    for (; cursor; cursor = await cursor.continue()) {
      const { blob, ...card } = cursor.value;
      if (!blob) continue;
      kept += blob.size;
      if (kept > this.#budget) await cursor.update(card);
    }
    await tx.done;
  }

  async forgetBytes(owner: string): Promise<void> {
    const tx = (await this.#open()).transaction(FILES, 'readwrite');
    let cursor = await tx.store.openCursor(mine(owner));
    for (; cursor; cursor = await cursor.continue()) {
      const { blob, ...card } = cursor.value;
      if (blob) await cursor.update(card);
    }
    await tx.done;
  }

  async forgetRoom(owner: string, roomId: string): Promise<void> {
    await (await this.#open()).delete(FILES, IDBKeyRange.bound([owner, roomId], [owner, roomId, []]));
  }

  async forgetPerson(owner: string): Promise<void> {
    await (await this.#open()).delete(FILES, mine(owner));
  }

  #open(): Promise<IDBPDatabase<FileDb>> {
    this.#db ??= openDB<FileDb>(this.#name, 1, {
      upgrade(db) {
        const files = db.createObjectStore(FILES, { keyPath: ['owner', 'roomId', 'id'] });
        files.createIndex('room', ['owner', 'roomId', 'at']);
        files.createIndex('at', 'at');
      },
    });
    return this.#db;
  }
}

/** Every key of `owner`'s. */
function mine(owner: string): IDBKeyRange {
  return IDBKeyRange.bound([owner], [owner, []]);
}
