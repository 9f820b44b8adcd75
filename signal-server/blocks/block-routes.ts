import Router from '@koa/router';
import type { Context } from 'koa';
import { usernameSchema } from '../../shared/protocol.ts';
import { requireUser } from '../accounts/auth-middleware.ts';
import type { UserStore } from '../accounts/user-store.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import type { BlockStore } from './block-store.ts';

/**
 * /api/blocks: whom the logged-in person has blocked (`GET`), block (`PUT /:username`) and unblock
 * (`DELETE /:username`). Each answers the list as it is now, `{ blocked }`.
 */
export function blockRoutes(deps: { blocks: BlockStore; users: UserStore }): Router {
  const { blocks, users } = deps;
  const router = new Router();

  /** The person named in the path, as stored; 400 for a malformed name, 404 for nobody. */
  async function target(ctx: Context, self: string): Promise<string> {
    const parsed = usernameSchema.safeParse(String(ctx.params.username ?? ''));
    if (!parsed.success) throw new HttpError('INVALID', 'No such username.');
    if (parsed.data === self) throw new HttpError('INVALID', 'You cannot block yourself.');
    if (!(await users.get(parsed.data))) throw new HttpError('NOT_FOUND', 'No such person.');
    return parsed.data;
  }

  const answer = async (ctx: Context, username: string) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { blocked: await blocks.list(username) };
  };

  route(router, 'blocks:list', async (ctx) => {
    const { user } = requireUser(ctx);
    await answer(ctx, user.username);
  });

  route(router, 'blocks:block', async (ctx) => {
    const { user } = requireUser(ctx);
    await blocks.block(user.username, await target(ctx, user.username));
    await answer(ctx, user.username);
  });

  route(router, 'blocks:unblock', async (ctx) => {
    const { user } = requireUser(ctx);
    await blocks.unblock(user.username, await target(ctx, user.username));
    await answer(ctx, user.username);
  });

  return router;
}
