import type { Router, RouterContext, RouterMiddleware } from '@koa/router';
import type * as z from 'zod/mini';
import { httpRoutes, type RouteKey } from '../../shared/protocol.ts';
import { parseBody } from './request.ts';

/** A route's JSON body once its schema has checked (and trimmed or defaulted) it; never for a route without one. */
export type ParsedBody<K extends RouteKey> = (typeof httpRoutes)[K]['body'] extends infer B extends z.ZodMiniType
  ? z.output<B>
  : never;

/**
 * Answers one route. `body()` reads the request body through the route's schema in shared/routes.ts (400 INVALID
 * when it does not fit); the handler calls it after its own checks, so a stranger hears UNAUTHENTICATED first.
 */
export type RouteHandler<K extends RouteKey> = (ctx: RouterContext, body: () => ParsedBody<K>) => Promise<void>;

/**
 * Registers the route `key` of shared/routes.ts on `router`, at the method and path the table gives: a route cannot
 * exist outside the table, which the client, docs/protocol.md and the tests read too. `stack`: middleware to run
 * first (e.g. an upload's), then the handler.
 */
export function route<K extends RouteKey>(
  router: Router,
  key: K,
  ...stack: [...before: RouterMiddleware[], handler: RouteHandler<K>]
): void {
  const { method, path, body } = httpRoutes[key];
  const handler = stack.at(-1) as RouteHandler<K>;
  const before = stack.slice(0, -1) as RouterMiddleware[];
  const read = (ctx: RouterContext) => () => {
    if (body === null || body === 'form') throw new Error(`${key} has no JSON body to read`);
    return parseBody(ctx, body) as ParsedBody<K>;
  };
  router.register(path, [method], [...before, (ctx) => handler(ctx, read(ctx))]);
}
