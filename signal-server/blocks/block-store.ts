import { type BlockRecord, type BlockRelation, blockRecordSchema } from '../../shared/protocol.ts';
import type { Database } from '../db/open-db.ts';
import { getOrUndefined, isStatus } from '../db/pouch-helpers.ts';

/** Who has blocked whom. PouchDB on disk by default; a remote CouchDB can replace it without touching the routes. */
export interface BlockStore {
  /** `blocker` blocks `blocked` (again: no change). */
  block(blocker: string, blocked: string): Promise<void>;
  /** Lifts the block, if there was one. */
  unblock(blocker: string, blocked: string): Promise<void>;
  /** Whom `blocker` has blocked, sorted. */
  list(blocker: string): Promise<string[]>;
  /** How `actor` and `other` stand; a block either way refuses the pair (`blocks` wins when both blocked). */
  relation(actor: string, other: string): Promise<BlockRelation>;
}

type BlockDoc = BlockRecord & PouchDB.Core.IdMeta & { type: 'block' };
// Usernames hold no ':' (shared/api.ts), so the id splits one way only.
const docId = (blocker: string, blocked: string) => `block:${blocker}:${blocked}`;

/** BlockStore on PouchDB: one document per block, keyed by blocker then blocked (a blocker's list is one range). */
export class PouchBlockStore implements BlockStore {
  constructor(private readonly db: Database) {}

  async block(blocker: string, blocked: string): Promise<void> {
    const record = blockRecordSchema.parse({ blocker, blocked, at: new Date().toISOString() });
    try {
      await this.db.put({ _id: docId(blocker, blocked), type: 'block', ...record });
    } catch (err) {
      if (!isStatus(err, 409)) throw err; // already blocked
    }
  }

  async unblock(blocker: string, blocked: string): Promise<void> {
    const doc = await getOrUndefined<BlockDoc>(this.db, docId(blocker, blocked));
    if (!doc) return;
    try {
      await this.db.remove(doc);
    } catch (err) {
      if (!isStatus(err, 404)) throw err; // lifted meanwhile
    }
  }

  async list(blocker: string): Promise<string[]> {
    const prefix = docId(blocker, '');
    const result = await this.db.allDocs<BlockDoc>({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
    return result.rows.flatMap((row) => {
      const parsed = blockRecordSchema.safeParse(row.doc);
      return parsed.success ? [parsed.data.blocked] : [];
    });
  }

  async relation(actor: string, other: string): Promise<BlockRelation> {
    // Ids only: asked on every signal relayed into a conversation, so no document is read.
    const { rows } = await this.db.allDocs({ keys: [docId(actor, other), docId(other, actor)] });
    const exists = rows.map((row) => 'value' in row && !row.value.deleted);
    if (exists[0]) return 'blocks';
    return exists[1] ? 'blocked' : 'none';
  }
}
