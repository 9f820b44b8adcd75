import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError } from '../http/errors.ts';
import { rateLimited } from '../http/request.ts';
import { route } from '../http/route.ts';
import type { Counters } from '../metrics.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import { requireUser } from './auth-middleware.ts';
import type { PasswordHasher } from './password-hasher.ts';
import type { AuthRateLimits } from './rate-limits.ts';
import { SESSION_COOKIE, type SessionPolicy, type Sessions } from './sessions.ts';
import type { UserStore } from './user-store.ts';
import { toSelf } from './user-views.ts';

/** Cuts live sockets when sessions end. */
export interface SocketControl {
  disconnectSessions(ids: readonly string[]): void;
  disconnectUser(username: string): void;
}

export interface AuthDeps {
  users: UserStore;
  sessions: Sessions;
  hasher: PasswordHasher;
  limits: AuthRateLimits;
  presence: PresenceStore;
  sockets: SocketControl;
  counters: Counters;
}

export interface AuthOptions {
  policy: SessionPolicy;
  /** Mark the cookie Secure (serve over HTTPS). */
  secureCookies: boolean;
}

/** /api/auth: register, login, logout, me, password. */
export function authRoutes(deps: AuthDeps, options: AuthOptions): Router {
  const { users, sessions, hasher, limits, presence, sockets, counters } = deps;
  const router = new Router();
  // Compared against when the username is unknown, so both failures take the same time. Made on first use.
  let dummyHash: Promise<string> | undefined;
  const dummy = (): Promise<string> => {
    dummyHash ??= hasher.hash(randomUUID());
    return dummyHash;
  };

  const startSession = async (ctx: Context, username: string) => {
    const { token, ended } = await sessions.issue(username);
    sockets.disconnectSessions(ended);
    ctx.cookies.set(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: options.secureCookies,
      maxAge: options.policy.absoluteMs,
      overwrite: true,
    });
  };

  /** A Secure cookie cannot be sent over plain HTTP: say so before anything is written, not 500 after. */
  const requireHttpsForCookie = (ctx: Context) => {
    if (options.secureCookies && !ctx.secure) {
      throw new HttpError(
        'FORBIDDEN',
        'This server logs people in over HTTPS only: open it with https:// (behind a proxy, set TRUST_PROXY=true).',
      );
    }
  };

  route(router, 'auth:register', async (ctx, read) => {
    requireHttpsForCookie(ctx);
    const body = read();
    const wait = await limits.registration(ctx.ip);
    if (wait) rateLimited(ctx, wait);
    const created = await users.create({
      username: body.username,
      displayName: body.username,
      email: body.email || null,
      about: '',
      passwordHash: await hasher.hash(body.password),
      isAdmin: false,
      disabled: false,
      createdAt: new Date().toISOString(),
      avatarTag: null,
    });
    if (created === 'taken') {
      throw new HttpError('USERNAME_TAKEN', 'That username is taken.', { username: 'That username is taken.' });
    }
    await startSession(ctx, created.username);
    ctx.status = 201;
    ctx.body = { user: toSelf(created, false) };
  });

  route(router, 'auth:login', async (ctx, read) => {
    requireHttpsForCookie(ctx);
    const { username, password } = read();
    const wait = await limits.loginBlockedFor(username, ctx.ip);
    if (wait) rateLimited(ctx, wait);
    const user = await users.get(username);
    const ok = await hasher.verify(password, user?.passwordHash ?? (await dummy()));
    if (!user || !ok) {
      counters.loginFailed();
      await limits.loginFailed(username, ctx.ip);
      throw new HttpError('BAD_CREDENTIALS', 'Wrong username or password.');
    }
    if (user.disabled) throw new HttpError('ACCOUNT_DISABLED', 'This account has been disabled by an administrator.');
    await limits.loginSucceeded(username, ctx.ip);
    await startSession(ctx, user.username);
    ctx.body = { user: toSelf(user, await presence.isOnline(user.username)) };
  });

  route(router, 'auth:logout', async (ctx) => {
    const { session } = requireUser(ctx);
    await sessions.revoke(session.id);
    sockets.disconnectSessions([session.id]);
    ctx.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax' });
    ctx.status = 204;
  });

  route(router, 'auth:me', async (ctx) => {
    const { user } = requireUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { user: toSelf(user, await presence.isOnline(user.username)) };
  });

  route(router, 'auth:password', async (ctx, read) => {
    const { session, user } = requireUser(ctx);
    const { currentPassword, newPassword } = read();
    const wait = await limits.passwordChangeBlockedFor(user.username);
    if (wait) rateLimited(ctx, wait);
    if (!(await hasher.verify(currentPassword, user.passwordHash))) {
      await limits.passwordChangeFailed(user.username);
      throw new HttpError('INVALID', 'Your current password is not right.', {
        currentPassword: 'This is not your current password.',
      });
    }
    await users.update(user.username, { passwordHash: await hasher.hash(newPassword) });
    sockets.disconnectSessions(await sessions.revokeAllFor(user.username, session.id));
    ctx.status = 204;
  });

  return router;
}
