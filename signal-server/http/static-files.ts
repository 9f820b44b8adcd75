import type { Context, Next } from 'koa';
import send from 'koa-send';
import { HttpError } from './errors.ts';

/** The path as koa-send will read it (percent-decoded), so `%2emap` is a source map too. */
function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch (err) {
    throw new HttpError('INVALID', `Malformed path: ${(err as Error).message}`);
  }
}

/**
 * Serves the built web app from `root`. GET/HEAD requests for paths that are not files and not under `/api`
 * get `index.html`, so deep links such as `/rooms/<id>` load the app. Source maps (`.map`) only with
 * `sourceMaps`: they hand out the unminified source.
 */
export function staticFiles(root: string, { sourceMaps = false } = {}) {
  return async (ctx: Context, next: Next): Promise<void> => {
    await next();
    if (ctx.body != null || ctx.status !== 404) return;
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (ctx.path.startsWith('/api/') || ctx.path.startsWith('/socket.io/')) return;
    if (!sourceMaps && /\.map$/i.test(decodedPath(ctx.path))) throw new HttpError('NOT_FOUND', 'No such file.');
    const isAsset = ctx.path.startsWith('/assets/');
    try {
      await send(ctx, ctx.path, {
        root,
        index: 'index.html',
        maxage: isAsset ? 365 * 24 * 3600 * 1000 : 0,
        immutable: isAsset,
      });
    } catch (err) {
      if ((err as { status?: number }).status !== 404 || isAsset || /\.[a-z0-9]+$/i.test(ctx.path)) throw err;
      ctx.set('Cache-Control', 'no-cache');
      await send(ctx, 'index.html', { root });
    }
  };
}
