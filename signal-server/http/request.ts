import type { IncomingHttpHeaders } from 'node:http';
import type { Context, Next } from 'koa';
import type * as z from 'zod/mini';
import { fieldErrors } from '../../shared/protocol.ts';
import { HttpError } from './errors.ts';

/** Validates `ctx.request.body` against a shared schema; 400 INVALID with per-field messages otherwise. */
export function parseBody<S extends z.ZodMiniType>(ctx: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse((ctx.request as { body?: unknown }).body ?? {});
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  throw new HttpError('INVALID', Object.values(fields)[0] ?? 'Invalid request.', fields);
}

/** Answers 429 with Retry-After. */
export function rateLimited(ctx: Context, seconds: number): never {
  ctx.set('Retry-After', String(seconds));
  throw new HttpError('RATE_LIMITED', `Too many attempts. Try again in ${seconds} seconds.`);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_TYPES = ['application/json', 'multipart/form-data'];

/** Whether `origin` may talk to this server: its own origin, or one configured explicitly. */
export function originAllowed(origin: string | undefined, ownOrigin: string, allowed: readonly string[]): boolean {
  return origin !== undefined && (origin === ownOrigin || allowed.includes(origin));
}

const firstValue = (header: string | string[] | undefined): string | undefined =>
  (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim() || undefined;

/**
 * The origin a request was addressed to, read the way Koa reads `ctx.protocol` and `ctx.host`: behind a trusted
 * proxy from X-Forwarded-Proto and X-Forwarded-Host, otherwise from the connection and the Host header. The socket
 * handshake uses it, so HTTP and sockets agree on what "same origin" means.
 */
export function ownOriginOf(headers: IncomingHttpHeaders, encrypted: boolean, trustProxy: boolean): string {
  const forwardedProto = trustProxy ? firstValue(headers['x-forwarded-proto'])?.toLowerCase() : undefined;
  const protocol = encrypted ? 'https' : (forwardedProto ?? 'http');
  const host = (trustProxy && firstValue(headers['x-forwarded-host'])) || firstValue(headers.host) || '';
  return `${protocol}://${host}`;
}

/**
 * State-changing requests must come from an allowed Origin and carry JSON or multipart (or no body), so no other
 * site can post a form here (SameSite=Lax cookies already stop most of that; this stops the rest).
 */
export function requireSameOrigin(allowedOrigins: readonly string[]) {
  return async (ctx: Context, next: Next): Promise<void> => {
    // Every path, not only `/api/`: the routers match case-insensitively, so `/API/...` reaches the same routes.
    if (UNSAFE.has(ctx.method)) {
      if (!originAllowed(ctx.get('Origin') || undefined, `${ctx.protocol}://${ctx.host}`, allowedOrigins)) {
        ctx.set('Connection', 'close'); // rather than read the refused body to its end
        throw new HttpError('FORBIDDEN', 'This request must come from a Dialog page.');
      }
      if ((ctx.request.length || ctx.get('Transfer-Encoding')) && !BODY_TYPES.some((type) => ctx.is(type))) {
        throw new HttpError('INVALID', 'Send JSON or multipart/form-data.', undefined, 415);
      }
    }
    await next();
  };
}
