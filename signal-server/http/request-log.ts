import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import { type Logger, requestScope } from '../log.ts';

/** An X-Request-Id kept as sent (by a proxy or a client): short, and nothing that could pass for another field. */
const SANE_REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Names each request (the X-Request-Id it came with if that is sane, else a new UUID), answers the id in
 * X-Request-Id, and logs one `request` line once it is answered: method, path (never the query), status and
 * milliseconds. Every line logged while answering carries the id (log.ts `requestScope`). No header, cookie or body
 * is logged.
 */
export function requestLog(log: Logger) {
  return (ctx: Context, next: Next): Promise<void> => {
    const sent = ctx.get('X-Request-Id');
    const requestId = SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    return requestScope.run({ requestId }, async () => {
      try {
        await next();
      } finally {
        const ms = Math.round(performance.now() - started);
        log.info('request', { method: ctx.method, path: ctx.path, status: ctx.status, ms });
      }
    });
  };
}
