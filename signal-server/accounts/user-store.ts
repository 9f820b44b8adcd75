/** A person's account as stored. `username` is lowercase and never changes. */
export interface UserRecord {
  username: string;
  displayName: string;
  email: string | null;
  about: string;
  passwordHash: string;
  isAdmin: boolean;
  disabled: boolean;
  createdAt: string;
  /** Short content hash of the current avatar, or null for none. */
  avatarTag: string | null;
  /** "Hide my network address from others": connect through the TURN relay only. Absent in older records: false. */
  relayOnly?: boolean;
}

export type ProfileChanges = Partial<
  Pick<UserRecord, 'displayName' | 'email' | 'about' | 'passwordHash' | 'disabled' | 'isAdmin' | 'relayOnly'>
>;

/** Accounts. PouchDB on disk by default; a remote CouchDB can replace it without touching the routes. */
export interface UserStore {
  /** Creates an account atomically; 'taken' if the username exists (case-insensitively). */
  create(user: UserRecord): Promise<UserRecord | 'taken'>;
  get(username: string): Promise<UserRecord | undefined>;
  /** Applies changes in one write; undefined if there is no such user. */
  update(username: string, changes: ProfileChanges): Promise<UserRecord | undefined>;
  /** Every account, by username. */
  list(): Promise<UserRecord[]>;
  /** Replaces (or with null removes) the avatar in the same write as the record's avatarTag. */
  setAvatar(username: string, avatar: { webp: Buffer; tag: string } | null): Promise<UserRecord | undefined>;
  getAvatar(username: string): Promise<{ webp: Buffer; tag: string } | undefined>;
}
