import type { Context, Next } from 'koa';
import type { ErrorCode } from '../../shared/protocol.ts';
import type { Logger } from '../log.ts';

/** An error meant for the client: becomes `{ code, message }` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'TOO_LARGE',
  415: 'INVALID',
  429: 'RATE_LIMITED',
};

/** Turns every thrown error into a JSON `{ code, message }`; never leaks internals of unexpected ones. */
export function errorMiddleware(log: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (err) {
      if (err instanceof HttpError) {
        ctx.status = err.status;
        ctx.body = err.fields
          ? { code: err.code, message: err.message, fields: err.fields }
          : { code: err.code, message: err.message };
        return;
      }
      if ((err as { status?: unknown }).status === 409) {
        // A database conflict that outlasted its retries: many writes to one record at once. Worth a retry.
        ctx.status = 429;
        ctx.set('Retry-After', '1');
        ctx.body = { code: 'RATE_LIMITED', message: 'Too many changes at once. Try again in a second.' };
        return;
      }
      const status =
        typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
      const expose = status < 500 && (err as { expose?: boolean }).expose;
      ctx.status = status;
      ctx.body = {
        code: CODE_BY_STATUS[status] ?? 'INTERNAL',
        message: expose ? (err as Error).message : 'Something went wrong on the server.',
      };
      if (status >= 500) log.error('request failed', { path: ctx.path, error: String((err as Error)?.stack ?? err) });
    }
  };
}
