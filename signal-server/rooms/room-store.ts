import type { RoomKind } from '../../shared/protocol.ts';
import type { Database } from '../db/open-db.ts';
import { getOrUndefined, isStatus, withRetry } from '../db/pouch-helpers.ts';

/** A room as stored. Membership is live state and lives in the PresenceStore, not here. */
export interface RoomRecord {
  id: string;
  name: string;
  topic: string;
  /** Username of the creator. */
  owner: string;
  createdAt: string;
  /** Absent on records stored before conversations existed: 'room'. */
  kind?: RoomKind;
  /** A direct conversation's two usernames, sorted; absent for rooms. */
  people?: string[];
  /** Newcomers are shown the room's last messages by a member's browser; absent: yes. */
  shareHistory?: boolean;
}

/** What an owner may change about a room. */
export type RoomChanges = Partial<Pick<RoomRecord, 'name' | 'topic' | 'shareHistory'>>;

/** Rooms. PouchDB on disk by default; a remote CouchDB can replace it without touching the routes. */
export interface RoomStore {
  create(room: RoomRecord): Promise<void>;
  get(id: string): Promise<RoomRecord | undefined>;
  update(id: string, changes: RoomChanges): Promise<RoomRecord | undefined>;
  /** Removes a room; true if it existed. */
  delete(id: string): Promise<boolean>;
  list(): Promise<RoomRecord[]>;
}

type RoomDoc = RoomRecord & PouchDB.Core.IdMeta & PouchDB.Core.RevisionIdMeta & { type: 'room' };
const docId = (id: string) => `room:${id}`;

function toRoom(doc: RoomDoc): RoomRecord {
  const { _id, _rev, type, ...room } = doc;
  return room;
}

/** RoomStore on PouchDB: one document per room. */
export class PouchRoomStore implements RoomStore {
  constructor(private readonly db: Database) {}

  async create(room: RoomRecord): Promise<void> {
    await this.db.put({ _id: docId(room.id), type: 'room', ...room });
  }

  async get(id: string): Promise<RoomRecord | undefined> {
    const doc = await this.#doc(id);
    return doc && toRoom(doc);
  }

  update(id: string, changes: RoomChanges): Promise<RoomRecord | undefined> {
    return withRetry(async () => {
      const doc = await this.#doc(id);
      if (!doc) return undefined;
      const next = { ...doc, ...changes };
      await this.db.put(next);
      return toRoom(next);
    });
  }

  delete(id: string): Promise<boolean> {
    return withRetry(async () => {
      const doc = await this.#doc(id);
      if (!doc) return false;
      try {
        await this.db.remove(doc);
      } catch (err) {
        if (isStatus(err, 404)) return false;
        throw err;
      }
      return true;
    });
  }

  async list(): Promise<RoomRecord[]> {
    const result = await this.db.allDocs<RoomDoc>({ startkey: 'room:', endkey: 'room:\uffff', include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [toRoom(row.doc)] : []));
  }

  #doc(id: string): Promise<RoomDoc | undefined> {
    return getOrUndefined<RoomDoc>(this.db, docId(id));
  }
}
