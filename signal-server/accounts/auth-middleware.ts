import type { Context, Next } from 'koa';
import type { AuthState } from '../http/request.ts';
import { SESSION_COOKIE, type Sessions } from './sessions.ts';

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
