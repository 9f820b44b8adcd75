import type { Context, Next } from 'koa';
import { HttpError } from '../http/errors.ts';
import type { SessionRecord } from './session-store.ts';
import { SESSION_COOKIE, type Sessions } from './sessions.ts';
import type { UserRecord } from './user-store.ts';

/** Who made a request: the live session its cookie named, and that session's person. */
export interface Auth {
  session: SessionRecord;
  user: UserRecord;
}

/** What the auth middleware leaves on `ctx.state`. */
export interface AuthState {
  auth?: Auth;
}

/** Puts the session and user named by the cookie (if live) on `ctx.state.auth`. */
export function authMiddleware(sessions: Sessions) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path.startsWith('/api/')) {
      const auth = await sessions.resolve(ctx.cookies.get(SESSION_COOKIE));
      if (auth) (ctx.state as AuthState).auth = auth;
    }
    await next();
  };
}

/** The logged-in person, or 401. */
export function requireUser(ctx: Context): Auth {
  const auth = (ctx.state as AuthState).auth;
  if (!auth) throw new HttpError('UNAUTHENTICATED', 'Log in first.');
  return auth;
}

/** The logged-in administrator, or 401/403. */
export function requireAdmin(ctx: Context): Auth {
  const auth = requireUser(ctx);
  if (!auth.user.isAdmin) throw new HttpError('FORBIDDEN', 'Only administrators may do that.');
  return auth;
}
