/** A login. Stored under the SHA-256 of its token; the token itself lives only in the person's cookie. */
export interface SessionRecord {
  id: string;
  username: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end, ms since epoch. */
  expiresAt: number;
}

/** Sessions. PouchDB on disk by default. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Records activity (for idle expiry). */
  touch(id: string, at: number): Promise<void>;
  revoke(id: string): Promise<void>;
  /** Revokes every session of a user except `keepId`; returns the revoked ids. */
  revokeAllFor(username: string, keepId?: string): Promise<string[]>;
  /** Every session of a user. */
  listFor(username: string): Promise<SessionRecord[]>;
  /** Revokes the sessions for which `doomed` is true, across all users; returns their ids. */
  revokeWhere(doomed: (session: SessionRecord) => boolean): Promise<string[]>;
}
