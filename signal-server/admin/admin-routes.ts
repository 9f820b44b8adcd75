import Router from '@koa/router';
import { requireAdmin } from '../accounts/auth-middleware.ts';
import type { SocketControl } from '../accounts/auth-routes.ts';
import type { Sessions } from '../accounts/sessions.ts';
import type { UserStore } from '../accounts/user-store.ts';
import { toAdmin } from '../accounts/user-views.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import type { PresenceStore } from '../presence/presence-store.ts';

export interface AdminDeps {
  users: UserStore;
  sessions: Sessions;
  presence: PresenceStore;
  sockets: SocketControl;
}

/** /api/admin: the administrators' people list and disabling accounts. */
export function adminRoutes(deps: AdminDeps): Router {
  const { users, sessions, presence, sockets } = deps;
  const router = new Router();

  route(router, 'admin:users', async (ctx) => {
    requireAdmin(ctx);
    const all = await users.list();
    const online = await Promise.all(all.map((u) => presence.isOnline(u.username)));
    ctx.body = { users: all.map((u, i) => toAdmin(u, online[i] ?? false)) };
  });

  for (const action of ['disable', 'enable'] as const) {
    route(router, `admin:${action}`, async (ctx) => {
      const { user: admin } = requireAdmin(ctx);
      const username = (ctx.params.username ?? '').toLowerCase();
      if (action === 'disable' && username === admin.username) {
        throw new HttpError('INVALID', 'You cannot disable your own account.');
      }
      const updated = await users.update(username, { disabled: action === 'disable' });
      if (!updated) throw new HttpError('NOT_FOUND', 'No such person.');
      if (action === 'disable') {
        await sessions.revokeAllFor(username);
        sockets.disconnectUser(username);
      }
      ctx.body = { user: toAdmin(updated, await presence.isOnline(username)) };
    });
  }

  return router;
}
