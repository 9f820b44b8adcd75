import Router from '@koa/router';
import { blockRefusal } from '../../shared/protocol.ts';
import { requireUser } from '../accounts/auth-middleware.ts';
import type { BlockStore } from '../blocks/block-store.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import { fail } from './room-routes.ts';
import type { RoomService } from './room-service.ts';

/**
 * /api/conversations: the logged-in person's private conversations (`GET`: `{ conversations }`, with whom each is),
 * and opening the one with one person (`POST`: `{ room }`, 201 when it was created, 200 when the two already had
 * one: the same room, so an invitation or a bookmark still leads to it). Opening is refused with FORBIDDEN when
 * either of the two has blocked the other.
 */
export function conversationRoutes(rooms: RoomService, blocks: BlockStore): Router {
  const router = new Router();

  route(router, 'conversations:list', async (ctx) => {
    const { user } = requireUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { conversations: await rooms.conversationsOf(user.username) };
  });

  route(router, 'conversations:open', async (ctx, read) => {
    const { user } = requireUser(ctx);
    const { username } = read();
    const relation = await blocks.relation(user.username, username);
    if (relation !== 'none') throw new HttpError('FORBIDDEN', blockRefusal(relation, username));
    const result = await rooms.openConversation(user, username);
    if (!result.ok) fail(ctx, result);
    ctx.status = result.created ? 201 : 200;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { room: result.room };
  });

  return router;
}
