import type * as z from 'zod/mini';
import {
  adminUserAnswer,
  adminUsersAnswer,
  changePasswordSchema,
  loginSchema,
  peopleAnswer,
  profilePatchSchema,
  publicUserAnswer,
  registerSchema,
  selfUserAnswer,
} from './api.ts';
import { blockListSchema } from './blocks.ts';
import type { ErrorCode } from './errors.ts';
import {
  conversationsAnswer,
  createRoomSchema,
  patchRoomSchema,
  roomAnswer,
  roomsAnswer,
  startConversationSchema,
} from './rooms.ts';

/** An HTTP method the API answers. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Codes any route may answer: UNAUTHENTICATED without a session, FORBIDDEN for a foreign `Origin` (or a person who
 * is no administrator), INVALID/TOO_LARGE for a body that is not JSON or too big, RATE_LIMITED (with Retry-After)
 * when many writes to one record collide, INTERNAL.
 */
export const ANY_ROUTE_ERRORS = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID',
  'TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

/**
 * One HTTP route of the API. `body`: the JSON body's schema, `'form'` for `multipart/form-data`, or null for none.
 * `answer`: the schema of a successful JSON answer, or null when it has none (204, or an image). `errors`: the codes
 * this route answers besides ANY_ROUTE_ERRORS.
 */
export interface HttpRoute {
  method: Method;
  /** As the router declares it, with `:name` parameters. */
  path: string;
  body: z.ZodMiniType | 'form' | null;
  answer: z.ZodMiniType | null;
  errors: readonly ErrorCode[];
}

/** Every route of the HTTP API, by key; the routers take their body schemas from here and the page its answers. */
export const httpRoutes = {
  'auth:register': {
    method: 'POST',
    path: '/api/auth/register',
    body: registerSchema,
    answer: selfUserAnswer,
    errors: ['INVALID', 'USERNAME_TAKEN', 'RATE_LIMITED', 'FORBIDDEN'],
  },
  'auth:login': {
    method: 'POST',
    path: '/api/auth/login',
    body: loginSchema,
    answer: selfUserAnswer,
    errors: ['BAD_CREDENTIALS', 'ACCOUNT_DISABLED', 'RATE_LIMITED', 'INVALID', 'FORBIDDEN'],
  },
  'auth:logout': { method: 'POST', path: '/api/auth/logout', body: null, answer: null, errors: [] },
  'auth:me': { method: 'GET', path: '/api/auth/me', body: null, answer: selfUserAnswer, errors: [] },
  /** Every other session of the person ends. */
  'auth:password': {
    method: 'POST',
    path: '/api/auth/password',
    body: changePasswordSchema,
    answer: null,
    errors: ['INVALID', 'RATE_LIMITED'],
  },
  /** Query `q`: matches username or display name. */
  'users:search': { method: 'GET', path: '/api/users', body: null, answer: peopleAnswer, errors: [] },
  'users:get': {
    method: 'GET',
    path: '/api/users/:username',
    body: null,
    answer: publicUserAnswer,
    errors: ['NOT_FOUND'],
  },
  /** Answers `image/webp` (or 304 for a matching `If-None-Match`). */
  'users:avatar': {
    method: 'GET',
    path: '/api/users/:username/avatar',
    body: null,
    answer: null,
    errors: ['NOT_FOUND'],
  },
  'profile:update': {
    method: 'PATCH',
    path: '/api/profile',
    body: profilePatchSchema,
    answer: selfUserAnswer,
    errors: ['INVALID', 'NOT_FOUND'],
  },
  /** Field `avatar`: the picture. */
  'profile:avatar': {
    method: 'PUT',
    path: '/api/profile/avatar',
    body: 'form',
    answer: selfUserAnswer,
    errors: ['INVALID', 'TOO_LARGE', 'RATE_LIMITED', 'NOT_FOUND'],
  },
  'profile:avatar-delete': { method: 'DELETE', path: '/api/profile/avatar', body: null, answer: null, errors: [] },
  'rooms:create': {
    method: 'POST',
    path: '/api/rooms',
    body: createRoomSchema,
    answer: roomAnswer,
    errors: ['INVALID', 'TOO_MANY_ROOMS', 'RATE_LIMITED'],
  },
  'rooms:list': { method: 'GET', path: '/api/rooms', body: null, answer: roomsAnswer, errors: [] },
  'rooms:get': {
    method: 'GET',
    path: '/api/rooms/:id',
    body: null,
    answer: roomAnswer,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  },
  'rooms:update': {
    method: 'PATCH',
    path: '/api/rooms/:id',
    body: patchRoomSchema,
    answer: roomAnswer,
    errors: ['NOT_FOUND', 'FORBIDDEN', 'INVALID'],
  },
  'rooms:delete': {
    method: 'DELETE',
    path: '/api/rooms/:id',
    body: null,
    answer: null,
    errors: ['NOT_FOUND', 'FORBIDDEN'],
  },
  'conversations:list': {
    method: 'GET',
    path: '/api/conversations',
    body: null,
    answer: conversationsAnswer,
    errors: [],
  },
  /** 201 for a new conversation, 200 for the one the two already have. */
  'conversations:open': {
    method: 'POST',
    path: '/api/conversations',
    body: startConversationSchema,
    answer: roomAnswer,
    errors: ['INVALID', 'NOT_FOUND', 'FORBIDDEN', 'RATE_LIMITED'],
  },
  'blocks:list': { method: 'GET', path: '/api/blocks', body: null, answer: blockListSchema, errors: [] },
  'blocks:block': {
    method: 'PUT',
    path: '/api/blocks/:username',
    body: null,
    answer: blockListSchema,
    errors: ['INVALID', 'NOT_FOUND'],
  },
  'blocks:unblock': {
    method: 'DELETE',
    path: '/api/blocks/:username',
    body: null,
    answer: blockListSchema,
    errors: ['INVALID', 'NOT_FOUND'],
  },
  'admin:users': { method: 'GET', path: '/api/admin/users', body: null, answer: adminUsersAnswer, errors: [] },
  'admin:disable': {
    method: 'POST',
    path: '/api/admin/users/:username/disable',
    body: null,
    answer: adminUserAnswer,
    errors: ['NOT_FOUND', 'INVALID'],
  },
  'admin:enable': {
    method: 'POST',
    path: '/api/admin/users/:username/enable',
    body: null,
    answer: adminUserAnswer,
    errors: ['NOT_FOUND'],
  },
} as const satisfies Record<string, HttpRoute>;

export type RouteKey = keyof typeof httpRoutes;
/** A route's JSON body as sent (before the server's schema trims or defaults anything). */
export type RouteBody<K extends RouteKey> = (typeof httpRoutes)[K]['body'] extends infer B extends z.ZodMiniType
  ? z.input<B>
  : never;
/** A route's successful answer, parsed; undefined for a route that answers no JSON. */
export type RouteAnswer<K extends RouteKey> = (typeof httpRoutes)[K]['answer'] extends infer A extends z.ZodMiniType
  ? z.output<A>
  : undefined;
/** The `:name` parameters of a path. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** A route's path with its parameters filled in (each URI-encoded). */
export function routePath<K extends RouteKey>(
  key: K,
  params: Record<PathParams<(typeof httpRoutes)[K]['path']>, string>,
): string {
  return httpRoutes[key].path.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent((params as Record<string, string>)[name] ?? ''),
  );
}

/** The route a request is for: `method` and a concrete path (a query string is ignored); undefined for none. */
export function routeOf(method: string, path: string): RouteKey | undefined {
  const bare = path.split('?')[0] ?? '';
  return (Object.keys(httpRoutes) as RouteKey[]).find((key) => {
    const route = httpRoutes[key];
    const pattern = new RegExp(`^${route.path.replace(/:\w+/g, '[^/]+')}$`);
    return route.method === method && pattern.test(bare);
  });
}
