import type * as z from 'zod/mini';
import {
  type ApiError,
  apiErrorSchema,
  codeForStatus,
  type ErrorCode,
  httpRoutes,
  type Method,
  type PathParams,
  type RouteAnswer,
  type RouteBody,
  type RouteKey,
  routePath,
} from '../../shared/protocol.ts';
import { locale, t } from '../i18n/locale.ts';
import { Emitter } from './emitter.ts';

/** A failed API call: the server's `{ code, message, fields? }` plus the HTTP status (0: the server was not reached). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
    /** From `Retry-After` on 429 answers, in seconds. */
    readonly retryAfterSeconds: number | null = null,
    /** For people: the server writes English; other languages show the page's own sentence for the code. */
    message = locale.error(body),
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  get code(): ErrorCode {
    return this.body.code;
  }

  /** What is wrong with each request field, e.g. `{ password: 'too long: …' }`. */
  get fields(): Record<string, string> {
    return this.body.fields ?? {};
  }
}

export interface RequestOptions {
  /** Sent as `application/json`. State-changing requests without a body send `{}` (the server wants JSON). */
  json?: unknown;
  /** Sent as `multipart/form-data` (the browser writes the boundary). */
  form?: FormData;
  signal?: AbortSignal;
}

/** A call of one route of the table: its path parameters, query, body (JSON or form, as the route takes). */
export type CallOptions<K extends RouteKey> = {
  signal?: AbortSignal;
  /** Appended as `?name=value&…`. */
  query?: Record<string, string>;
} & (PathParams<(typeof httpRoutes)[K]['path']> extends never
  ? { params?: never }
  : { params: Record<PathParams<(typeof httpRoutes)[K]['path']>, string> }) &
  ((typeof httpRoutes)[K]['body'] extends 'form'
    ? { form: FormData }
    : (typeof httpRoutes)[K]['body'] extends null
      ? { json?: never }
      : { json: RouteBody<K> });

export interface ApiClientEvents extends Record<string, unknown> {
  /** The server said the session is missing or over (401 UNAUTHENTICATED). */
  unauthenticated: undefined;
}

export interface ApiClientOptions {
  /** Prefix for every path. Default `''`: the page's own origin. */
  baseUrl?: string;
}

/** `Retry-After` is seconds or an HTTP date. */
function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Reads an error answer; a body that is not an ApiError (a proxy's HTML page, say) becomes a generic one. */
async function errorBody(response: Response): Promise<ApiError> {
  const generic: ApiError = {
    code: codeForStatus(response.status),
    message: t('api.status', response.status, response.statusText),
  };
  if (!response.headers.get('content-type')?.includes('json')) return generic;
  const parsed = apiErrorSchema.safeParse(await response.json().catch(() => null));
  return parsed.success ? parsed.data : generic;
}

/** A small typed wrapper around same-origin `fetch` for `/api/*`: JSON in, validated JSON out, ApiRequestError on failure. */
export class ApiClient extends Emitter<ApiClientEvents> {
  readonly #baseUrl: string;

  constructor(options: ApiClientOptions = {}) {
    super();
    this.#baseUrl = options.baseUrl ?? '';
  }

  /** Calls one route of the table in shared/routes.ts and validates its answer with the route's schema. */
  async call<K extends RouteKey>(key: K, options: CallOptions<K>): Promise<RouteAnswer<K>> {
    const { params, query, ...rest } = options as CallOptions<K> & RequestOptions;
    const pairs = Object.entries(query ?? {}).map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
    const path = `${routePath(key, (params ?? {}) as never)}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
    const route = httpRoutes[key];
    return (await this.#request(route.method, path, { ...rest, schema: route.answer })) as RouteAnswer<K>;
  }

  /** Calls the API and validates a JSON answer with `schema` (none: the answer is not read). */
  async #request(
    method: Method,
    path: string,
    options: RequestOptions & { schema: z.ZodMiniType | null },
  ): Promise<unknown> {
    const response = await this.#fetch(method, path, options);
    if (!response.ok) {
      const error = new ApiRequestError(
        response.status,
        await errorBody(response),
        retryAfter(response.headers.get('retry-after')),
      );
      if (error.code === 'UNAUTHENTICATED') this.emit('unauthenticated', undefined);
      throw error;
    }
    if (!options.schema) return undefined;
    const parsed = options.schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      const message = t('api.unreadable');
      throw new ApiRequestError(response.status, { code: 'INTERNAL', message }, null, message);
    }
    return parsed.data;
  }

  async #fetch(method: Method, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json ?? {});
    }
    try {
      // Looked up on every call so a test can stand in for the server by replacing window.fetch.
      return await globalThis.fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      const message = t('api.unreachable');
      throw new ApiRequestError(0, { code: 'INTERNAL', message }, null, message);
    }
  }
}
