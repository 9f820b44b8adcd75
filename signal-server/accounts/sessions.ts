import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, SessionStore } from './session-store.ts';
import type { UserRecord, UserStore } from './user-store.ts';

export const SESSION_COOKIE = 'dialog_session';

export interface SessionPolicy {
  /** A session ends this long after login, whatever happens. Default 30 days. */
  absoluteMs: number;
  /** …or after this long without use. Default 7 days. */
  idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteMs: 30 * 24 * 3600_000, idleMs: 7 * 24 * 3600_000 };

/** Recording activity costs a write, so it happens at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

/** The stored id of a token: its SHA-256, so a leaked database yields no usable cookie. */
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Issues and checks login sessions. */
export class Sessions {
  constructor(
    private readonly sessions: SessionStore,
    private readonly users: UserStore,
    private readonly policy: SessionPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session with a fresh 256-bit token (only its hash is stored). */
  async issue(username: string): Promise<{ token: string; session: SessionRecord }> {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const session = {
      id: sessionIdOf(token),
      username,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: at + this.policy.absoluteMs,
    };
    await this.sessions.create(session);
    return { token, session };
  }

  /** The live session and its (enabled) user for a cookie token, or undefined. */
  async resolve(token: string | undefined): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    if (!token || token.length > 100) return undefined;
    const session = await this.sessions.get(sessionIdOf(token));
    if (!session) return undefined;
    const at = this.now();
    if (at >= session.expiresAt || at - session.lastSeenAt >= this.policy.idleMs) {
      await this.sessions.revoke(session.id);
      return undefined;
    }
    const user = await this.users.get(session.username);
    if (!user || user.disabled) return undefined;
    if (at - session.lastSeenAt >= TOUCH_EVERY_MS) await this.sessions.touch(session.id, at);
    return { session, user };
  }

  revoke(id: string): Promise<void> {
    return this.sessions.revoke(id);
  }

  revokeAllFor(username: string, keepId?: string): Promise<string[]> {
    return this.sessions.revokeAllFor(username, keepId);
  }
}
