import Router from '@koa/router';
import type { Context } from 'koa';
import type { Failure } from '../../shared/protocol.ts';
import { requireUser } from '../accounts/auth-middleware.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import { listingMayEnter, PRIVATE_CONVERSATION } from './direct-rooms.ts';
import type { QuotaFailure } from './room-quota.ts';
import type { RoomService } from './room-service.ts';

/** Answers a refused request: its code's status, and Retry-After when it was a rate. */
export function fail(ctx: Context, result: Failure | QuotaFailure): never {
  if ('retryAfterSeconds' in result && result.retryAfterSeconds)
    ctx.set('Retry-After', String(result.retryAfterSeconds));
  throw new HttpError(result.code, result.message);
}

function roomId(ctx: Context): string {
  return String(ctx.params.id ?? '');
}

/** /api/rooms: create, list, read, edit and delete rooms. */
export function roomRoutes(rooms: RoomService): Router {
  const router = new Router();

  route(router, 'rooms:create', async (ctx, read) => {
    const { user } = requireUser(ctx);
    const request = read();
    const room = await rooms.create(user, request);
    if ('ok' in room) fail(ctx, room);
    ctx.status = 201;
    ctx.body = { room };
  });

  route(router, 'rooms:list', async (ctx) => {
    requireUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await rooms.list();
  });

  route(router, 'rooms:get', async (ctx) => {
    const { user } = requireUser(ctx);
    const room = await rooms.get(roomId(ctx));
    if (!room) throw new HttpError('NOT_FOUND', 'This room no longer exists.');
    if (!listingMayEnter(room, user.username)) throw new HttpError('FORBIDDEN', PRIVATE_CONVERSATION);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { room };
  });

  route(router, 'rooms:update', async (ctx, read) => {
    const { user } = requireUser(ctx);
    const changes = read();
    const result = await rooms.update(roomId(ctx), user, changes);
    if ('ok' in result) fail(ctx, result);
    ctx.body = { room: result };
  });

  route(router, 'rooms:delete', async (ctx) => {
    const { user } = requireUser(ctx);
    const result = await rooms.delete(roomId(ctx), user);
    if (!result.ok) fail(ctx, result);
    ctx.status = 204;
  });

  return router;
}
