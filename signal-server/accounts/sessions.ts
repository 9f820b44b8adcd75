import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord, SessionStore } from './session-store.ts';
import type { UserRecord, UserStore } from './user-store.ts';

export const SESSION_COOKIE = 'dialog_session';

export interface SessionPolicy {
  /** A session ends this long after login, whatever happens. Default 30 days. */
  absoluteMs: number;
  /** …or after this long without use. Default 7 days. */
  idleMs: number;
  /** Sessions one person may hold; logging in once more ends the oldest. Default 20. */
  maxPerAccount?: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  absoluteMs: 30 * 24 * 3600_000,
  idleMs: 7 * 24 * 3600_000,
  maxPerAccount: 20,
};

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

  /**
   * A new session with a fresh 256-bit token (only its hash is stored). Past the per-person cap the oldest
   * sessions end; `ended` names them so their sockets can be cut.
   */
  async issue(username: string): Promise<{ token: string; session: SessionRecord; ended: string[] }> {
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
    const mine = await this.sessions.listFor(username);
    const excess = mine.length - (this.policy.maxPerAccount ?? DEFAULT_SESSION_POLICY.maxPerAccount ?? 20);
    const oldest = mine
      .filter((s) => s.id !== session.id)
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, Math.max(0, excess))
      .map((s) => s.id);
    for (const id of oldest) await this.sessions.revoke(id);
    return { token, session, ended: oldest };
  }

  /** Deletes every session past its absolute or idle expiry (they are otherwise deleted only when presented). */
  sweep(): Promise<string[]> {
    const at = this.now();
    return this.sessions.revokeWhere((s) => this.#expired(s, at));
  }

  #expired(session: SessionRecord, at: number): boolean {
    return at >= session.expiresAt || at - session.lastSeenAt >= this.policy.idleMs;
  }

  /** The live session and its (enabled) user for a cookie token, or undefined. */
  resolve(token: string | undefined): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    if (!token || token.length > 100) return Promise.resolve(undefined);
    return this.resolveId(sessionIdOf(token));
  }

  /** As resolve, by the stored id: how a live socket re-checks its session (and counts as using it). */
  async resolveId(id: string): Promise<{ session: SessionRecord; user: UserRecord } | undefined> {
    const session = await this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (this.#expired(session, at)) {
      await this.sessions.revoke(session.id);
      return undefined;
    }
    const user = await this.users.get(session.username);
    if (!user || user.disabled) return undefined;
    if (at - session.lastSeenAt >= TOUCH_EVERY_MS) await this.sessions.touch(session.id, at);
    return { session, user };
  }

  /**
   * How long until a session in use should be checked again: its absolute end, or half its idle time (so a check
   * renews it before it goes idle), whichever comes first.
   */
  msUntilCheck(session: SessionRecord): number {
    return Math.min(session.expiresAt, this.now() + this.policy.idleMs / 2) - this.now();
  }

  revoke(id: string): Promise<void> {
    return this.sessions.revoke(id);
  }

  revokeAllFor(username: string, keepId?: string): Promise<string[]> {
    return this.sessions.revokeAllFor(username, keepId);
  }
}
