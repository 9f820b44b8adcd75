import type { Database } from '../db/open-db.ts';
import { getOrUndefined, isStatus, withRetry } from '../db/pouch-helpers.ts';
import type { SessionRecord, SessionStore } from './session-store.ts';
import type { ProfileChanges, UserRecord, UserStore } from './user-store.ts';

const userId = (username: string) => `user:${username.toLowerCase()}`;
const sessionId = (id: string) => `session:${id}`;

type UserDoc = UserRecord & PouchDB.Core.IdMeta & PouchDB.Core.RevisionIdMeta & { type: 'user' };
type SessionDoc = SessionRecord & PouchDB.Core.IdMeta & PouchDB.Core.RevisionIdMeta & { type: 'session' };

function toUser(doc: UserDoc): UserRecord {
  const { _id, _rev, _attachments, type, ...user } = doc as UserDoc & { _attachments?: unknown };
  return user;
}

function toSession(doc: SessionDoc): SessionRecord {
  const { _id, _rev, type, ...session } = doc;
  return session;
}

/** UserStore on PouchDB: one document per user, the avatar as its attachment (one write changes both). */
export class PouchUserStore implements UserStore {
  constructor(private readonly db: Database) {}

  async create(user: UserRecord): Promise<UserRecord | 'taken'> {
    try {
      await this.db.put({ _id: userId(user.username), type: 'user', ...user });
      return user;
    } catch (err) {
      if (isStatus(err, 409)) return 'taken';
      throw err;
    }
  }

  async get(username: string): Promise<UserRecord | undefined> {
    const doc = await this.#doc(username);
    return doc && toUser(doc);
  }

  update(username: string, changes: ProfileChanges): Promise<UserRecord | undefined> {
    return withRetry(async () => {
      const doc = await this.#doc(username);
      if (!doc) return undefined;
      const next = { ...doc, ...changes };
      await this.db.put(next);
      return toUser(next);
    });
  }

  async list(): Promise<UserRecord[]> {
    const result = await this.db.allDocs<UserDoc>({ startkey: 'user:', endkey: 'user:\uffff', include_docs: true });
    return result.rows.flatMap((row) => (row.doc ? [toUser(row.doc)] : []));
  }

  setAvatar(username: string, avatar: { webp: Buffer; tag: string } | null): Promise<UserRecord | undefined> {
    return withRetry(async () => {
      const doc = (await this.#doc(username)) as (UserDoc & { _attachments?: Record<string, unknown> }) | undefined;
      if (!doc) return undefined;
      const { avatar: _old, ...others } = doc._attachments ?? {};
      const next = {
        ...doc,
        avatarTag: avatar?.tag ?? null,
        _attachments: avatar ? { ...others, avatar: { content_type: 'image/webp', data: avatar.webp } } : others,
      };
      await this.db.put(next as PouchDB.Core.PutDocument<UserDoc>);
      return toUser(next);
    });
  }

  async getAvatar(username: string): Promise<{ webp: Buffer; tag: string } | undefined> {
    const doc = await this.#doc(username);
    if (!doc?.avatarTag) return undefined;
    try {
      const data = (await this.db.getAttachment(userId(username), 'avatar')) as Buffer;
      return { webp: data, tag: doc.avatarTag };
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  #doc(username: string): Promise<UserDoc | undefined> {
    return getOrUndefined<UserDoc>(this.db, userId(username));
  }
}

/** SessionStore on PouchDB: one document per session, found by user through a pouchdb-find index. */
export class PouchSessionStore implements SessionStore {
  #indexed: Promise<unknown> | undefined;

  constructor(private readonly db: Database) {}

  async create(session: SessionRecord): Promise<void> {
    await this.db.put({ _id: sessionId(session.id), type: 'session', ...session });
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const doc = await this.#doc(id);
    return doc && toSession(doc);
  }

  async touch(id: string, at: number): Promise<void> {
    await withRetry(async () => {
      const doc = await this.#doc(id);
      if (doc) await this.db.put({ ...doc, lastSeenAt: at });
    });
  }

  async revoke(id: string): Promise<void> {
    await withRetry(async () => {
      const doc = await this.#doc(id);
      if (doc) await this.db.remove(doc);
    });
  }

  async revokeAllFor(username: string, keepId?: string): Promise<string[]> {
    return this.#remove((await this.#docsFor(username)).filter((doc) => doc.id !== keepId));
  }

  async listFor(username: string): Promise<SessionRecord[]> {
    return (await this.#docsFor(username)).map(toSession);
  }

  async revokeWhere(doomed: (session: SessionRecord) => boolean): Promise<string[]> {
    const all = await this.db.allDocs<SessionDoc>({
      startkey: 'session:',
      endkey: 'session:\uffff',
      include_docs: true,
    });
    return this.#remove(all.rows.flatMap((row) => (row.doc && doomed(toSession(row.doc)) ? [row.doc] : [])));
  }

  async #docsFor(username: string): Promise<SessionDoc[]> {
    this.#indexed ??= this.db.createIndex({ index: { fields: ['type', 'username'] } });
    await this.#indexed;
    return (await this.db.find({ selector: { type: 'session', username } })).docs as SessionDoc[];
  }

  /** Deletes in one bulk write; one touched meanwhile (a conflict) is deleted again at its new revision. */
  async #remove(docs: SessionDoc[]): Promise<string[]> {
    if (docs.length === 0) return [];
    const results = await this.db.bulkDocs(docs.map((doc) => ({ ...doc, _deleted: true })));
    const conflicted = docs.filter((_, i) => isStatus(results[i], 409));
    for (const doc of conflicted) await this.revoke(doc.id);
    return docs.map((doc) => doc.id);
  }

  #doc(id: string): Promise<SessionDoc | undefined> {
    return getOrUndefined<SessionDoc>(this.db, sessionId(id));
  }
}
