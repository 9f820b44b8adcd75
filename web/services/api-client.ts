import type * as z from 'zod/mini';
import { type ApiError, apiErrorSchema, codeForStatus, type ErrorCode } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';

/** A failed API call: the server's `{ code, message, fields? }` plus the HTTP status (0: the server was not reached). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
    /** From `Retry-After` on 429 answers, in seconds. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(body.message);
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

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as `application/json`. State-changing requests without a body send `{}` (the server wants JSON). */
  json?: unknown;
  /** Sent as `multipart/form-data` (the browser writes the boundary). */
  form?: FormData;
  signal?: AbortSignal;
}

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
    message: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
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

  /** Calls the API and validates the answer with `schema`. */
  request<T>(method: Method, path: string, options: RequestOptions & { schema: z.ZodMiniType<T> }): Promise<T>;
  /** Calls the API for its effect (a 204 answer). */
  request(method: Method, path: string, options?: RequestOptions): Promise<undefined>;
  async request<T>(
    method: Method,
    path: string,
    options: RequestOptions & { schema?: z.ZodMiniType<T> } = {},
  ): Promise<T | undefined> {
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
      throw new ApiRequestError(response.status, {
        code: 'INTERNAL',
        message: 'The server sent an answer this page does not understand. Reload the page.',
      });
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
      throw new ApiRequestError(0, {
        code: 'INTERNAL',
        message: 'Could not reach the server. Check your connection and try again.',
      });
    }
  }
}
