import type { Context, Next } from 'koa';
import { codeForStatus, type ErrorCode, STATUS_BY_CODE } from '../../shared/protocol.ts';
import type { Logger } from '../log.ts';

/** An error meant for the client: becomes `{ code, message, fields? }` with the code's status (STATUS_BY_CODE). */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Only where HTTP has a more exact word than the code's status (415 for a body that is not JSON). */
    status: number = STATUS_BY_CODE[code],
  ) {
    super(message);
    this.status = status;
  }
}

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
        code: codeForStatus(status),
        message: expose ? (err as Error).message : 'Something went wrong on the server.',
      };
      if (status >= 500) log.error('request failed', { path: ctx.path, error: String((err as Error)?.stack ?? err) });
    }
  };
}
