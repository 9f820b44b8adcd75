import { type PendingRecord, pendingRecordSchema } from '../../shared/protocol.ts';
import type { Database } from '../db/open-db.ts';
import { getOrUndefined, isStatus } from '../db/pouch-helpers.ts';

/**
 * Who has messages waiting for whom in a direct conversation: a flag per sender and recipient, never what or how
 * many (those stay in the sender's browser). PouchDB on disk by default, so a flag outlives a server restart.
 */
export interface PendingStore {
  /** `from` has messages waiting for `to` in `roomId` (again: the newest room wins). */
  set(record: PendingRecord): Promise<void>;
  /** Nothing waits any longer from `from` to `to`. */
  clear(from: string, to: string): Promise<void>;
  /** Every flag waiting for `to`. */
  toward(to: string): Promise<PendingRecord[]>;
}

type PendingDoc = PendingRecord & PouchDB.Core.IdMeta & { type: 'pending' };
// Usernames hold no ':' (shared/api.ts): keyed by recipient first, so `toward` is one range read.
const docId = (to: string, from: string) => `pending:${to}:${from}`;

/** PendingStore on PouchDB: one document per recipient and sender. */
export class PouchPendingStore implements PendingStore {
  constructor(private readonly db: Database) {}

  async set(record: PendingRecord): Promise<void> {
    const valid = pendingRecordSchema.parse(record);
    const _id = docId(valid.to, valid.from);
    const existing = await getOrUndefined<PendingDoc>(this.db, _id);
    if (existing?.roomId === valid.roomId) return;
    try {
      await this.db.put({ _id, _rev: existing?._rev, type: 'pending', ...valid });
    } catch (err) {
      if (!isStatus(err, 409)) throw err; // set by another tab at the same moment: flagged either way
    }
  }

  async clear(from: string, to: string): Promise<void> {
    const doc = await getOrUndefined<PendingDoc>(this.db, docId(to, from));
    if (!doc) return;
    try {
      await this.db.remove(doc);
    } catch (err) {
      if (!isStatus(err, 404) && !isStatus(err, 409)) throw err; // cleared, or set again, meanwhile
    }
  }

  async toward(to: string): Promise<PendingRecord[]> {
    const prefix = docId(to, '');
    const result = await this.db.allDocs<PendingDoc>({
      startkey: prefix,
      endkey: `${prefix}\uffff`,
      include_docs: true,
    });
    return result.rows.flatMap((row) => {
      const parsed = pendingRecordSchema.safeParse(row.doc);
      return parsed.success ? [parsed.data] : [];
    });
  }
}
